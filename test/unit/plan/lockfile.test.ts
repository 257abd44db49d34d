// The lockfile's format and update rule, pure: sorted keys and one value per line; completed shots' facts; a shot that
// did not complete keeps its previous entry; an unchanged re-run (cache hits) keeps the cost recorded when it was paid.
import { describe, expect, it } from 'vitest';
import { computeShotKeys } from '../../../src/cache/key.js';
import { buildLockfile, formatLockfile, lockfileNameFor, parseLockfile, type LockShotFacts } from '../../../src/plan/lockfile.js';

const keys = computeShotKeys(
  [
    { id: 'a', model: 'sora-2', size: '1280x720', seconds: 4, prompt: 'first', take: 1 },
    { id: 'b', model: 'sora-2', size: '1280x720', seconds: 4, prompt: 'second', take: 1 },
  ],
  'sim',
);
const fact = (id: 'a' | 'b', extra: Partial<LockShotFacts> = {}): LockShotFacts => ({
  id,
  kind: 'create',
  key: keys.get(id)!.key,
  inputs: keys.get(id)!.components,
  costMicroUsd: 400_000,
  status: 'completed',
  cache: 'paid',
  jobId: `video_${id}`,
  sha256: id.repeat(64),
  ...extra,
});

describe('the lockfile', () => {
  it('is named after the storyboard file', () => {
    expect(lockfileNameFor('storyboard.yaml')).toBe('storyboard.lock');
    expect(lockfileNameFor('night.storyboard.yml')).toBe('night.storyboard.lock');
  });

  it('is JSON with sorted keys, one value per line and a trailing newline, and reads back as written', () => {
    const text = formatLockfile(buildLockfile('demo', [fact('a', { chargedMicroUsd: 380_000 })], undefined));
    expect(text.endsWith('}\n')).toBe(true);
    const lines = text.split('\n');
    expect(lines.slice(0, 3)).toEqual(['{', '  "lockfileVersion": 1,', '  "shots": [']);
    expect(lines).toContain('        "chargedUsd": "0.38",');
    expect(lines).toContain('        "estimateUsd": "0.40"');
    // Keys in order inside the entry: clipSha256, cost, id, inputs, jobId, key, kind.
    const order = ['"clipSha256"', '"cost"', '"id"', '"inputs"', '"jobId"', '"key"', '"kind"'].map((name) => lines.findIndex((line) => line.trimStart().startsWith(name)));
    expect(order).toEqual([...order].sort((x, y) => x - y));
    expect(parseLockfile(text, 'storyboard.lock')).toEqual(JSON.parse(text));
  });

  it('keeps the previous entry of a shot that failed, and drops shots no longer in the storyboard', () => {
    const first = buildLockfile('demo', [fact('a'), fact('b')], undefined);
    const next = buildLockfile('demo', [fact('b', { status: 'failed', jobId: 'video_other', sha256: undefined })], first);
    expect(next.shots).toEqual([first.shots[1]]);
    expect(buildLockfile('demo', [fact('a', { status: 'failed' })], undefined).shots).toEqual([]);
  });

  it('keeps the charge recorded when a shot was paid for across an unchanged re-run (a cache hit reports none)', () => {
    const first = buildLockfile('demo', [fact('a', { chargedMicroUsd: 380_000 })], undefined);
    const again = buildLockfile('demo', [fact('a', { cache: 'hit', chargedMicroUsd: undefined })], first);
    expect(formatLockfile(again)).toBe(formatLockfile(first));
    const regenerated = buildLockfile('demo', [fact('a', { jobId: 'video_new', chargedMicroUsd: undefined })], first);
    expect(regenerated.shots[0]).toMatchObject({ jobId: 'video_new', cost: { estimateMicroUsd: 400_000 } });
    expect(regenerated.shots[0]!.cost.chargedMicroUsd).toBeUndefined();
  });

  it('refuses text that is not a lockfile with a user error naming the file (a merge conflict)', () => {
    expect(() => parseLockfile('<<<<<<< HEAD\n{}', 'storyboard.lock')).toThrow(/storyboard\.lock is not a lockfile/);
    expect(() => parseLockfile('{"lockfileVersion": 2, "shots": []}', 'x.lock')).toThrow(/lockfileVersion is 2/);
    expect(() => parseLockfile('{"lockfileVersion": 1, "shots": [{"id": "a", "key": "nope"}]}', 'x.lock')).toThrow(/shot "a" has no valid key/);
  });
});
