// Poll prediction (pure): progress samples and the server's hint in, the next wait out. A job shaped like the
// simulator's (queued, then a percent rounded down, 100 only once done) is polled through with these waits.
import { describe, expect, it } from 'vitest';
import { defaultPollPolicy } from '../../../src/execute/backoff.js';
import { finishEstimate, nextPollDelay, predictFinish, type ProgressSample } from '../../../src/execute/poll-predict.js';
import type { JobStatus } from '../../../src/providers/provider.js';

interface FakeJob {
  queueMs: number;
  runMs: number;
  /** The server's openai-poll-after-ms: the time to the end, capped (the simulator's); none when false. */
  hint: boolean;
}

function stateAt(job: FakeJob, tMs: number): { status: JobStatus; percent: number } {
  if (tMs < job.queueMs) return { status: 'queued', percent: 0 };
  if (tMs >= job.queueMs + job.runMs) return { status: 'completed', percent: 100 };
  return { status: 'in_progress', percent: 1 + Math.floor(((tMs - job.queueMs) / job.runMs) * 98) };
}

/** Poll a job created at 0 with the default policy until it reads done: how many checks, how late it was seen. */
function pollThrough(job: FakeJob, expectedMs?: number): { checks: number; lateMs: number; waits: number[] } {
  const samples: ProgressSample[] = [{ atMs: 0, status: 'queued', percent: 0 }];
  const waits: number[] = [];
  let hint: number | undefined;
  for (let checks = 0; checks < 100; ) {
    const now = samples.at(-1)!.atMs;
    const wait = nextPollDelay(defaultPollPolicy, { checks, samples, pollAfterMs: hint, createdAtMs: 0, expectedMs });
    waits.push(wait);
    const at = now + wait;
    checks += 1;
    const state = stateAt(job, at);
    if (state.status === 'completed') return { checks, lateMs: at - (job.queueMs + job.runMs), waits };
    samples.push({ atMs: at, ...state });
    hint = job.hint ? Math.min(10_000, Math.max(100, job.queueMs + job.runMs - at)) : undefined;
  }
  throw new Error('never done');
}

describe('nextPollDelay on steady progress', () => {
  it('notices a 57.5 s job (7.5 s queued) within a second of its end, in at most 5 checks', () => {
    const seen = pollThrough({ queueMs: 7_500, runMs: 50_000, hint: true });
    expect(seen.checks).toBeLessThanOrEqual(5);
    expect(seen.lateMs).toBeGreaterThanOrEqual(0);
    expect(seen.lateMs).toBeLessThan(1_000);
  });

  it('does as well without any server hint, and on a job four times as long', () => {
    const plain = pollThrough({ queueMs: 7_500, runMs: 50_000, hint: false });
    expect(plain.lateMs).toBeLessThan(1_000);
    expect(plain.checks).toBeLessThanOrEqual(7);
    const long = pollThrough({ queueMs: 20_000, runMs: 200_000, hint: true });
    expect(long.lateMs).toBeLessThan(1_000);
    expect(long.checks).toBeLessThanOrEqual(7);
  });

  it('aims the next check just after the extrapolated finish once the estimate is sharp', () => {
    // 2 %/s from 10 s to 50 s: 99 % is reached at about 54.25 s (a percent is rounded down: half a step further).
    const samples: ProgressSample[] = [{ atMs: 10_000, status: 'in_progress', percent: 10 }, { atMs: 50_000, status: 'in_progress', percent: 90 }];
    const prediction = predictFinish({ samples })!;
    expect(prediction.finishAtMs).toBeCloseTo(54_250, -1);
    const wait = nextPollDelay(defaultPollPolicy, { checks: 2, samples });
    expect(50_000 + wait).toBeGreaterThan(prediction.finishAtMs);
    expect(50_000 + wait).toBeLessThan(prediction.finishAtMs + 1_000);
  });

  it('keeps its aim when an answer is handled late (a busy machine): the wait is counted from now', () => {
    const samples: ProgressSample[] = [{ atMs: 10_000, status: 'in_progress', percent: 10 }, { atMs: 50_000, status: 'in_progress', percent: 90 }];
    const onTime = 50_000 + nextPollDelay(defaultPollPolicy, { checks: 2, samples });
    const late = 50_700 + nextPollDelay(defaultPollPolicy, { checks: 2, samples, nowMs: 50_700 });
    expect(late).toBe(onTime);
  });

  it('checks once before a rough estimate comes due, from a longer baseline', () => {
    // 20 steps over 10 s: the finish, 35 s on, may be ±2 s off, so the next check comes a few seconds before it.
    const samples: ProgressSample[] = [{ atMs: 12_000, status: 'in_progress', percent: 9 }, { atMs: 22_000, status: 'in_progress', percent: 29 }];
    const finish = predictFinish({ samples })!.finishAtMs;
    const wait = nextPollDelay(defaultPollPolicy, { checks: 3, samples });
    expect(22_000 + wait).toBeLessThan(finish - 2_000);
    expect(wait).toBeGreaterThan(15_000); // beyond the no-information ceiling: the estimate says nothing ends sooner
  });
});

