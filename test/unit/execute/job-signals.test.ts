// A webhook delivery wakes the job's wait: the hub ends that job's sleep early (or the next one, when the delivery
// came during a status read), leaves other jobs asleep, and a job with webhooks polls no faster than the fallback.
import { describe, expect, it } from 'vitest';
import { defaultPollPolicy, nextPollDelay } from '../../../src/execute/backoff.js';
import { systemClock } from '../../../src/execute/clock.js';
import { JobSignalHub } from '../../../src/execute/job-signals.js';

const hub = () => new JobSignalHub((id) => id.startsWith('fal:'));
const signal = new AbortController().signal;

describe('JobSignalHub', () => {
  it('ends the sleep of the job a delivery names, at once', async () => {
    const signals = hub();
    const started = Date.now();
    const sleeping = signals.sleep('fal:a', 10_000, systemClock, signal);
    setTimeout(() => signals.wake('fal:a'), 20);
    expect(await sleeping).toBe('woken');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('keeps a delivery that came between sleeps for the next one; other jobs sleep on', async () => {
    const signals = hub();
    signals.wake('fal:b');
    expect(await signals.sleep('fal:b', 10_000, systemClock, signal)).toBe('woken');
    expect(await signals.sleep('fal:b', 20, systemClock, signal)).toBe('slept');
    signals.wake('fal:c');
    expect(await signals.sleep('fal:d', 20, systemClock, signal)).toBe('slept');
    // A job no webhook covers is never marked.
    signals.wake('runway:x');
    expect(signals.covers('runway:x')).toBe(false);
    expect(await signals.sleep('runway:x', 20, systemClock, signal)).toBe('slept');
  });

  it('still rejects when the run is interrupted', async () => {
    const stop = new AbortController();
    const sleeping = hub().sleep('fal:e', 10_000, systemClock, stop.signal);
    stop.abort(new Error('interrupted'));
    await expect(sleeping).rejects.toThrow();
  });
});

describe('nextPollDelay with webhooks on', () => {
  it('never polls sooner than the fallback, whatever the hints', () => {
    const base = { checks: 3, samples: [{ atMs: 0, status: 'in_progress' as const, percent: 0 }, { atMs: 20_000, status: 'in_progress' as const, percent: 90 }] };
    expect(nextPollDelay(defaultPollPolicy, base)).toBeLessThan(30_000);
    expect(nextPollDelay(defaultPollPolicy, { ...base, webhookFallbackMs: 30_000 })).toBe(30_000);
    expect(nextPollDelay(defaultPollPolicy, { ...base, pollAfterMs: 1_000, webhookFallbackMs: 30_000 })).toBe(30_000);
    expect(nextPollDelay(defaultPollPolicy, { ...base, pollAfterMs: 60_000, webhookFallbackMs: 30_000 })).toBe(60_000);
  });
});
