// GET /videos pagination and the per-model sliding-window rate limit.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JobStore } from '../../../src/sim/job-store.js';
import type { JobRecord } from '../../../src/sim/job.js';
import { SlidingWindowLimiter } from '../../../src/sim/rate-limiter.js';

function storeWith(n: number): JobStore {
  const store = new JobStore();
  for (let seq = 0; seq < n; seq += 1) store.add({ id: `video_${seq}`, seq, createdAtMs: seq * 10 } as JobRecord);
  return store;
}

describe('JobStore.list', () => {
  it('pages through every job exactly once, in either order, for any page size (property)', () => {
    fc.assert(
      fc.property(fc.nat(60), fc.integer({ min: 1, max: 100 }), fc.constantFrom('asc' as const, 'desc' as const), (n, limit, order) => {
        const store = storeWith(n);
        const seen: string[] = [];
        let after: string | undefined;
        for (;;) {
          const page = store.list({ limit, order, visibleBeforeMs: Infinity, ...(after ? { after } : {}) });
          seen.push(...page.jobs.map((j) => j.id));
          if (!page.hasMore) break;
          after = page.jobs.at(-1)?.id;
        }
        const expected = Array.from({ length: n }, (_, i) => `video_${i}`);
        expect(seen).toEqual(order === 'asc' ? expected : expected.reverse());
      }),
    );
  });

  it('hides deleted and not-yet-visible jobs, and still pages after a deleted cursor', () => {
    const store = storeWith(5);
    const deleted = store.get('video_3');
    if (deleted) deleted.deletedAtMs = 1;
    expect(store.get('video_3')).toBeUndefined();
    expect(store.list({ limit: 10, order: 'desc', visibleBeforeMs: 30 }).jobs.map((j) => j.id)).toEqual(['video_2', 'video_1', 'video_0']);
    expect(store.list({ limit: 10, order: 'desc', after: 'video_3', visibleBeforeMs: Infinity }).jobs.map((j) => j.id)).toEqual(['video_2', 'video_1', 'video_0']);
    expect(() => store.list({ limit: 1, order: 'desc', after: 'video_99', visibleBeforeMs: Infinity })).toThrow(/after/);
  });
});

describe('SlidingWindowLimiter', () => {
  it('admits `limit` requests per rolling minute and says when the next slot frees', () => {
    const limiter = new SlidingWindowLimiter();
    expect(limiter.admit('sora-2', 2, 0)).toEqual({ admitted: true, remaining: 1 });
    expect(limiter.admit('sora-2', 2, 10_000)).toEqual({ admitted: true, remaining: 0 });
    expect(limiter.admit('sora-2', 2, 20_000)).toEqual({ admitted: false, retryAfterMs: 40_000 });
    expect(limiter.admit('sora-2-pro', 2, 20_000)).toMatchObject({ admitted: true });
    expect(limiter.admit('sora-2', 2, 60_001)).toMatchObject({ admitted: true });
    expect(limiter.admit('sora-2', 2, 60_002)).toEqual({ admitted: false, retryAfterMs: 9_998 });
  });
});