describe('nextPollDelay when progress stalls', () => {
  it('backs off while the percent stands still, and aims again once it moves', () => {
    const moving: ProgressSample[] = [{ atMs: 0, status: 'in_progress', percent: 10 }, { atMs: 10_000, status: 'in_progress', percent: 30 }];
    const stuck = [...moving, { atMs: 20_000, status: 'in_progress' as const, percent: 30 }];
    const stuckLonger = [...stuck, { atMs: 25_000, status: 'in_progress' as const, percent: 30 }];
    const a = nextPollDelay(defaultPollPolicy, { checks: 3, samples: stuck });
    const b = nextPollDelay(defaultPollPolicy, { checks: 4, samples: stuckLonger });
    expect(a).toBeGreaterThanOrEqual(defaultPollPolicy.minMs);
    expect(b).toBeGreaterThan(a);
    expect(b).toBeLessThanOrEqual(defaultPollPolicy.maxMs);
    // Moving again (30 → 60 in the last 10 s): the check is aimed from the rate, not the backoff.
    const resumed = [...stuckLonger, { atMs: 35_000, status: 'in_progress' as const, percent: 60 }];
    const finish = predictFinish({ samples: resumed })!.finishAtMs;
    const c = nextPollDelay(defaultPollPolicy, { checks: 5, samples: resumed });
    expect(35_000 + c).toBeLessThan(finish + 1_000);
  });

  it('keeps checking closely at the last running percent, where a job waits while it finishes', () => {
    const samples: ProgressSample[] = [
      { atMs: 0, status: 'in_progress', percent: 10 }, { atMs: 40_000, status: 'in_progress', percent: 90 },
      { atMs: 45_000, status: 'in_progress', percent: 99 }, { atMs: 46_000, status: 'in_progress', percent: 99 },
    ];
    expect(nextPollDelay(defaultPollPolicy, { checks: 4, samples })).toBeLessThanOrEqual(defaultPollPolicy.minMs);
  });
});

describe('nextPollDelay on a jump to done', () => {
  it('shortens the wait at once when the percent jumps', () => {
    const slow: ProgressSample[] = [{ atMs: 0, status: 'in_progress', percent: 10 }, { atMs: 10_000, status: 'in_progress', percent: 12 }];
    const jumped = [...slow, { atMs: 20_000, status: 'in_progress' as const, percent: 90 }];
    expect(nextPollDelay(defaultPollPolicy, { checks: 3, samples: jumped })).toBeLessThan(nextPollDelay(defaultPollPolicy, { checks: 2, samples: slow }));
    expect(nextPollDelay(defaultPollPolicy, { checks: 3, samples: jumped })).toBeLessThan(5_000);
  });

  it('dates a job that jumped to done between its last running sighting and the answer that said done', () => {
    // Predicted for 60 s, but it was done when checked at 30 s: it finished at most then, and not before 20 s.
    const before: ProgressSample[] = [{ atMs: 10_000, status: 'in_progress', percent: 10 }, { atMs: 20_000, status: 'in_progress', percent: 30 }];
    expect(finishEstimate(before, 30_000)).toBe(30_000);
    // Done later than predicted: the prediction stands as the best guess of when.
    expect(finishEstimate(before, 80_000)).toBeCloseTo(predictFinish({ samples: before })!.finishAtMs, 0);
    // Without progress to go on, nothing is learned.
    expect(finishEstimate([{ atMs: 0, status: 'queued', percent: 0 }], 5_000)).toBeUndefined();
  });
});

