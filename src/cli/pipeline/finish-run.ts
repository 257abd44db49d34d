// The part of a run after the shots, shared by `render` and `render stitch`: publish the clips, stitch the cut when
// every shot is there, draw the contact sheet, and write report.json and report.html whatever happened.
import type { ExecuteResult } from '../../execute/types.js';
import type { FfmpegTools } from '../../stitch/types.js';
import { version } from '../version.js';
import type { RunSummary, RunView } from '../view/view.js';
import { drawContactSheet, stitchFinalCut, type CutOutcome } from './finish-cut.js';
import type { PreparedRun } from './prepare.js';
import { publishClips, removeStaleTemps } from './publish.js';
import { buildRunRecord } from './record.js';
import type { ProviderKind } from './provider.js';

export interface FinishInput {
  prepared: PreparedRun;
  result: ExecuteResult;
  outDir: string;
  file: { abs: string; shown: string };
  provider: { kind: ProviderKind; baseUrl: string };
  /** Stitch only when every shot completed and the user did not say --no-stitch. */
  stitch: boolean;
  /** Reuse the cut on disk when its inputs are unchanged (`render`); `render stitch` always encodes again. */
  reuseCut: boolean;
  skipReason: string;
  tools: FfmpegTools;
  view: RunView;
  signal: AbortSignal;
  redact: (text: string) => string;
  startedAt: Date;
}

export interface Finished {
  cut: CutOutcome;
  summary: RunSummary;
}

export async function finishRun(input: FinishInput): Promise<Finished> {
  const { prepared, outDir, view } = input;
  const storyboard = prepared.storyboard;
  await removeStaleTemps(outDir);
  const published = await publishClips(
    outDir,
    input.result.shots.flatMap((shot) =>
      shot.status === 'completed' && shot.file ? [{ id: shot.id, file: shot.file, thumbnail: shot.thumbnail, sha256: shot.sha256 }] : [],
    ),
  );
  const clips = new Map(published.map((clip) => [clip.id, clip]));
  let cut: CutOutcome = { cut: null, cutError: input.skipReason };
  if (input.stitch) cut = await stitchFinalCut({ cut: prepared.plan.cut, clips, outDir, tools: input.tools, view, signal: input.signal, reuse: input.reuseCut });
  else view.stitch({ phase: 'skipped', message: input.skipReason });
  const contactSheet = await drawContactSheet({ shots: prepared.plan.shots, clips: published, outDir, tools: input.tools, signal: input.signal });
  if (contactSheet) cut.contactSheet = contactSheet;
  // A signal during the stitch or the contact sheet interrupts the run even though every shot completed.
  const result: ExecuteResult = input.signal.aborted ? { ...input.result, outcome: 'interrupted' } : input.result;
  const record = buildRunRecord({
    plan: prepared.plan,
    result,
    clips,
    outDir,
    cut,
    storyboard: { name: storyboard.name, file: input.file.shown, sha256: storyboard.sourceSha256 },
    provider: input.provider,
    capMicroUsd: prepared.capMicroUsd,
    startedAt: input.startedAt,
    finishedAt: new Date(),
    toolVersion: version,
  });
  const { buildReport } = await import('../../report/build.js');
  const { writeReport } = await import('../../report/write.js');
  const written = await writeReport(outDir, buildReport(record), input.redact);
  return { cut, summary: summarise(result, cut, written.html) };
}

function summarise(result: ExecuteResult, cut: CutOutcome, report: string): RunSummary {
  const count = (status: string) => result.shots.filter((shot) => shot.status === status).length;
  return {
    outcome: result.outcome,
    done: count('completed'),
    cached: result.shots.filter((shot) => shot.cache === 'hit').length,
    failed: count('failed'),
    skipped: count('skipped'),
    spentMicroUsd: result.totals.spentMicroUsd,
    savedMicroUsd: result.totals.savedMicroUsd,
    reservedMicroUsd: result.totals.reservedMicroUsd,
    possiblyBilledMicroUsd: result.totals.possiblyBilledMicroUsd,
    earlierRunsMicroUsd: result.totals.earlierRunsMicroUsd,
    ...(cut.output ? { output: cut.output } : {}),
    report,
  };
}
