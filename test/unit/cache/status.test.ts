// Hit or miss and why, for `render plan`; a remix source whose remote job is gone is regenerated (and priced).
import { describe, expect, it } from 'vitest';
import { computeShotKeys } from '../../../src/cache/key.js';
import { cacheStatus, describeMiss, type CacheIndexSnapshot, type StatusShot } from '../../../src/cache/status.js';
import type { CacheEntry } from '../../../src/cache/store.js';

const nowMs = Date.parse('2026-11-24T12:00:00Z');
const raw = [
  { id: 'a', model: 'sora-2', size: '720x1280', seconds: 4, prompt: 'one', take: 1 },
  { id: 'b', model: 'sora-2', size: '720x1280', seconds: 4, prompt: 'two', take: 1, remixOf: 'a' },
  { id: 'c', model: 'sora-2', size: '720x1280', seconds: 4, prompt: 'three', take: 1, remixOf: 'b' },
];

function planned(shots: typeof raw): StatusShot[] {
  const keys = computeShotKeys(shots, 'sim');
  return shots.map((s) => ({ id: s.id, key: keys.get(s.id)!.key, components: keys.get(s.id)!.components, remixOf: s.remixOf, costMicroUsd: 400_000 }));
}

function entryFor(shot: StatusShot, expiresAt: number | null = null): CacheEntry {
  return {
    version: 1, key: shot.key, shotId: shot.id, components: shot.components, jobId: `job-${shot.id}`, createdAt: 0, completedAt: 0, expiresAt,
    costMicroUsd: 400_000, video: { sha256: 'x', bytes: 1, ext: 'mp4' }, storedAt: '',
  };
}

function index(cached: Array<[StatusShot, { intact?: boolean; expiresAt?: number | null }]>, latest: StatusShot[] = []): CacheIndexSnapshot {
  return {
    entries: new Map(cached.map(([s, o]) => [s.key, { entry: entryFor(s, o.expiresAt ?? null), intact: o.intact ?? true }])),
    latestByShot: new Map([...cached.map(([s]) => s), ...latest].map((s) => [s.id, entryFor(s)])),
  };
}

describe('cacheStatus', () => {
  it('says why each shot is a miss, and prices only misses', () => {
    const old = planned(raw);
    const edited = planned([{ ...raw[0]!, prompt: 'one!', take: 2 }, raw[1]!, raw[2]!]);
    const statuses = cacheStatus(edited, index([], old), { nowMs });
    expect(statuses.map((s) => [s.id, s.status, s.reasons])).toEqual([
      ['a', 'miss', ['prompt-changed', 'take-bumped']],
      ['b', 'miss', ['parent-changed']],
      ['c', 'miss', ['parent-changed']],
    ]);
    expect(describeMiss(statuses[0]!.reasons)).toBe('prompt changed, take bumped');
    expect(cacheStatus(edited, index([]), { nowMs })[0]!.reasons).toEqual(['new-shot']);
  });

  it('is a hit only for an intact entry; a damaged one is a miss', () => {
    const shots = planned(raw);
    const statuses = cacheStatus(shots, index([[shots[0]!, {}], [shots[1]!, { intact: false }], [shots[2]!, {}]]), { nowMs });
    expect(statuses.map((s) => [s.status, s.reasons, s.costMicroUsd])).toEqual([['hit', [], 0], ['miss', ['damaged'], 400_000], ['hit', [], 0]]);
  });

  it('regenerates a cached remix source whose job expired or was deleted, up the chain', () => {
    const shots = planned(raw);
    const expired = (nowMs - 1000) / 1000;
    const cached = index([[shots[0]!, { expiresAt: expired }], [shots[1]!, { expiresAt: expired }]]);
    const statuses = cacheStatus(shots, cached, { nowMs });
    expect(statuses.map((s) => [s.id, s.status, s.reasons])).toEqual([
      ['a', 'miss', ['remix-source-expired']],
      ['b', 'miss', ['remix-source-expired']],
      ['c', 'miss', ['new-shot']],
    ]);
    expect(statuses.reduce((sum, s) => sum + s.costMicroUsd, 0)).toBe(1_200_000);

    const alive = index([[shots[0]!, { expiresAt: nowMs / 1000 + 3600 }], [shots[1]!, { expiresAt: nowMs / 1000 + 3600 }]]);
    expect(cacheStatus(shots, alive, { nowMs }).map((s) => s.status)).toEqual(['hit', 'hit', 'miss']);
    const deleted = cacheStatus(shots, alive, { nowMs, jobs: new Map([['job-b', 'deleted' as const]]) });
    expect(deleted.map((s) => [s.status, s.reasons])).toEqual([['hit', []], ['miss', ['remix-source-deleted']], ['miss', ['new-shot']]]);
  });

  it('keeps a source that expires within the safety margin from counting as alive', () => {
    const shots = planned(raw.slice(0, 2));
    const soon = index([[shots[0]!, { expiresAt: nowMs / 1000 + 60 }]]);
    expect(cacheStatus(shots, soon, { nowMs })[0]!.reasons).toEqual(['remix-source-expired']);
    expect(cacheStatus(shots, soon, { nowMs, marginMs: 30_000 })[0]!.status).toBe('hit');
  });
});
