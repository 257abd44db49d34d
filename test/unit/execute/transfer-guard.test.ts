// The download limits as plain decisions: the byte ceiling derived from a clip's shape, and the idle and rate-floor
// verdicts over time, with the default values shown to be sane (honest slow links pass, trickles fail in seconds).
import { describe, expect, it } from 'vitest';
import { clipByteLimit, clipMarginBytes, defaultTransferFloor, TransferMeter, type TransferPolicy } from '../../../src/execute/transfer-guard.js';

const MiB = 1024 ** 2;
const defaults: TransferPolicy = { idleMs: 60_000, floor: defaultTransferFloor };

/** Feed `bytesPerTick` every `tickMs` for `forMs`, checking after each tick; the first verdict that is not ok. */
function simulate(policy: TransferPolicy, bytesPerTick: number, tickMs: number, forMs: number) {
  const meter = new TransferMeter(policy, 0);
  for (let now = 0; now <= forMs; now += tickMs) {
    if (now > 0 && bytesPerTick > 0) meter.record(now, bytesPerTick);
    const verdict = meter.check(now);
    if (verdict.kind !== 'ok') return { atMs: now, ...verdict };
  }
  return { atMs: forMs, kind: 'ok' as const };
}

describe('clipByteLimit', () => {
  it('is generous for real clips and small against a runaway body', () => {
    expect(clipByteLimit({ width: 720, height: 1280, seconds: 4 }) / MiB).toBeCloseTo(26.6, 1);
    expect(clipByteLimit({ width: 1792, height: 1024, seconds: 12 }) / MiB).toBeCloseTo(79.3, 1);
    // A 4 s 720p clip at a real 10 Mbit/s is 5 MB: far inside its limit.
    expect(clipByteLimit({ width: 1280, height: 720, seconds: 4 })).toBeGreaterThan((10_000_000 / 8) * 4 * 4);
    expect(clipByteLimit({ width: 0, height: 0, seconds: 0 })).toBe(clipMarginBytes);
  });

  it('grows with every dimension', () => {
    const base = clipByteLimit({ width: 1280, height: 720, seconds: 4 });
    expect(clipByteLimit({ width: 1280, height: 720, seconds: 8 })).toBeGreaterThan(base);
    expect(clipByteLimit({ width: 1920, height: 1080, seconds: 4 })).toBeGreaterThan(base);
  });
});

describe('TransferMeter with the default policy', () => {
  it('a one-byte-every-10-s trickle fails on the floor within about 20 s, well within a minute', () => {
    const verdict = simulate(defaults, 1, 10_000, 120_000);
    expect(verdict.kind).toBe('slow');
    expect(verdict.atMs).toBeLessThanOrEqual(20_000);
  });

  it('a 1 Mbit/s link (and a 10 KiB/s one) is never refused', () => {
    expect(simulate(defaults, 125_000 / 4, 250, 600_000).kind).toBe('ok');
    expect(simulate(defaults, 10 * 1024, 1_000, 600_000).kind).toBe('ok');
  });

  it('a body that stops is idle after 60 s (retried), not slow', () => {
    const meter = new TransferMeter(defaults, 0);
    meter.record(100, 500_000);
    expect(meter.check(30_000).kind).toBe('ok');
    expect(meter.check(60_101)).toEqual({ kind: 'idle', message: 'no data for 60000 ms' });
  });

  it('no first byte for 60 s is idle too', () => {
    expect(new TransferMeter(defaults, 0).check(60_001).kind).toBe('idle');
    expect(new TransferMeter(defaults, 0).check(59_000).kind).toBe('ok');
  });

  it('judges only whole windows after the first byte, then any sliding window', () => {
    const meter = new TransferMeter(defaults, 0);
    meter.record(1_000, 10);
    meter.record(5_000, 10);
    expect(meter.check(10_999).kind).toBe('ok');
    expect(meter.check(11_000).kind).toBe('slow');
    const fast = new TransferMeter(defaults, 0);
    for (let t = 1_000; t <= 26_000; t += 1_000) fast.record(t, t <= 15_000 ? 64 * 1024 : 100);
    // Fast for 15 s, then a trickle: the window ending at 26 s holds only trickle bytes.
    expect(fast.check(26_000).kind).toBe('slow');
  });
});
