// Which listed job an unanswered create made: same recipe, created after the intent (on the server's clock), not
// claimed; twins get distinct jobs in created_at order; a job listed without its prompt is adopted only when nothing
// else could claim it.
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../src/cache/key.js';
import type { IntentRecord } from '../../../src/execute/journal-records.js';
import { nextLookDelayMs } from '../../../src/execute/reconcile.js';
import { matchIntent, pickCandidate, type TimeWindow } from '../../../src/execute/reconcile-match.js';
import type { VideoJob } from '../../../src/providers/provider.js';

const intent: IntentRecord = {
  type: 'intent', intentId: 'i1', shotId: 's', shotKey: 'k', kind: 'create', model: 'sora-2', size: '720x1280', seconds: 8,
  promptSha256: sha256Hex('a fox'), parentJobId: null, reservedMicroUsd: 800_000, notBefore: 1000, attempt: 1,
};
const job = (id: string, extra: Partial<VideoJob> = {}): VideoJob => ({
  id, status: 'queued', progress: 0, model: 'sora-2', size: '720x1280', seconds: 8, prompt: 'a fox', createdAt: 1001,
  completedAt: null, expiresAt: null, remixedFromId: null, error: null, ...extra,
});
const exactClock: TimeWindow = { offsetSeconds: 0, marginSeconds: 0 };
const margin = (marginSeconds: number): TimeWindow => ({ offsetSeconds: 0, marginSeconds });

describe('matchIntent', () => {
  it('needs the same model, size, seconds and prompt, created no earlier than the intent (minus the margin)', () => {
    expect(matchIntent(job('a'), intent, exactClock)).toBe('exact');
    expect(matchIntent(job('a', { model: 'sora-2-2025-12-08' }), intent, exactClock)).toBe('exact');
    for (const change of [{ model: 'sora-2-pro' }, { size: '1280x720' }, { seconds: 4 }, { prompt: 'a fox!' }, { remixedFromId: 'video_0' }]) {
      expect(matchIntent(job('a', change), intent, exactClock)).toBe('none');
    }
    expect(matchIntent(job('a', { createdAt: 990 }), intent, exactClock)).toBe('none');
    expect(matchIntent(job('a', { createdAt: 990 }), intent, margin(120))).toBe('exact');
  });

  it('matches a job listed without its prompt on the rest of the recipe, as a weaker match', () => {
    expect(matchIntent(job('a', { prompt: null }), intent, exactClock)).toBe('no-prompt');
    expect(matchIntent(job('a', { prompt: null, seconds: 4 }), intent, exactClock)).toBe('none');
  });

  it("compares created_at on the server's clock: a server 300 s behind still matches, a stale job does not", () => {
    const behind: TimeWindow = { offsetSeconds: -300, marginSeconds: 5 };
    expect(matchIntent(job('a', { createdAt: 1000 - 299 }), intent, behind)).toBe('exact');
    expect(matchIntent(job('a', { createdAt: 1000 - 299 }), intent, margin(120))).toBe('none');
    expect(matchIntent(job('a', { createdAt: 1000 - 400 }), intent, behind)).toBe('none');
  });

  it('matches a remix by its source job and prompt', () => {
    const remix = { ...intent, kind: 'remix' as const, parentJobId: 'video_p' };
    expect(matchIntent(job('r', { remixedFromId: 'video_p', size: '1280x720' }), remix, exactClock)).toBe('exact');
    expect(matchIntent(job('r', { remixedFromId: 'video_q' }), remix, exactClock)).toBe('none');
  });
});

describe('pickCandidate', () => {
  it('adopts the oldest unclaimed match, so identical twins never share a job', () => {
    const jobs = [job('c', { createdAt: 1003 }), job('b', { createdAt: 1002 }), job('x', { prompt: 'other' }), job('a', { createdAt: 1002 })];
    const claimed = new Set<string>();
    const first = pickCandidate(jobs, intent, claimed, exactClock);
    expect(first.kind).toBe('adopt');
    claimed.add(first.kind === 'adopt' ? first.job.id : '');
    const second = pickCandidate(jobs, intent, claimed, exactClock);
    claimed.add(second.kind === 'adopt' ? second.job.id : '');
    expect([...claimed]).toEqual(['a', 'b']);
    expect(pickCandidate(jobs, intent, new Set(['a', 'b', 'c']), exactClock)).toEqual({ kind: 'none' });
  });

  it('adopts a single prompt-less job when no other open intent fits it', () => {
    expect(pickCandidate([job('p', { prompt: null })], intent, new Set(), exactClock)).toMatchObject({ kind: 'adopt', job: { id: 'p' } });
    const other = { ...intent, intentId: 'i2', shotKey: 'k2', model: 'sora-2-pro', promptSha256: sha256Hex('a cat') };
    expect(pickCandidate([job('p', { prompt: null })], intent, new Set(), exactClock, [other])).toMatchObject({ kind: 'adopt' });
  });

  it('never adopts a prompt-less job when two candidates fit, or when another open intent fits it too', () => {
    const two = [job('p', { prompt: null }), job('q', { prompt: null, createdAt: 1005 })];
    expect(pickCandidate(two, intent, new Set(), exactClock)).toEqual({ kind: 'ambiguous', candidates: 2 });
    const rival = { ...intent, intentId: 'i2', promptSha256: sha256Hex('a cat') };
    expect(pickCandidate([job('p', { prompt: null })], intent, new Set(), exactClock, [rival])).toEqual({ kind: 'ambiguous', candidates: 1 });
    // An exact match is still taken: the prompt tells the pair apart.
    expect(pickCandidate([...two, job('e')], intent, new Set(), exactClock, [rival])).toMatchObject({ kind: 'adopt', job: { id: 'e' } });
  });
});

describe('nextLookDelayMs', () => {
  it('starts quick and doubles up to the ceiling', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((looks) => nextLookDelayMs(looks, 2_000, 30_000))).toEqual([2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  });
});
