// Read-only views of the cache for `render plan` (hit or miss, and why) and `render stitch` (each shot's verified
// file), with no paid call and no lock: both only read files that are renamed into place atomically.
import { computeShotKeys, type KeyableShot, type ProviderIdentityOf } from './key.js';
import { parentOf } from '../plan/plan.js';
import { cacheStatus, type CacheIndexSnapshot, type IndexedEntry, type RemoteState, type ShotCacheStatus } from './status.js';
import { blobPath, cacheLayout, readEntry, readLatestForShot, verifyBlob, withIntactThumbnail, type CacheEntry, type CacheLayout, type VerifyMode } from './store.js';

/** Load the index entries of the given keys (blobs checked by size, or size and hash) and each shot's latest entry. */
export async function loadIndexSnapshot(layout: CacheLayout, shots: ReadonlyArray<{ id: string; key: string }>, mode: VerifyMode): Promise<CacheIndexSnapshot> {
  const entries = new Map<string, IndexedEntry>();
  const latestByShot = new Map<string, CacheEntry>();
  await Promise.all(
    shots.map(async ({ id, key }) => {
      const entry = await readEntry(layout, key);
      if (entry) {
        const intact = await verifyBlob(layout, entry.video, mode);
        entries.set(key, { entry: intact ? await withIntactThumbnail(layout, entry, 'size') : entry, intact });
      }
      const latest = await readLatestForShot(layout, id);
      if (latest) latestByShot.set(id, latest);
    }),
  );
  return { entries, latestByShot };
}

export interface PlannedForCache extends KeyableShot {
  costMicroUsd: number;
}

export interface CacheQuery {
  cacheDir: string;
  providerIdentity: ProviderIdentityOf;
  /** Topological order, parents first. */
  shots: readonly PlannedForCache[];
  nowMs: number;
  /** 'size' is fast (the plan); 'hash' re-reads every clip (before reuse). Default 'size'. */
  verify?: VerifyMode;
  remote?: RemoteState['jobs'];
}

/** Per shot: hit or miss and why, and what it costs now; for `render plan`. */
export async function planCacheStatus(query: CacheQuery): Promise<ShotCacheStatus[]> {
  const keys = computeShotKeys(query.shots, query.providerIdentity);
  const statusShots = query.shots.map((shot) => {
    const { key, components } = keys.get(shot.id)!;
    return { id: shot.id, key, components, remixOf: parentOf(shot), costMicroUsd: shot.costMicroUsd };
  });
  const index = await loadIndexSnapshot(cacheLayout(query.cacheDir), statusShots, query.verify ?? 'size');
  return cacheStatus(statusShots, index, { nowMs: query.nowMs, ...(query.remote ? { jobs: query.remote } : {}) });
}

export interface CachedClip {
  id: string;
  key: string;
  /** Absolute path of the verified mp4, when the cache holds an intact one. */
  file?: string;
  thumbnail?: string;
  entry?: CacheEntry;
}

/** Each shot's cached clip, hash-verified, for `render stitch`; a missing or damaged one has no file. */
export async function lookupCachedClips(query: Omit<CacheQuery, 'nowMs' | 'remote'>): Promise<CachedClip[]> {
  const layout = cacheLayout(query.cacheDir);
  const keys = computeShotKeys(query.shots, query.providerIdentity);
  return Promise.all(
    query.shots.map(async (shot): Promise<CachedClip> => {
      const key = keys.get(shot.id)!.key;
      const found = await readEntry(layout, key);
      if (!found || !(await verifyBlob(layout, found.video, query.verify ?? 'hash'))) return { id: shot.id, key };
      const entry = await withIntactThumbnail(layout, found, 'size');
      return {
        id: shot.id,
        key,
        entry,
        file: blobPath(layout, entry.video),
        ...(entry.thumbnail ? { thumbnail: blobPath(layout, entry.thumbnail) } : {}),
      };
    }),
  );
}
