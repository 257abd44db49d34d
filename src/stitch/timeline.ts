// The cut's arithmetic in whole frames (docs/design/ffmpeg.md#transitions): trims, transition overlaps, entry timecodes
// and the total. Counting frames, not seconds, is what makes every offset exact and the final duration predictable.
import { RenderError } from '../common/errors.js';
import type { TransitionType } from '../storyboard/model.js';
import type { Rational } from './types.js';

export interface TimelineInput {
  shotId: string;
  /** Seconds of the clip's video stream. */
  duration: number;
  from?: number;
  to?: number;
}

export interface TimelineClip {
  shotId: string;
  /** First frame kept, at the cut's frame rate. */
  startFrame: number;
  /** Frames kept. */
  frames: number;
  /** Whether `from`/`to` actually cut something away. */
  trimmed: boolean;
}

export interface TimelineJoin {
  /** Overlap in frames; 0 is a hard cut. */
  frames: number;
  /** xfade transition name (`fade` = crossfade, `fadeblack` = dip to black). */
  xfade: 'fade' | 'fadeblack';
}

export interface Timeline {
  fps: Rational;
  clips: TimelineClip[];
  /** joins[k] sits between clips[k] and clips[k + 1]. */
  joins: TimelineJoin[];
  totalFrames: number;
  /** Where each clip sits in the final cut (clips overlap during a transition). */
  entries: { shotId: string; startSeconds: number; endSeconds: number }[];
}

export function framesToSeconds(frames: number, fps: Rational): number {
  return (frames * fps.den) / fps.num;
}

export function secondsToFrames(seconds: number, fps: Rational): number {
  return Math.round((seconds * fps.num) / fps.den);
}

/** Samples of `frames` video frames at `rate` Hz, so each clip's audio is exactly as long as its video. */
export function framesToSamples(frames: number, fps: Rational, rate: number): number {
  return Math.round((frames * fps.den * rate) / fps.num);
}

export function buildTimeline(
  inputs: readonly TimelineInput[],
  transition: { type: TransitionType; seconds: number },
  fps: Rational,
): Timeline {
  if (inputs.length === 0) throw new RenderError('CUT_EMPTY', 'the cut has no clips to stitch');
  const clips = inputs.map((input) => trimClip(input, fps));
  const overlap = transition.type === 'cut' ? 0 : secondsToFrames(transition.seconds, fps);
  const xfade = transition.type === 'fade' ? 'fadeblack' : 'fade';
  const joins = clips.slice(1).map(() => ({ frames: overlap, xfade }) as const);
  checkOverlaps(clips, joins, fps);
  const entries: Timeline['entries'] = [];
  let start = 0;
  clips.forEach((clip, k) => {
    entries.push({ shotId: clip.shotId, startSeconds: framesToSeconds(start, fps), endSeconds: framesToSeconds(start + clip.frames, fps) });
    start += clip.frames - (joins[k]?.frames ?? 0);
  });
  // After the loop `start` is the sum of all frames minus all overlaps: the length of the cut.
  return { fps, clips, joins, totalFrames: start, entries };
}

function trimClip(input: TimelineInput, fps: Rational): TimelineClip {
  const sourceFrames = secondsToFrames(input.duration, fps);
  const frameSeconds = framesToSeconds(1, fps);
  const from = input.from ?? 0;
  const to = input.to ?? input.duration;
  const bad = (why: string) =>
    new RenderError('CUT_TRIM_INVALID', `cut entry ${input.shotId}: ${why}`, {
      shot: input.shotId,
      hint: `the clip is ${input.duration.toFixed(3)} s long; keep 0 <= from < to <= ${input.duration.toFixed(3)}`,
    });
  if (from < 0) throw bad(`from ${from} is negative`);
  if (to > input.duration + frameSeconds) throw bad(`to ${to} is past the end of the clip`);
  const startFrame = Math.min(secondsToFrames(from, fps), sourceFrames);
  const endFrame = Math.min(secondsToFrames(to, fps), sourceFrames);
  if (endFrame <= startFrame) throw bad(`from ${from} .. to ${to} keeps no frame`);
  return { shotId: input.shotId, startFrame, frames: endFrame - startFrame, trimmed: startFrame > 0 || endFrame < sourceFrames };
}

/** A transition must fit inside both clips, and a clip cannot be shorter than the transitions on both its sides. */
function checkOverlaps(clips: readonly TimelineClip[], joins: readonly TimelineJoin[], fps: Rational): void {
  clips.forEach((clip, k) => {
    const overlap = (joins[k - 1]?.frames ?? 0) + (joins[k]?.frames ?? 0);
    if (overlap > 0 && clip.frames <= overlap) {
      throw new RenderError(
        'CUT_TRANSITION_TOO_LONG',
        `cut entry ${clip.shotId} is ${framesToSeconds(clip.frames, fps).toFixed(3)} s, too short for ${framesToSeconds(overlap, fps).toFixed(3)} s of transitions`,
        { shot: clip.shotId, hint: 'shorten cut.transition.seconds or keep more of the clip (from/to)' },
      );
    }
  });
}
