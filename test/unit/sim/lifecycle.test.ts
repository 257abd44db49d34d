// Job status follows from timestamps alone: queued, in_progress with rising progress, then completed or failed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generationTimes, defaultDurations } from '../../../src/sim/durations.js';
import { jobStateAt, nextChangeAt, type JobTiming } from '../../../src/sim/lifecycle.js';

const timing: JobTiming = { createdAtMs: 1_000, queueMs: 100, runMs: 1_000, mediaReadyAtMs: 500 };

describe('jobStateAt', () => {
  it('is queued, then in progress, then completed at the end of its run', () => {
    expect(jobStateAt(timing, 1_050)).toEqual({ status: 'queued', progress: 0, finishedAtMs: null, error: null });
    expect(jobStateAt(timing, 1_600)).toMatchObject({ status: 'in_progress', progress: 50 });
    expect(jobStateAt(timing, 2_100)).toEqual({ status: 'completed', progress: 100, finishedAtMs: 2_100, error: null });
  });

  it('never reads completed before its media exists, and completes when the media lands', () => {
    const waiting = { ...timing, mediaReadyAtMs: undefined };
    expect(jobStateAt(waiting, 99_000)).toMatchObject({ status: 'in_progress', progress: 99 });
    expect(nextChangeAt(waiting, 99_000)).toBeUndefined();
    expect(jobStateAt({ ...timing, mediaReadyAtMs: 5_000 }, 5_000)).toMatchObject({ status: 'completed', finishedAtMs: 5_000 });
  });

  it('fails part-way with the error it was given', () => {
    const failing = { ...timing, failure: { code: 'moderation_blocked', message: 'blocked', atFraction: 0.5 } };
    expect(jobStateAt(failing, 1_500)).toMatchObject({ status: 'in_progress' });
    expect(jobStateAt(failing, 1_600)).toEqual({ status: 'failed', progress: 50, finishedAtMs: 1_600, error: { code: 'moderation_blocked', message: 'blocked' } });
    expect(nextChangeAt(failing, 1_200)).toBe(1_600);
  });

  it('progress never goes backwards and the status never leaves a terminal state (property)', () => {
    fc.assert(
      fc.property(fc.nat(5_000), fc.nat(20_000), fc.option(fc.nat(30_000)), fc.option(fc.double({ min: 0, max: 1, noNaN: true })), fc.array(fc.nat(40_000), { minLength: 2 }), (queueMs, runMs, media, failAt, times) => {
        const t: JobTiming = { createdAtMs: 0, queueMs, runMs, ...(media === null ? {} : { mediaReadyAtMs: media }), ...(failAt === null ? {} : { failure: { code: 'x', message: 'x', atFraction: failAt } }) };
        const states = [...times].sort((a, b) => a - b).map((now) => jobStateAt(t, now));
        for (const [i, state] of states.entries()) {
          const previous = states[i - 1];
          if (!previous) continue;
          expect(state.progress).toBeGreaterThanOrEqual(previous.progress);
          if (previous.status === 'completed' || previous.status === 'failed') expect(state).toEqual(previous);
        }
      }),
    );
  });
});

describe('generationTimes', () => {
  it('makes pro slower than sora-2, 12 s slower than 4 s, big frames slower, all × timeScale', () => {
    const fast = generationTimes('sora-2', '1280x720', 4, 1, defaultDurations);
    const long = generationTimes('sora-2', '1280x720', 12, 1, defaultDurations);
    const pro = generationTimes('sora-2-pro', '1280x720', 4, 1, defaultDurations);
    const big = generationTimes('sora-2-pro', '1792x1024', 4, 1, defaultDurations);
    expect(fast.runMs).toBeLessThan(long.runMs);
    expect(fast.runMs).toBeLessThan(pro.runMs);
    expect(pro.runMs).toBeLessThan(big.runMs);
    expect(generationTimes('sora-2', '1280x720', 4, 0.01, defaultDurations)).toEqual({ queueMs: fast.queueMs / 100, runMs: fast.runMs / 100 });
  });
});
