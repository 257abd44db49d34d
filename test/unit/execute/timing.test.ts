// Pure timing decisions (full-jitter backoff, adaptive polling, the RPM window) and the shared gate under a fake
// clock: a pause holds every worker until the announced time.
import { describe, expect, it } from 'vitest';
import { defaultPollPolicy, fullJitter, nextPollDelay } from '../../../src/execute/backoff.js';
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

describe('nextPollDelay', () => {
  const obs = { checks: 0, elapsedMs: 0, progress: 0, startProgress: 0 };

  it('starts around 2 s and backs off towards 15 s while nothing moves', () => {
    const delays = [0, 1, 2, 3, 4, 5, 6, 7].map((checks) => nextPollDelay(defaultPollPolicy, { ...obs, checks }));
    expect(delays[0]).toBe(2000);
    expect(delays.every((d, i) => i === 0 || d >= delays[i - 1]!)).toBe(true);
    expect(delays.at(-1)).toBe(15_000);
  });

  it('shortens to the linear estimate of the time left, never below the minimum', () => {
    expect(nextPollDelay(defaultPollPolicy, { checks: 6, elapsedMs: 30_000, progress: 75, startProgress: 0 })).toBe(11_000);
    expect(nextPollDelay(defaultPollPolicy, { checks: 6, elapsedMs: 30_000, progress: 99, startProgress: 0 })).toBe(1000);
    expect(nextPollDelay(defaultPollPolicy, { checks: 6, elapsedMs: 30_000, progress: 70, startProgress: 60 })).toBe(15_000);
  });

  it('follows the server\'s poll hint, but never below the minimum', () => {
    expect(nextPollDelay(defaultPollPolicy, { ...obs, checks: 3, pollAfterMs: 40_000 })).toBe(40_000);
    expect(nextPollDelay(defaultPollPolicy, { ...obs, pollAfterMs: 5000 })).toBe(5000);
    expect(nextPollDelay(defaultPollPolicy, { checks: 6, elapsedMs: 30_000, progress: 20, startProgress: 0, pollAfterMs: 3000 })).toBe(3000);
    expect(nextPollDelay(defaultPollPolicy, { ...obs, checks: 2, pollAfterMs: 100 })).toBe(1000);
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
