// Names inside the shared cache, the same layout as the local cache (objects/ by sha256, index/ by key), and the
// checks an untrusted entry read from shared storage must pass before anything of it becomes a local path.
import { RenderError } from '../../common/errors.js';
import { ownTempPrefix } from '../../common/durable-fs.js';
import type { BlobRef, CacheEntry } from '../store.js';
import { badSegment } from './url.js';

const hex64 = /^[0-9a-f]{64}$/;
const extPattern = /^[a-z0-9]{1,12}$/;
/** Top-level folders the cache itself owns: putFile may not write into them. */
const reserved = new Set(['objects', 'index', 'probe']);

export function isCacheKey(key: string): boolean {
  return hex64.test(key);
}

export function blobName(blob: Pick<BlobRef, 'sha256' | 'ext'>): string {
  return `objects/${blob.sha256.slice(0, 2)}/${blob.sha256}.${blob.ext}`;
}

export function entryName(key: string): string {
  if (!isCacheKey(key)) throw new RenderError('CACHE_STORE_FAILED', `not a cache key: ${JSON.stringify(key.slice(0, 80))}`);
  return `index/${key.slice(0, 2)}/${key}.json`;
}

export function probeName(tag: string): string {
  return `probe/${tag}.txt`;
}

/** Why a putFile/getFile name is refused (absolute, `..`, into the cache's own folders), or undefined when it is fine. */
export function fileNameProblem(name: string): string | undefined {
  if (name.length === 0 || name.length > 1024) return 'the name is empty or longer than 1024 characters';
  if (name.startsWith('/')) return 'the name is absolute';
  const segments = name.split('/');
  const bad = badSegment(segments);
  if (bad) return bad;
  if (reserved.has(segments[0]!)) return `${segments[0]}/ belongs to the cache itself`;
  if (segments.some((segment) => segment.startsWith(ownTempPrefix))) return `${ownTempPrefix}* names are temp files`;
  return undefined;
}

export function checkFileName(name: string): string {
  const problem = fileNameProblem(name);
  if (problem) throw new RenderError('CACHE_STORE_FAILED', `refused shared-cache file name ${JSON.stringify(name.slice(0, 200))}: ${problem}`);
  return name;
}

/** Largest blob a shared entry may announce: far above any clip, it only stops a hostile entry filling the disk. */
export const maxBlobBytes = 8 * 1024 ** 3;

export function isBlobRef(value: unknown): value is BlobRef {
  const blob = value as Partial<BlobRef> | null;
  return (
    typeof blob === 'object' && blob !== null && typeof blob.sha256 === 'string' && hex64.test(blob.sha256) &&
    typeof blob.ext === 'string' && extPattern.test(blob.ext) &&
    typeof blob.bytes === 'number' && Number.isSafeInteger(blob.bytes) && blob.bytes >= 0 && blob.bytes <= maxBlobBytes
  );
}

/** An index entry read from shared storage: the key it is filed under, and blob refs that can only name objects/. */
export function isSharedEntry(value: unknown, key: string): value is CacheEntry {
  const entry = value as Partial<CacheEntry> | null;
  return (
    typeof entry === 'object' && entry !== null && entry.version === 1 && entry.key === key && typeof entry.shotId === 'string' &&
    typeof entry.jobId === 'string' && isBlobRef(entry.video) && (entry.thumbnail === undefined || isBlobRef(entry.thumbnail))
  );
}

export function entryBlobs(entry: CacheEntry): BlobRef[] {
  return entry.thumbnail ? [entry.video, entry.thumbnail] : [entry.video];
}
