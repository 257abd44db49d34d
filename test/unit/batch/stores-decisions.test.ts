// The pure decisions under the shared stores: the cap check, the headroom, the shared rate window, and which
// database failures a worker waits out.
import { describe, expect, it } from 'vitest';
import { capHeadroom, capRefusal } from '../../../src/batch/stores/caps.js';
import { rateWaitMs } from '../../../src/batch/stores/rate-store.js';
import { isTransientDbError, reconnectDelayMs, withReconnect } from '../../../src/batch/stores/transient.js';

const names = { provider: 'fal', batch: 'b-1' };

describe('cap check', () => {
  it('accepts an intent that lands exactly on a cap and refuses one micro-dollar more, naming the cap', () => {
    expect(capRefusal(400_000, { day: 600_000, provider: 0, batch: 0 }, { day: 1_000_000 }, names)).toBeUndefined();
    expect(capRefusal(400_001, { day: 600_000, provider: 0, batch: 0 }, { day: 1_000_000 }, names)).toMatch(/org's daily cap of \$1\.00/);
    expect(capRefusal(1, { day: 0, provider: 5, batch: 0 }, { provider: 5 }, names)).toMatch(/daily cap for fal/);
    expect(capRefusal(1, { day: 0, provider: 0, batch: 9 }, { batch: 9 }, names)).toMatch(/batch b-1's cap/);
    expect(capRefusal(10 ** 12, { day: 0, provider: 0, batch: 0 }, {}, names)).toBeUndefined();
  });

  it("checks each storyboard's own budget.max-usd that the unit belongs to", () => {
    const none = { day: 0, provider: 0, batch: 0 };
    const storyboards = [{ name: 'spot-fr', cap: 1_000_000, total: 900_000 }, { name: 'spot-de', cap: 5_000_000, total: 0 }];
    expect(capRefusal(100_000, none, {}, names, storyboards)).toBeUndefined();
    expect(capRefusal(100_001, none, {}, names, storyboards)).toMatch(/ more would pass storyboard spot-fr's budget\.max-usd of \$1\.00 \(\$0\.90 already held or spent\)$/);
  });

  it('gives the room under the tightest cap, never below zero, Infinity with none', () => {
    expect(capHeadroom([])).toBe(Number.POSITIVE_INFINITY);
    expect(capHeadroom([{ cap: undefined, total: 5 }, { cap: 10, total: 4 }, { cap: 20, total: 5 }])).toBe(6);
    expect(capHeadroom([{ cap: 10, total: 12 }])).toBe(0);
  });
});

describe('shared rate window', () => {
  it('lets a start through under the limit and waits for the oldest start of the last rpm to leave the minute', () => {
    expect(rateWaitMs({ nowMs: 100_000, rpm: 3, startsMs: [50_000, 60_000], pausedUntilMs: 0 })).toBe(0);
    expect(rateWaitMs({ nowMs: 100_000, rpm: 3, startsMs: [50_000, 60_000, 70_000], pausedUntilMs: 0 })).toBe(11_000);
    // Starts older than the window (a minute and a second of margin) do not count.
    expect(rateWaitMs({ nowMs: 100_000, rpm: 1, startsMs: [38_000], pausedUntilMs: 0 })).toBe(0);
    expect(rateWaitMs({ nowMs: 100_000, rpm: 1, startsMs: [39_500], pausedUntilMs: 0 })).toBe(500);
  });

  it('honours a pause before the window, and an unlimited rpm never waits', () => {
    expect(rateWaitMs({ nowMs: 100_000, rpm: 100, startsMs: [], pausedUntilMs: 130_000 })).toBe(30_000);
    expect(rateWaitMs({ nowMs: 100_000, rpm: Number.POSITIVE_INFINITY, startsMs: [99_000, 99_500], pausedUntilMs: 0 })).toBe(0);
  });
});

describe('database failures a worker waits out', () => {
  it('tells a restarting or unreachable server from a refused query', () => {
    expect(isTransientDbError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isTransientDbError(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(true);
    expect(isTransientDbError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isTransientDbError(Object.assign(new Error('relation "render.units" does not exist'), { code: '42P01' }))).toBe(false);
    expect(isTransientDbError(new Error('shot s1: $0.40 more would pass the cap'))).toBe(false);
  });

  it('retries with a growing delay until the operation succeeds, and rethrows a permanent error at once', async () => {
    expect([1, 2, 3, 10].map(reconnectDelayMs)).toEqual([200, 400, 800, 5_000]);
    const waits: number[] = [];
    let calls = 0;
    const result = await withReconnect(
      async () => {
        calls += 1;
        if (calls < 3) throw Object.assign(new Error('down'), { code: 'ECONNREFUSED' });
        return 'ok';
      },
      { sleep: async (ms) => void waits.push(ms) },
    );
    expect([result, waits]).toEqual(['ok', [200, 400]]);
    await expect(withReconnect(async () => Promise.reject(new Error('syntax')), { sleep: async () => undefined })).rejects.toThrow('syntax');
  });

  it('gives up once the deadline has passed', async () => {
    let calls = 0;
    const failing = async () => {
      calls += 1;
      throw Object.assign(new Error('down'), { code: '57P03' });
    };
    await expect(withReconnect(failing, { deadlineMs: 0, sleep: async () => undefined })).rejects.toThrow('down');
    expect(calls).toBe(1);
  });
});
