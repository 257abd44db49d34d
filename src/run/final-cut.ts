// After the shots: the final cut (only when every cut shot exists), the contact sheet, and the report, written
// whatever happened so a failed or interrupted run still shows what it did and what it cost.
import { mkdtemp, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { ownTempStem } from '../common/durable-fs.js';
import { isRenderError } from '../common/errors.js';
import type { CrashPoints } from '../execute/crashpoints.js';
import type { CutRecord } from '../report/types.js';
import type { ClipInfo, FfmpegTools } from '../stitch/types.js';
import type { ShotRequest } from '../plan/plan.js';
import type { Cut } from '../storyboard/model.js';
import { version } from '../common/version.js';
import { cutFingerprint, rememberCut, reusableCut } from '../stitch/cut-reuse.js';
import type { PublishedClip } from './publish.js';
import type { RunSink } from './types.js';

export interface CutOutcome {
  cut: CutRecord | null;
  cutError?: string;
  /** The stitch ran and failed (rather than being skipped). */
  stitchFailed?: boolean;
  contactSheet?: string;
  output?: string;
}

export async function stitchFinalCut(options: {
  /** The plan's cut. */
  cut: Cut;
  clips: ReadonlyMap<string, PublishedClip>;
  outDir: string;
  tools: FfmpegTools;
  view: Pick<RunSink, 'stitch'>;
  signal: AbortSignal;
  reuse: boolean;
  crashpoints?: Pick<CrashPoints, 'reach'>;
}): Promise<CutOutcome> {
  const { cut, clips, outDir, view } = options;
  const missing = cut.entries.filter((entry) => !clips.has(entry.shot)).map((entry) => entry.shot);
  if (missing.length > 0) {
    const message = `not stitched: missing shot${missing.length === 1 ? '' : 's'} ${missing.join(', ')}`;
    view.stitch({ phase: 'skipped', message });
    return { cut: null, cutError: message };
  }
  const sha256s = new Map([...clips.values()].flatMap((clip) => (clip.sha256 ? [[clip.id, clip.sha256] as const] : [])));
  const fingerprint = cutFingerprint(cut.entries, sha256s, cut, version);
  const reused = options.reuse ? await reusableCut(outDir, fingerprint) : undefined;
  if (reused) {
    view.stitch({ phase: 'done', message: `${reused.durationSeconds.toFixed(2)} s, unchanged (reused)` });
    return { output: join(outDir, reused.file), cut: reused };
  }
  const { stitchCut } = await import('../stitch/stitch.js');
  // Named as this tool's temp: should the run be killed mid-stitch, the next run's publish step removes it.
  const workDir = await mkdtemp(ownTempStem(outDir, 'stitch'));
  view.stitch({ phase: 'start', fraction: 0 });
  try {
    const result = await stitchCut({
      tools: options.tools,
      clips: cut.entries.map((entry) => ({
        shotId: entry.shot,
        ...clipInput(clips.get(entry.shot)!),
        ...(entry.from === undefined ? {} : { from: entry.from }),
        ...(entry.to === undefined ? {} : { to: entry.to }),
      })),
      cut,
      output: join(outDir, cut.output),
      workDir,
      signal: options.signal,
      onProgress: (p) => {
        options.crashpoints?.reach('mid-stitch');
        view.stitch({ phase: 'progress', fraction: p.fraction, ...(p.etaSeconds === undefined ? {} : { etaSeconds: p.etaSeconds }) });
      },
    });
    view.stitch({ phase: 'done', message: `${result.durationSeconds.toFixed(2)} s, ${result.path} path` });
    const record: CutRecord = {
      file: relative(outDir, result.file),
      sha256: result.sha256,
      durationSeconds: result.durationSeconds,
      transition: cut.transition,
      entries: result.entries,
    };
    await rememberCut(outDir, fingerprint, record);
    return { output: result.file, cut: record };
  } catch (error) {
    const message = isRenderError(error) ? error.message : error instanceof Error ? error.message : String(error);
    view.stitch({ phase: 'failed', message });
    return { cut: null, cutError: message, stitchFailed: true };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/** A published clip as the stitch takes it: with the download's probe facts, when known, so it is not probed again. */
function clipInput(clip: PublishedClip): { file: string; info?: ClipInfo } {
  return clip.probe ? { file: clip.file, info: { ...clip.probe, file: clip.file } } : { file: clip.file };
}

/** The contact sheet shows the first shots of the cut up to this many (report.html shows every shot). */
export const contactSheetLimit = 48;

export async function drawContactSheet(options: {
  shots: readonly ShotRequest[];
  clips: readonly PublishedClip[];
  outDir: string;
  tools: FfmpegTools;
  signal: AbortSignal;
}): Promise<string | undefined> {
  if (options.clips.length === 0) return undefined;
  // A sheet of more tiles is unreadable anyway, and every tile is an ffmpeg input (argv has a limit: E2BIG at 1,000).
  const clips = options.clips.slice(0, contactSheetLimit);
  const { makeContactSheet } = await import('../stitch/contact-sheet.js');
  const prompts = new Map(options.shots.map((shot) => [shot.id, shot.prompt]));
  const output = join(options.outDir, 'contact-sheet.jpg');
  try {
    await makeContactSheet({
      tools: options.tools,
      clips: clips.map((clip) => ({ shotId: clip.id, ...clipInput(clip), label: `${clip.id}: ${prompts.get(clip.id) ?? ''}` })),
      output,
      signal: options.signal,
    });
    return relative(options.outDir, output);
  } catch {
    // The contact sheet is a convenience: its failure must not fail a run whose cut and report are fine.
    return undefined;
  }
}
