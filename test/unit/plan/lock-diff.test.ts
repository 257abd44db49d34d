// The storyboard against its lockfile, pure: which shots an edit re-bills, why, and the total a reviewer sees.
import { describe, expect, it } from 'vitest';
import { computeShotKeys, type KeyableShot } from '../../../src/cache/key.js';
import { diffAgainstLock, formatLockDiff, rebillSentence, type KeyedShot } from '../../../src/plan/lock-diff.js';
import { buildLockfile, type Lockfile } from '../../../src/plan/lockfile.js';

interface Spec extends KeyableShot {
  costMicroUsd: number;
}

const base: Spec[] = [
  { id: 'skyline', model: 'sora-2', size: '1280x720', seconds: 4, prompt: 'a skyline at dusk', take: 1, costMicroUsd: 400_000 },
  { id: 'street', model: 'sora-2', size: '1280x720', seconds: 8, prompt: 'a wet street', take: 1, costMicroUsd: 800_000 },
  { id: 'street-night', remixOf: 'street', model: 'sora-2', size: '1280x720', seconds: 8, prompt: 'the same at midnight', take: 1, costMicroUsd: 800_000 },
  { id: 'street-later', remixOf: 'street-night', model: 'sora-2', size: '1280x720', seconds: 8, prompt: 'the same at dawn', take: 1, costMicroUsd: 800_000 },
  { id: 'rooftop', model: 'sora-2', size: '1280x720', seconds: 4, prompt: 'a lantern over a roof', take: 1, costMicroUsd: 400_000 },
];

function keyed(shots: readonly Spec[]): KeyedShot[] {
  const keys = computeShotKeys(shots, 'sim');
  return shots.map((shot) => ({ id: shot.id, key: keys.get(shot.id)!.key, inputs: keys.get(shot.id)!.components, parent: shot.remixOf, costMicroUsd: shot.costMicroUsd }));
}

/** The lockfile a completed run of `shots` writes. */
function lockOf(shots: readonly Spec[]): Lockfile {
  return buildLockfile(
    'city',
    keyed(shots).map((shot) => ({ ...shot, kind: shot.parent ? 'remix' : 'create', status: 'completed', cache: 'paid', jobId: `video_${shot.id}`, sha256: 'a'.repeat(64) })),
    undefined,
  );
}

const edit = (id: string, change: Partial<Spec>) => base.map((shot) => (shot.id === id ? { ...shot, ...change } : shot));

describe('diffAgainstLock', () => {
  it('re-bills nothing for the storyboard the lockfile was written for', () => {
    const diff = diffAgainstLock(keyed(base), lockOf(base));
    expect(diff.rebilledShots).toBe(0);
    expect(diff.rebillMicroUsd).toBe(0);
    expect(diff.shots.every((change) => change.status === 'unchanged')).toBe(true);
    expect(rebillSentence(diff)).toBe('this change re-bills nothing');
  });

  it('one edited prompt re-bills that shot and every remix descendant, with the right total', () => {
    const diff = diffAgainstLock(keyed(edit('street', { prompt: 'a wet street, now with a tram' })), lockOf(base));
    const changed = diff.shots.filter((change) => change.status !== 'unchanged');
    expect(changed.map((change) => [change.id, change.reasons, change.parent ?? null])).toEqual([
      ['street', ['prompt-changed'], null],
      ['street-night', ['parent-changed'], 'street'],
      ['street-later', ['parent-changed'], 'street-night'],
    ]);
    expect(diff.rebillMicroUsd).toBe(2_400_000);
    expect(rebillSentence(diff)).toBe('this change re-bills 3 shots, $2.40');
  });

  it('names a model change, a new shot and a removed shot (a removed shot costs nothing)', () => {
    const now = [...edit('rooftop', { model: 'sora-2-pro', costMicroUsd: 1_200_000 }).filter((shot) => shot.id !== 'skyline'), { id: 'harbour', model: 'sora-2', size: '1280x720', seconds: 4, prompt: 'a harbour', take: 1, costMicroUsd: 400_000 }];
    const diff = diffAgainstLock(keyed(now), lockOf(base));
    expect(diff.shots.filter((change) => change.status !== 'unchanged').map((change) => [change.id, change.status, change.reasons, change.rebillMicroUsd])).toEqual([
      ['rooftop', 'changed', ['model-changed'], 1_200_000],
      ['harbour', 'new', ['new-shot'], 400_000],
      ['skyline', 'removed', ['removed'], 0],
    ]);
    expect(diff.rebillMicroUsd).toBe(1_600_000);
  });

  it('tells a shot the base storyboard had but its lockfile never recorded from a new one', () => {
    const lock = lockOf(base.filter((shot) => shot.id !== 'rooftop'));
    const diff = diffAgainstLock(keyed(base), lock, { lockedStoryboardIds: new Set(base.map((shot) => shot.id)) });
    expect(diff.shots.find((change) => change.id === 'rooftop')).toMatchObject({ status: 'new', reasons: ['not-locked'], rebillMicroUsd: 400_000 });
  });

  it('prints one row per shot that differs, the total first, and the count of the rest', () => {
    const diff = diffAgainstLock(keyed(edit('street', { prompt: 'a wet street, now with a tram', take: 2 })), lockOf(base));
    expect(formatLockDiff(diff, 'storyboard.lock at HEAD')).toBe(
      [
        'Against storyboard.lock at HEAD: this change re-bills 3 shots, $2.40',
        '  street        prompt changed, take bumped  $0.80',
        '  street-night  parent street changed        $0.80',
        '  street-later  parent street-night changed  $0.80',
        '  2 shots unchanged',
      ].join('\n'),
    );
  });
});
