// The content-addressed shot cache: blobs stored once by sha256, one index entry per shot key (Bazel's CAS + AC,
// docs/design/money-safety.md#content-addressed-cache). An entry is trusted only after its blob passes size (and,
// before reuse, hash) checks.
import type { ClipFacts } from '../stitch/types.js';
import { readFile, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { KeyComponents } from './key.js';
import { hashFile, writeFileAtomic } from '../common/durable-fs.js';
import { makeDir } from '../common/fs-errors.js';

export interface CacheLayout {
  root: string;
  objects: string;
  index: string;
  shots: string;
  tmp: string;
  journal: string;
  lock: string;
  daily: string;
}

export function cacheLayout(cacheDir: string): CacheLayout {
  return {
    root: cacheDir,
    objects: join(cacheDir, 'objects'),
    index: join(cacheDir, 'index'),
    shots: join(cacheDir, 'shots'),
    tmp: join(cacheDir, 'tmp'),
    journal: join(cacheDir, 'journal.jsonl'),
    lock: join(cacheDir, 'lock'),
    daily: join(cacheDir, 'daily'),
  };
}

export async function ensureLayout(layout: CacheLayout): Promise<void> {
  for (const dir of [layout.objects, layout.index, layout.shots, layout.tmp, layout.daily]) await makeDir(dir);
}

export interface BlobRef {
  sha256: string;
  bytes: number;
  ext: string;
}

export interface CacheEntry {
  version: 1;
  key: string;
  shotId: string;
  components: KeyComponents;
  jobId: string;
  /** Unix seconds, as the provider reported them. */
  createdAt: number;
  completedAt: number | null;
  /** When the remote job's assets expire: after it, the job cannot be remixed or downloaded again. */
  expiresAt: number | null;
  costMicroUsd: number;
  video: BlobRef;
  thumbnail?: BlobRef;
  storedAt: string;
  /** What the download's check probed of the video (absent in entries written before it was kept). */
  probe?: ClipFacts;
}

const isRational = (value: unknown): boolean => typeof (value as { num?: unknown } | null)?.num === 'number' && typeof (value as { den?: unknown }).den === 'number';

/** Probe facts are only trusted when they have the shape a probe gives; anything else is dropped (and re-probed). */
function isClipFacts(value: unknown): value is ClipFacts {
  const facts = value as Partial<ClipFacts> | null;
  return (
    typeof facts === 'object' && facts !== null && typeof facts.videoCodec === 'string' && typeof facts.profile === 'string' &&
    typeof facts.width === 'number' && typeof facts.height === 'number' && typeof facts.sar === 'string' && typeof facts.pixFmt === 'string' &&
    typeof facts.duration === 'number' && isRational(facts.fps) && isRational(facts.timeBase) &&
    (facts.audio === null || (typeof facts.audio === 'object' && typeof facts.audio?.sampleRate === 'number' && typeof facts.audio.channels === 'number' && typeof facts.audio.duration === 'number'))
  );
}

export function blobPath(layout: CacheLayout, blob: { sha256: string; ext: string }): string {
  return join(layout.objects, blob.sha256.slice(0, 2), `${blob.sha256}.${blob.ext}`);
}

function entryPath(layout: CacheLayout, key: string): string {
  return join(layout.index, key.slice(0, 2), `${key}.json`);
}

// Shot ids are schema-constrained; anything else is hashed so it can never name a path outside the folder.
function pointerPath(layout: CacheLayout, shotId: string): string {
  const safe = /^[a-z0-9][a-z0-9_-]{0,63}$/.test(shotId) ? shotId : `_${Buffer.from(shotId).toString('hex').slice(0, 120)}`;
  return join(layout.shots, `${safe}.json`);
}

function isEntry(value: unknown, key: string): value is CacheEntry {
  const entry = value as Partial<CacheEntry> | null;
  return (
    typeof entry === 'object' && entry !== null && entry.version === 1 && entry.key === key &&
    typeof entry.jobId === 'string' && typeof entry.video?.sha256 === 'string' && typeof entry.video.bytes === 'number'
  );
}

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** The index entry for a key, or undefined when absent or unreadable (a damaged entry is a miss). */
export async function readEntry(layout: CacheLayout, key: string): Promise<CacheEntry | undefined> {
  const value = await readJson(entryPath(layout, key));
  if (!isEntry(value, key)) return undefined;
  if (value.probe !== undefined && !isClipFacts(value.probe)) {
    const { probe: _damaged, ...rest } = value;
    return rest;
  }
  return value;
}

/** The last key stored for a shot id: what `render plan` compares against to explain a miss. */
export async function readLatestForShot(layout: CacheLayout, shotId: string): Promise<CacheEntry | undefined> {
  const pointer = (await readJson(pointerPath(layout, shotId))) as { key?: unknown } | undefined;
  return typeof pointer?.key === 'string' ? readEntry(layout, pointer.key) : undefined;
}

/** Index entry first (AC after CAS: the blob is already durable), then the per-shot pointer. */
export async function writeEntry(layout: CacheLayout, entry: CacheEntry): Promise<void> {
  const path = entryPath(layout, entry.key);
  // writeFileAtomic's rename makes the index/xx folder when it is missing.
  await writeFileAtomic(path, `${JSON.stringify(entry, null, 2)}\n`, layout.tmp);
  // The pointer only explains a later miss (`render plan`): replaced atomically, but not worth two fsyncs per shot.
  await writeFileAtomic(pointerPath(layout, entry.shotId), `${JSON.stringify({ key: entry.key })}\n`, layout.tmp, { durable: false });
}

export type VerifyMode = 'size' | 'hash';

/** A blob is usable only if it exists with the recorded size (and hash, in 'hash' mode). */
export async function verifyBlob(layout: CacheLayout, blob: BlobRef, mode: VerifyMode): Promise<boolean> {
  const path = blobPath(layout, blob);
  try {
    const info = await stat(path);
    if (!info.isFile() || info.size !== blob.bytes) return false;
    if (mode === 'size') return true;
    const digest = await hashFile(path);
    return digest.sha256 === blob.sha256 && digest.bytes === blob.bytes;
  } catch {
    return false;
  }
}

/**
 * The entry as it can be used: without its thumbnail when that blob fails the check. Thumbnails are written without
 * fsync (a lost one costs a poster frame, never money), so after a power cut an entry may name one that is short or
 * missing; the video blob is checked by the caller.
 */
export async function withIntactThumbnail(layout: CacheLayout, entry: CacheEntry, mode: VerifyMode): Promise<CacheEntry> {
  if (!entry.thumbnail || (await verifyBlob(layout, entry.thumbnail, mode))) return entry;
  const { thumbnail: _lost, ...rest } = entry;
  return rest;
}

/** Delete temp files left by a killed run (called under the lock, so no live writer owns them). */
export async function cleanTmp(layout: CacheLayout): Promise<number> {
  const names = await readdir(layout.tmp).catch(() => [] as string[]);
  await Promise.all(names.map((name) => rm(join(layout.tmp, name), { force: true, recursive: true })));
  return names.length;
}
