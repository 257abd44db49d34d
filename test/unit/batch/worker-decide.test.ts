import { describe, expect, it } from 'vitest';
import { cutDecision, isIdle, ownJobGenerated, unitEndOf } from '../../../src/batch/worker/decide.js';
import { newWorkerId } from '../../../src/batch/worker/registry.js';
import { chainShots } from '../../../src/batch/worker/unit-run.js';
import type { ShotResult } from '../../../src/execute/types.js';

const base: ShotResult = { id: 's', status: 'completed', cache: 'paid', attempts: 1, costMicroUsd: 400_000, possiblyBilledMicroUsd: 0, earlierRunsMicroUsd: 0, jobId: 'video_1' };

describe('ownJobGenerated', () => {
  it("frees the slot on the unit's own job completing or its first download, not on progress or another shot", () => {
    const progress = (shot: string, status: string) => ({ type: 'progress' as const, shot, jobId: 'video_1', status, percent: 50 });
    expect(ownJobGenerated(progress('own', 'completed'), 'own')).toBe(true);
    expect(ownJobGenerated(progress('own', 'in_progress'), 'own')).toBe(false);
    expect(ownJobGenerated(progress('own', 'failed'), 'own')).toBe(false);
    expect(ownJobGenerated(progress('parent-0:own', 'completed'), 'own')).toBe(false);
    const downloaded = { type: 'downloaded' as const, shot: 'own', jobId: 'video_1', variant: 'video' as const, bytes: 1, sha256: 'x', downloadStartedAt: 0, checkStartedAt: 0 };
    expect(ownJobGenerated(downloaded, 'own')).toBe(true);
    expect(ownJobGenerated({ type: 'created', shot: 'own', intentId: 'i', jobId: 'video_1' }, 'own')).toBe(false);
  });
});

describe('unitEndOf', () => {
  it('stores a completed shot with its job id and what was billed (this run and earlier holders)', () => {
    expect(unitEndOf({ ...base, earlierRunsMicroUsd: 100_000 }, false)).toEqual({ state: 'stored', jobId: 'video_1', costMicroUsd: 500_000 });
  });
  it('keeps an unknown outcome apart from a failure, with its held money', () => {
    const end = unitEndOf({ ...base, status: 'failed', costMicroUsd: 0, possiblyBilledMicroUsd: 400_000, error: { code: 'UNKNOWN_OUTCOME', message: 'no answer' } }, false);
    expect(end).toMatchObject({ state: 'unknown', costMicroUsd: 400_000 });
  });
  it('gives an interrupted shot back to the queue instead of failing it', () => {
    expect(unitEndOf({ ...base, status: 'skipped', cache: 'none', skipReason: 'interrupted' }, true).state).toBe('released');
    expect(unitEndOf({ ...base, status: 'failed', error: { code: 'INTERRUPTED', message: 'stopped' } }, false).state).toBe('released');
    expect(unitEndOf(undefined, true).state).toBe('released');
  });
  it('fails a shot the provider failed', () => {
    expect(unitEndOf({ ...base, status: 'failed', error: { code: 'MODERATION', message: 'moderated' } }, false)).toMatchObject({ state: 'failed', error: { code: 'MODERATION' } });
  });
});

describe('cutDecision', () => {
  it('waits while a shot is queued or running, stitches when all are stored, skips with the reason otherwise', () => {
    expect(cutDecision([{ shotId: 'a', state: 'stored' }, { shotId: 'b', state: 'running' }])).toEqual({ kind: 'wait' });
    expect(cutDecision([{ shotId: 'a', state: 'stored' }, { shotId: 'b', state: 'queued' }, { shotId: 'c', state: 'failed' }])).toEqual({ kind: 'wait' });
    expect(cutDecision([{ shotId: 'a', state: 'stored' }, { shotId: 'b', state: 'stored' }])).toEqual({ kind: 'stitch' });
    expect(cutDecision([{ shotId: 'a', state: 'failed' }, { shotId: 'b', state: 'unknown' }])).toEqual({ kind: 'skip', reason: 'not stitched: a failed, b unknown' });
  });
});

describe('worker helpers', () => {
  it('is idle only when no unit and no cut is left', () => {
    expect(isIdle({ unitsLeft: 0, cutsLeft: 0 })).toBe(true);
    expect(isIdle({ unitsLeft: 1, cutsLeft: 0 })).toBe(false);
    expect(isIdle({ unitsLeft: 0, cutsLeft: 1 })).toBe(false);
  });
  it('names a worker by host, pid and a random tag', () => {
    expect(newWorkerId('render-2', 4242, () => 'ab12')).toBe('render-2-4242-ab12');
  });
});

describe('chainShots', () => {
  const payload = (id: string, extra: Record<string, string> = {}) => ({
    version: 1 as const,
    shot: { id, kind: 'generate', model: 'sora-2', size: '1280x720', seconds: 4, prompt: `p ${id}`, take: 1, referenceFit: 'cover', retries: 0, costMicroUsd: 1, ...extra } as never,
    providerIdentity: 'sim',
    settings: { countFailed: true, rpm: 10, providerConcurrency: 2 },
  });
  it('lists the ancestors first under ids of their own, each derived shot pointing at the one before it', () => {
    const { shots, ownId } = chainShots([payload('city'), payload('city', { remixOf: 'city-old' })], payload('city', { remixOf: 'x' }));
    expect(shots.map((s) => [s.id, s.remixOf])).toEqual([['parent-0:city', undefined], ['parent-1:city', 'parent-0:city'], ['city', 'parent-1:city']]);
    expect(ownId).toBe('city');
  });
});
