import { describe, expect, it } from 'vitest';
import { isRenderError } from '../../../src/common/errors.js';
import { buildTimeline, framesToSamples, framesToSeconds, type TimelineInput } from '../../../src/stitch/timeline.js';

const fps30 = { num: 30, den: 1 };
const clips = (...durations: number[]): TimelineInput[] => durations.map((duration, k) => ({ shotId: `s${k + 1}`, duration }));

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return isRenderError(error) ? `${error.code}/${error.exitCode}` : 'not a RenderError';
  }
  return undefined;
}

describe('buildTimeline', () => {
  it('lays hard cuts end to end', () => {
    const t = buildTimeline(clips(4, 8, 12), { type: 'cut', seconds: 0.5 }, fps30);
    expect(t.totalFrames).toBe(720);
    expect(t.joins.map((j) => j.frames)).toEqual([0, 0]);
    expect(t.entries).toEqual([
      { shotId: 's1', startSeconds: 0, endSeconds: 4 },
      { shotId: 's2', startSeconds: 4, endSeconds: 12 },
      { shotId: 's3', startSeconds: 12, endSeconds: 24 },
    ]);
  });

  it('subtracts every overlap: total = sum of clips - sum of transitions (docs/design/ffmpeg.md#transitions: 4 x 8 s, 0.5 s)', () => {
    const t = buildTimeline(clips(8, 8, 8, 8), { type: 'crossfade', seconds: 0.5 }, { num: 24, den: 1 });
    expect(framesToSeconds(t.totalFrames, t.fps)).toBe(30.5);
    expect(t.entries.map((e) => e.startSeconds)).toEqual([0, 7.5, 15, 22.5]);
    expect(t.joins.every((j) => j.xfade === 'fade' && j.frames === 12)).toBe(true);
  });

  it('maps fade to a dip through black', () => {
    expect(buildTimeline(clips(4, 4), { type: 'fade', seconds: 1 }, fps30).joins[0]).toEqual({ frames: 30, xfade: 'fadeblack' });
  });

  it('trims on frame boundaries of the cut and marks what it cut', () => {
    const t = buildTimeline([{ shotId: 'a', duration: 4, from: 0.51, to: 3.49 }, { shotId: 'b', duration: 4, to: 4 }], { type: 'cut', seconds: 0 }, fps30);
    expect(t.clips[0]).toEqual({ shotId: 'a', startFrame: 15, frames: 90, trimmed: true });
    expect(t.clips[1]).toEqual({ shotId: 'b', startFrame: 0, frames: 120, trimmed: false });
  });

  it('counts in exact frames at NTSC rates', () => {
    const ntsc = { num: 30000, den: 1001 };
    const t = buildTimeline(clips(4.004, 4.004), { type: 'cut', seconds: 0 }, ntsc);
    expect(t.totalFrames).toBe(240);
    expect(framesToSamples(120, ntsc, 48000)).toBe(192192);
  });

  it('rejects trims and transitions that cannot work, as storyboard errors (exit 2) naming the shot', () => {
    expect(codeOf(() => buildTimeline([{ shotId: 'a', duration: 4, from: 3, to: 2 }], { type: 'cut', seconds: 0 }, fps30))).toBe('CUT_TRIM_INVALID/2');
    expect(codeOf(() => buildTimeline([{ shotId: 'a', duration: 4, to: 6 }], { type: 'cut', seconds: 0 }, fps30))).toBe('CUT_TRIM_INVALID/2');
    expect(codeOf(() => buildTimeline([{ shotId: 'a', duration: 4, from: -1 }], { type: 'cut', seconds: 0 }, fps30))).toBe('CUT_TRIM_INVALID/2');
    expect(codeOf(() => buildTimeline(clips(4, 1, 4), { type: 'crossfade', seconds: 0.5 }, fps30))).toBe('CUT_TRANSITION_TOO_LONG/2');
    expect(codeOf(() => buildTimeline(clips(4, 1.2, 4), { type: 'crossfade', seconds: 0.5 }, fps30))).toBeUndefined();
    expect(codeOf(() => buildTimeline([], { type: 'cut', seconds: 0 }, fps30))).toBe('CUT_EMPTY/2');
  });
});