describe('nextPollDelay with no progress to go on (queued)', () => {
  const queued: ProgressSample[] = [{ atMs: 0, status: 'queued', percent: 0 }];

  it('starts around 2 s and backs off towards 15 s', () => {
    const delays = [0, 1, 2, 3, 4, 5, 6, 7].map((checks) => nextPollDelay(defaultPollPolicy, { checks, samples: queued }));
    expect(delays[0]).toBe(2000);
    expect(delays.every((d, i) => i === 0 || d >= delays[i - 1]!)).toBe(true);
    expect(delays.at(-1)).toBe(15_000);
  });

  it('follows a hint as given (never below the minimum): it is all there is', () => {
    expect(nextPollDelay(defaultPollPolicy, { checks: 3, samples: queued, pollAfterMs: 40_000 })).toBe(40_000);
    expect(nextPollDelay(defaultPollPolicy, { checks: 0, samples: queued, pollAfterMs: 5000 })).toBe(5000);
    expect(nextPollDelay(defaultPollPolicy, { checks: 2, samples: queued, pollAfterMs: 100 })).toBe(1000);
  });

  it('a running job whose adapter reports no percent (fal) follows its hint, never backed off as a stall', () => {
    const samples: ProgressSample[] = [{ atMs: 0, status: 'in_progress', percent: 0 }, { atMs: 1_000, status: 'in_progress', percent: 0 }, { atMs: 2_000, status: 'in_progress', percent: 0 }];
    expect(nextPollDelay(defaultPollPolicy, { checks: 2, samples, pollAfterMs: 1_000 })).toBe(1_000);
  });

  it('aims at the end jobs like it took earlier in the run, before any progress shows', () => {
    const wait = nextPollDelay(defaultPollPolicy, { checks: 0, samples: queued, createdAtMs: 0, expectedMs: 57_500, pollAfterMs: 10_000 });
    expect(wait).toBeGreaterThanOrEqual(57_500);
    expect(wait).toBeLessThan(58_500);
    // One check then: a job like the others is seen done on the first look.
    expect(pollThrough({ queueMs: 7_500, runMs: 50_000, hint: true }, 57_500).checks).toBe(1);
    // A slower one (queued longer) is still seen within a second, from its progress and the hint.
    const slower = pollThrough({ queueMs: 15_000, runMs: 50_000, hint: true }, 57_500);
    expect(slower.lateMs).toBeLessThan(1_000);
    expect(slower.checks).toBeLessThanOrEqual(5);
  });
});

describe('nextPollDelay with a server hint and a prediction', () => {
  it('never checks sooner than the server asked, even when the prediction says sooner', () => {
    const samples: ProgressSample[] = [{ atMs: 0, status: 'in_progress', percent: 10 }, { atMs: 40_000, status: 'in_progress', percent: 90 }];
    expect(nextPollDelay(defaultPollPolicy, { checks: 2, samples })).toBeLessThan(5_000);
    expect(nextPollDelay(defaultPollPolicy, { checks: 2, samples, pollAfterMs: 8_000 })).toBe(8_000);
  });

  it('waits past a short hint when the prediction says nothing ends before', () => {
    const samples: ProgressSample[] = [{ atMs: 0, status: 'in_progress', percent: 10 }, { atMs: 20_000, status: 'in_progress', percent: 30 }];
    expect(nextPollDelay(defaultPollPolicy, { checks: 2, samples, pollAfterMs: 2_000 })).toBeGreaterThan(30_000);
  });
});
