// The storyboard against its lockfile: per shot, what changed since the lockfile was written and what `render` will
// pay for it, with a total, for a reviewer ("this change re-bills 3 shots, $2.40"). Pure: keys and prices in, a
// diff out. A shot whose key equals its lockfile entry's is not re-billed: its clip is the one the lockfile names.
import { canonicalJson, type KeyComponents } from '../cache/key.js';
import { formatUsd, microToUsd, type MicroUsd } from '../common/money.js';
import { stripControl } from '../common/redact.js';
import type { Lockfile } from './lockfile.js';

/** A shot of the storyboard now: its key, what the key is made of, and what one generation costs. */
export interface KeyedShot {
  id: string;
  key: string;
  inputs: KeyComponents;
  parent?: string | undefined;
  costMicroUsd: MicroUsd;
}

export type ChangeReason =
  | 'new-shot'
  | 'not-locked'
  | 'prompt-changed'
  | 'reference-changed'
  | 'take-bumped'
  | 'model-changed'
  | 'size-changed'
  | 'seconds-changed'
  | 'provider-changed'
  | 'kind-changed'
  | 'parent-changed'
  | 'key-version-changed'
  | 'removed';

export interface ShotChange {
  id: string;
  status: 'unchanged' | 'changed' | 'new' | 'removed';
  reasons: ChangeReason[];
  /** The parent whose key changed, for `parent-changed`. */
  parent?: string;
  /** What `render` pays for it: one generation for a changed or new shot, nothing otherwise. */
  rebillMicroUsd: MicroUsd;
}

export interface LockDiff {
  /** Storyboard order, then the removed shots in lockfile order. */
  shots: ShotChange[];
  rebilledShots: number;
  rebillMicroUsd: MicroUsd;
}

/** Which input of the key changed, in the order a reviewer reads them (the parent first: it explains the rest). */
const inputReasons: ReadonlyArray<[keyof KeyComponents, ChangeReason]> = [
  ['parentKey', 'parent-changed'],
  ['promptSha256', 'prompt-changed'],
  ['referenceSha256', 'reference-changed'],
  ['lastFrameSha256', 'reference-changed'],
  ['referencesSha256', 'reference-changed'],
  ['take', 'take-bumped'],
  ['model', 'model-changed'],
  ['size', 'size-changed'],
  ['seconds', 'seconds-changed'],
  ['provider', 'provider-changed'],
  ['derivation', 'kind-changed'],
];

function changedInputs(now: KeyComponents, then: KeyComponents): ChangeReason[] {
  const reasons = inputReasons.filter(([field]) => canonicalJson(now[field] ?? null) !== canonicalJson(then[field] ?? null)).map(([, reason]) => reason);
  // The same inputs under another key: the key's own version changed (an upgrade re-bills every shot).
  return reasons.length > 0 ? [...new Set(reasons)] : ['key-version-changed'];
}

export interface DiffOptions {
  /** Shot ids of the storyboard the lockfile belongs with: a shot there but not in the lockfile was never rendered. */
  lockedStoryboardIds?: ReadonlySet<string>;
}

export function diffAgainstLock(shots: readonly KeyedShot[], lock: Pick<Lockfile, 'shots'>, options: DiffOptions = {}): LockDiff {
  const locked = new Map(lock.shots.map((entry) => [entry.id, entry]));
  const current = shots.map((shot): ShotChange => {
    const entry = locked.get(shot.id);
    if (!entry) {
      const reason = options.lockedStoryboardIds?.has(shot.id) ? 'not-locked' : 'new-shot';
      return { id: shot.id, status: 'new', reasons: [reason], rebillMicroUsd: shot.costMicroUsd };
    }
    if (entry.key === shot.key) return { id: shot.id, status: 'unchanged', reasons: [], rebillMicroUsd: 0 };
    const reasons = changedInputs(shot.inputs, entry.inputs);
    const parent = reasons.includes('parent-changed') && shot.parent !== undefined ? { parent: shot.parent } : {};
    return { id: shot.id, status: 'changed', reasons, ...parent, rebillMicroUsd: shot.costMicroUsd };
  });
  const ids = new Set(shots.map((shot) => shot.id));
  const removed = lock.shots.filter((entry) => !ids.has(entry.id)).map((entry): ShotChange => ({ id: entry.id, status: 'removed', reasons: ['removed'], rebillMicroUsd: 0 }));
  const rebilled = current.filter((change) => change.status === 'changed' || change.status === 'new');
  return {
    shots: [...current, ...removed],
    rebilledShots: rebilled.length,
    rebillMicroUsd: rebilled.reduce((sum, change) => sum + change.rebillMicroUsd, 0),
  };
}

const reasonText: Record<ChangeReason, string> = {
  'new-shot': 'new shot',
  'not-locked': 'not in the lockfile (never rendered)',
  'prompt-changed': 'prompt changed',
  'reference-changed': 'reference image changed',
  'take-bumped': 'take bumped',
  'model-changed': 'model changed',
  'size-changed': 'size changed',
  'seconds-changed': 'seconds changed',
  'provider-changed': 'provider changed',
  'kind-changed': 'kind changed',
  'parent-changed': 'parent changed',
  'key-version-changed': 'cache key version changed',
  removed: 'removed',
};

/** `parent street changed, prompt changed`: the words `render plan` prints for one shot. */
export function describeChange(change: Pick<ShotChange, 'reasons' | 'parent'>): string {
  return change.reasons.map((reason) => (reason === 'parent-changed' && change.parent ? `parent ${stripControl(change.parent)} changed` : reasonText[reason])).join(', ');
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The one line a pull-request check posts: `this change re-bills 3 shots, $2.40`. */
export function rebillSentence(diff: LockDiff): string {
  if (diff.rebilledShots === 0) return 'this change re-bills nothing';
  return `this change re-bills ${plural(diff.rebilledShots, 'shot')}, ${formatUsd(diff.rebillMicroUsd)}`;
}

/** The section `render plan` prints under its table: a heading with the total, one row per shot that differs. */
export function formatLockDiff(diff: LockDiff, against: string): string {
  const rows = diff.shots.filter((change) => change.status !== 'unchanged').map((change) => [stripControl(change.id), describeChange(change), formatUsd(change.rebillMicroUsd)]);
  const unchanged = diff.shots.filter((change) => change.status === 'unchanged').length;
  const widths = [0, 1].map((column) => Math.max(0, ...rows.map((row) => row[column]!.length)));
  const money = Math.max(0, ...rows.map((row) => row[2]!.length));
  const lines = rows.map(([id, why, cost]) => `  ${id!.padEnd(widths[0]!)}  ${why!.padEnd(widths[1]!)}  ${cost!.padStart(money)}`);
  return [`Against ${against}: ${rebillSentence(diff)}`, ...lines, `  ${plural(unchanged, 'shot')} unchanged`].join('\n');
}

/** The diff in `render plan --json`, with USD amounts beside the micro-dollars. */
export function lockDiffToJson(diff: LockDiff): Record<string, unknown> {
  return {
    shots: diff.shots.map((change) => ({ ...change, rebillUsd: microToUsd(change.rebillMicroUsd), why: describeChange(change) })),
    rebilledShots: diff.rebilledShots,
    rebillMicroUsd: diff.rebillMicroUsd,
    rebillUsd: microToUsd(diff.rebillMicroUsd),
    summary: rebillSentence(diff),
  };
}
