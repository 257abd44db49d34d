// Which listed job an unanswered create made: same recipe, created after the intent, not claimed; twins get
// distinct jobs in created_at order.
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../src/cache/key.js';
import type { IntentRecord } from '../../../src/execute/journal-records.js';
import { matchesIntent, pickCandidate } from '../../../src/execute/reconcile.js';
import type { VideoJob } from '../../../src/providers/provider.js';

const intent: IntentRecord = {
  type: 'intent', intentId: 'i1', shotId: 's', shotKey: 'k', kind: 'create', model: 'sora-2', size: '720x1280', seconds: 8,
  promptSha256: sha256Hex('a fox'), parentJobId: null, reservedMicroUsd: 800_000, notBefore: 1000, attempt: 1,
};
const job = (id: string, extra: Partial<VideoJob> = {}): VideoJob => ({
  id, status: 'queued', progress: 0, model: 'sora-2', size: '720x1280', seconds: 8, prompt: 'a fox', createdAt: 1001,
  completedAt: null, expiresAt: null, remixedFromId: null, error: null, ...extra,
});

describe('matchesIntent', () => {
  it('needs the same model, size, seconds and prompt, created no earlier than the intent (minus skew)', () => {
    expect(matchesIntent(job('a'), intent, 0)).toBe(true);
    expect(matchesIntent(job('a', { model: 'sora-2-2025-12-08' }), intent, 0)).toBe(true);
    for (const change of [{ model: 'sora-2-pro' }, { size: '1280x720' }, { seconds: 4 }, { prompt: 'a fox!' }, { prompt: null }, { remixedFromId: 'video_0' }]) {
      expect(matchesIntent(job('a', change), intent, 0)).toBe(false);
    }
    expect(matchesIntent(job('a', { createdAt: 990 }), intent, 0)).toBe(false);
    expect(matchesIntent(job('a', { createdAt: 990 }), intent, 120)).toBe(true);
  });

  it('matches a remix by its source job and prompt', () => {
    const remix = { ...intent, kind: 'remix' as const, parentJobId: 'video_p' };
    expect(matchesIntent(job('r', { remixedFromId: 'video_p', size: '1280x720' }), remix, 0)).toBe(true);
    expect(matchesIntent(job('r', { remixedFromId: 'video_q' }), remix, 0)).toBe(false);
  });
});

describe('pickCandidate', () => {
  it('adopts the oldest unclaimed match, so identical twins never share a job', () => {
    const jobs = [job('c', { createdAt: 1003 }), job('b', { createdAt: 1002 }), job('x', { prompt: 'other' }), job('a', { createdAt: 1002 })];
    const claimed = new Set<string>();
    const first = pickCandidate(jobs, intent, claimed, 0)!;
    claimed.add(first.id);
    const second = pickCandidate(jobs, intent, claimed, 0)!;
    claimed.add(second.id);
    expect([first.id, second.id]).toEqual(['a', 'b']);
    expect(pickCandidate(jobs, intent, new Set(['a', 'b', 'c']), 0)).toBeUndefined();
  });
});
