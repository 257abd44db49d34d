// Pure cache status for `render plan` and the executor: per shot hit or miss, and why, pricing only the misses
// (plus a cached remix source that must be regenerated because its remote job is gone).
import type { KeyComponents } from './key.js';
import type { CacheEntry } from './store.js';

export interface StatusShot {
  id: string;
  key: string;
  components: KeyComponents;
  /** The shot it derives from (remix or extension): a miss there makes this a miss, and its job must still exist. */
  remixOf?: string | undefined;
  costMicroUsd: number;
}

export interface IndexedEntry {
  entry: CacheEntry;
  /** The blob passed its size (and hash) check. */
  intact: boolean;
}

/** What the cache holds for the planned shots: by key, and the latest entry per shot id. */
export interface CacheIndexSnapshot {
  entries: ReadonlyMap<string, IndexedEntry>;
  latestByShot: ReadonlyMap<string, CacheEntry>;
}

export type RemoteJobState = 'alive' | 'expired' | 'deleted';

export interface RemoteState {
  nowMs: number;
  /** A cached remix source must stay downloadable this long for its child to be submitted; default 5 min. */
  marginMs?: number;
  /** Known states of remote jobs (from a retrieve); otherwise `expires_at` decides. */
  jobs?: ReadonlyMap<string, RemoteJobState>;
}

export type MissReason =
  | 'new-shot'
  | 'prompt-changed'
  | 'reference-changed'
  | 'take-bumped'
  | 'parent-changed'
  | 'model-changed'
  | 'size-changed'
  | 'seconds-changed'
  | 'provider-changed'
  | 'damaged'
  | 'remix-source-expired'
  | 'remix-source-deleted';

export interface ShotCacheStatus {
  id: string;
  key: string;
  status: 'hit' | 'miss';
  reasons: MissReason[];
  /** The cached entry (hits, and misses forced by an expired remix source). */
  entry?: CacheEntry;
  /** What this shot costs now: 0 for a hit. */
  costMicroUsd: number;
}

const componentReasons: ReadonlyArray<[keyof KeyComponents, MissReason]> = [
  ['parentKey', 'parent-changed'],
  ['promptSha256', 'prompt-changed'],
  ['referenceSha256', 'reference-changed'],
  ['take', 'take-bumped'],
  ['model', 'model-changed'],
  ['size', 'size-changed'],
  ['seconds', 'seconds-changed'],
  ['provider', 'provider-changed'],
];

/** Why a key differs from the one stored last for the same shot id. */
export function missReasons(current: KeyComponents, previous: CacheEntry | undefined): MissReason[] {
  if (!previous) return ['new-shot'];
  const reasons = componentReasons.filter(([field]) => previous.components[field] !== current[field]).map(([, r]) => r);
  return reasons.length > 0 ? reasons : ['damaged'];
}

export function remoteJobState(entry: CacheEntry, remote: RemoteState): RemoteJobState {
  const known = remote.jobs?.get(entry.jobId);
  if (known) return known;
  if (entry.expiresAt === null) return 'alive';
  return entry.expiresAt * 1000 > remote.nowMs + (remote.marginMs ?? 300_000) ? 'alive' : 'expired';
}

export function cacheStatus(shots: readonly StatusShot[], index: CacheIndexSnapshot, remote: RemoteState): ShotCacheStatus[] {
  const statuses = shots.map((shot): ShotCacheStatus => {
    const found = index.entries.get(shot.key);
    if (found?.intact) return { id: shot.id, key: shot.key, status: 'hit', reasons: [], entry: found.entry, costMicroUsd: 0 };
    const reasons = found ? (['damaged'] as MissReason[]) : missReasons(shot.components, index.latestByShot.get(shot.id));
    return { id: shot.id, key: shot.key, status: 'miss', reasons, costMicroUsd: shot.costMicroUsd };
  });
  const byId = new Map(statuses.map((s, i) => [s.id, { status: s, shot: shots[i]! }]));
  // Children before parents, so a regenerated source can in turn force its own source.
  for (let i = shots.length - 1; i >= 0; i -= 1) {
    const shot = shots[i]!;
    const parent = shot.remixOf === undefined ? undefined : byId.get(shot.remixOf);
    if (statuses[i]!.status !== 'miss' || !parent || parent.status.status !== 'hit' || !parent.status.entry) continue;
    const state = remoteJobState(parent.status.entry, remote);
    if (state === 'alive') continue;
    parent.status.status = 'miss';
    parent.status.reasons = [state === 'expired' ? 'remix-source-expired' : 'remix-source-deleted'];
    parent.status.costMicroUsd = parent.shot.costMicroUsd;
  }
  return statuses;
}

const reasonText: Record<MissReason, string> = {
  'new-shot': 'new shot',
  'prompt-changed': 'prompt changed',
  'reference-changed': 'reference changed',
  'take-bumped': 'take bumped',
  'parent-changed': 'parent changed',
  'model-changed': 'model changed',
  'size-changed': 'size changed',
  'seconds-changed': 'seconds changed',
  'provider-changed': 'provider changed',
  damaged: 'cached file missing or damaged',
  'remix-source-expired': "cached, but its remote job expired: regenerated so a remix child can use it",
  'remix-source-deleted': 'cached, but its remote job was deleted: regenerated so a remix child can use it',
};

/** `prompt changed, take bumped`: the words `render plan` prints. */
export function describeMiss(reasons: readonly MissReason[]): string {
  return reasons.map((reason) => reasonText[reason]).join(', ');
}
