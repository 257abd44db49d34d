// The stitch stage: probe every clip, choose the path, encode once, verify, then publish under the final name.
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ownTempStem } from '../common/durable-fs.js';
import { isRenderError, RenderError } from '../common/errors.js';
import type { Cut } from '../storyboard/model.js';
import { encodeCut } from './encode.js';
import type { VideoTarget } from './graph.js';
import type { LoudnessResult } from './loudnorm.js';
import { writeAtomically, sha256File } from './output-file.js';
import { choosePath, type StitchPath } from './path-choice.js';
import { probeClips } from './probe.js';
import type { ProgressUpdate } from './progress.js';
import { buildTimeline, framesToSeconds } from './timeline.js';
import type { ClipInfo, FfmpegTools, StitchProgress } from './types.js';
import { verifyStitchOutput, type Verification } from './verify.js';

export interface StitchClip {
  shotId: string;
  /** Absolute path of the clip. */
  file: string;
  /** Trim, seconds into the clip. */
  from?: number;
  to?: number;
  /** Probe result already known (e.g. from verifyVideoFile at download): skips a probe. */
  info?: ClipInfo;
}

export interface StitchInput {
  tools: FfmpegTools;
  /** In cut order. */
  clips: StitchClip[];
  cut: Pick<Cut, 'transition' | 'audio' | 'size' | 'fit'>;
  /** Absolute path of the final cut. */
  output: string;
  /** A temp folder on the same filesystem as output (our own sub-folder in it is removed afterwards). */
  workDir: string;
  signal: AbortSignal;
  onProgress?: (progress: StitchProgress) => void;
  /** `full` decodes every video frame of a fast-path result too (default `auto`: see docs/stitching.md). */
  verify?: 'auto' | 'full';
}

export interface StitchResult {
  file: string;
  durationSeconds: number;
  path: StitchPath;
  /** Why the cut was re-encoded (empty on the fast path). */
  reasons: string[];
  /** Timecodes in the final cut; neighbours overlap by the transition. */
  entries: { shotId: string; startSeconds: number; endSeconds: number }[];
  sha256: string;
  verification: Verification;
  loudness?: LoudnessResult;
}

export async function stitchCut(input: StitchInput): Promise<StitchResult> {
  const infos = await probeClips(input.tools, input.clips, input.signal);
  const plan = planStitch(input, infos);
  const work = await mkdtemp(ownTempStem(input.workDir, 'stitch'));
  try {
    return await writeAtomically(input.output, (temp) => encodeAndCheck(input, infos, plan, work, temp));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

type StitchPlan = ReturnType<typeof planStitch>;

/** Pure: size, frame rate, timeline in frames, and which path. */
function planStitch(input: StitchInput, infos: readonly ClipInfo[]) {
  const target = targetOf(input.cut, infos);
  const timeline = buildTimeline(
    input.clips.map((c, k) => ({ shotId: c.shotId, duration: infos[k]?.duration ?? 0, from: c.from, to: c.to })),
    input.cut.transition,
    target.fps,
  );
  const choice = choosePath(input.clips.map((c, k) => ({ shotId: c.shotId, info: infos[k] as ClipInfo })), timeline, target);
  return { target, timeline, choice, seconds: framesToSeconds(timeline.totalFrames, target.fps) };
}

async function encodeAndCheck(input: StitchInput, infos: ClipInfo[], plan: StitchPlan, work: string, temp: string): Promise<StitchResult> {
  try {
    return await encodeAndCheckOnce(input, infos, plan, work, temp);
  } catch (error) {
    // Copying packets can leave a cut whose sound and picture disagree by more than a frame (clips whose audio is
    // padded to whole AAC frames add up the padding): the same cut re-encoded is exact, so that is what is delivered.
    if (plan.choice.path !== 'fast' || !isRenderError(error) || error.code !== 'STITCH_VERIFY_FAILED' || input.signal.aborted) throw error;
    const reasons = [`copying the clips failed the final check (${error.message.replace(/^the final cut failed its check: /, '')}), so the cut was re-encoded`];
    return encodeAndCheckOnce(input, infos, { ...plan, choice: { path: 'normalise', reasons } }, work, temp);
  }
}

async function encodeAndCheckOnce(input: StitchInput, infos: ClipInfo[], plan: StitchPlan, work: string, temp: string): Promise<StitchResult> {
  const { tools, signal, cut, onProgress } = input;
  const { target, timeline, choice, seconds } = plan;
  const loudnorm = cut.audio.loudnorm ? { targetLufs: cut.audio.targetLufs } : undefined;
  // Share of the bar per phase: the loudness pass is relatively long next to a video copy, short next to an encode.
  const [measureEnd, encodeEnd] = !loudnorm ? [0, 0.9] : choice.path === 'fast' ? [0.35, 0.85] : [0.1, 0.92];
  const loudness = await encodeCut({
    tools, clips: infos, timeline, target, path: choice.path, loudnorm, workDir: work, output: temp, signal,
    onMeasure: scaled(onProgress, 0, measureEnd),
    onEncode: scaled(onProgress, measureEnd, encodeEnd),
  });
  const videoCheck = choice.path === 'fast' && input.verify !== 'full' ? 'packets' : 'decode';
  const expect = { seconds, frameSeconds: framesToSeconds(1, target.fps), width: target.width, height: target.height, videoCheck } as const;
  const [verification, sha256] = await Promise.all([verifyStitchOutput(tools, temp, expect, signal), sha256File(temp)]);
  onProgress?.({ fraction: 1, etaSeconds: 0 });
  const result: StitchResult = {
    file: input.output, durationSeconds: seconds, path: choice.path, reasons: choice.reasons, entries: timeline.entries, sha256, verification,
  };
  if (loudness) result.loudness = loudness;
  return result;
}

/** The cut's size (`WxH`, default the first clip's), fit, and the first clip's frame rate. */
function targetOf(cut: StitchInput['cut'], infos: readonly ClipInfo[]): VideoTarget {
  const first = infos[0];
  if (!first) throw new RenderError('CUT_EMPTY', 'the cut has no clips to stitch');
  const match = /^(\d+)x(\d+)$/.exec(cut.size ?? '');
  const width = match ? Number(match[1]) : first.width;
  const height = match ? Number(match[2]) : first.height;
  if (width % 2 || height % 2 || width < 2 || height < 2) {
    throw new RenderError('CUT_SIZE_INVALID', `cut size ${width}x${height} must be even in both dimensions (H.264 yuv420p)`);
  }
  return { width, height, fps: first.fps, fit: cut.fit };
}

function scaled(onProgress: StitchInput['onProgress'], from: number, to: number): (u: ProgressUpdate) => void {
  return (u) => {
    const progress: StitchProgress = { fraction: from + (to - from) * u.fraction };
    if (u.etaSeconds !== undefined) progress.etaSeconds = u.etaSeconds;
    onProgress?.(progress);
  };
}
