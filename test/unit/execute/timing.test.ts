// Pure timing decisions (full-jitter backoff, the RPM window; poll timing: poll-predict.test.ts) and the shared gate under a fake
// clock: a pause holds every worker until the announced time.
import { describe, expect, it } from 'vitest';
import { fullJitter } from '../../../src/execute/backoff.js';
import type { Clock } from '../../../src/execute/clock.js';
import { RateGate, rpmWait } from '../../../src/execute/rate-gate.js';

describe('fullJitter', () => {
  it('is uniform below min(cap, base·2^attempt)', () => {
    const policy = { baseMs: 500, capMs: 20_000 };
    expect(fullJitter(0, policy, () => 0.999)).toBe(499);
    expect(fullJitter(3, policy, () => 0.5)).toBe(2000);
    expect(fullJitter(30, policy, () => 0.999)).toBe(19_980);
    expect(fullJitter(5, policy, () => 0)).toBe(0);
  });
});

describe('rpmWait', () => {
  it('lets rpm requests through per sliding minute, then waits for the oldest to leave', () => {
    expect(rpmWait([], 0, 2)).toBe(0);
    expect(rpmWait([0], 10, 2)).toBe(0);
    expect(rpmWait([0, 5], 10, 2)).toBe(59_990);
    expect(rpmWait([0, 5, 7], 61_000, 2)).toBe(0);
    expect(rpmWait([0, 5], 10, Infinity)).toBe(0);
  });

  it('counts only the starts inside the last minute, a start exactly a minute old being out', () => {
    const starts = [0, 5, 40_000, 70_000, 80_000];
    expect(rpmWait(starts, 100_000, 2)).toBe(30_000); // 70 s and 80 s are in: the 70 s one leaves at 130 s
    expect(rpmWait(starts, 100_000, 3)).toBe(0); // 40 s left the window at exactly 100 s
    expect(rpmWait(starts, 99_999, 3)).toBe(1); // ... and was still in 1 ms before
    expect(rpmWait([0, 5], 20, 2)).toBe(59_980); // the oldest of the two leaves at 60 s
  });
});

/** Time moves only when every sleeper has been scheduled: sleep(ms) resolves at now + ms in order. */
function fakeClock(): Clock & { run(): Promise<void> } {
  let now = 0;
  const sleepers: Array<{ at: number; resolve: () => void }> = [];
  return {
    now: () => now,
    sleep: (ms) => new Promise<void>((resolve) => sleepers.push({ at: now + ms, resolve })),
    async run() {
      for (let i = 0; i < 1000; i += 1) {
        await new Promise((r) => setImmediate(r));
        sleepers.sort((a, b) => a.at - b.at);
        const next = sleepers.shift();
        if (!next) return;
        now = Math.max(now, next.at);
        next.resolve();
      }
    },
  };
}

describe('RateGate', () => {
  it('holds every worker for a 429 pause and spaces requests by the RPM window', async () => {
    const clock = fakeClock();
    const gate = new RateGate(clock, 3);
    const signal = new AbortController().signal;
    const starts: number[] = [];
    await gate.acquire(signal, 'paid');
    starts.push(clock.now());
    expect(gate.pauseUntil(90_000)).toBe(true);
    expect(gate.pauseUntil(10_000)).toBe(false);
    const workers = [1, 2, 3, 4].map(async () => {
      await gate.acquire(signal, 'paid');
      starts.push(clock.now());
    });
    const reads: number[] = [];
    const reader = (async () => {
      for (let i = 0; i < 5; i += 1) {
        await gate.acquire(signal, 'read');
        reads.push(clock.now());
      }
    })();
    await clock.run();
    await Promise.all([...workers, reader]);
    // The request at 0 left the window at 60 s: three fit at 90 s, the fourth waits a full minute after them.
    expect(starts).toEqual([0, 90_000, 90_000, 90_000, 150_000]);
    // Reads wait out the pause but are not counted in the paid window.
    expect(reads).toEqual([90_000, 90_000, 90_000, 90_000, 90_000]);
    expect(gate.requests).toBe(10);
  });

  it("keeps a provider's own rpm window beside the run's, leaving other providers' calls alone", async () => {
    const clock = fakeClock();
    const gate = new RateGate(clock, Number.POSITIVE_INFINITY, { fal: 2 });
    const signal = new AbortController().signal;
    const starts: Record<string, number[]> = { fal: [], openai: [] };
    const call = (group: 'fal' | 'openai') => gate.acquire(signal, 'paid', group).then(() => starts[group]!.push(clock.now()));
    const calls = [call('fal'), call('fal'), call('fal'), call('openai'), call('openai'), call('openai')];
    await clock.run();
    await Promise.all(calls);
    // Two fal calls fit the first minute; the third waits for the window. OpenAI's calls never wait on fal's.
    expect(starts.fal).toEqual([0, 0, 60_000]);
    expect(starts.openai).toEqual([0, 0, 0]);
  });

  it('stops waiting when the run is interrupted', async () => {
    const gate = new RateGate({ now: () => 0, sleep: (_ms, signal) => new Promise((_r, reject) => signal?.addEventListener('abort', () => reject(new Error('aborted')))) }, 1);
    const controller = new AbortController();
    await gate.acquire(controller.signal, 'paid');
    const waiting = gate.acquire(controller.signal, 'paid');
    controller.abort();
    await expect(waiting).rejects.toThrow('aborted');
  });
});
