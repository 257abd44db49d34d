// Stream one object from the shared store into a local temp file, hashed and counted as it is written, bounded in
// bytes (never more than expected) and in time; renamed into place only when size and sha256 are the expected ones.
import { createHash } from 'node:crypto';
import { open, rm } from 'node:fs/promises';
import { renameDurable, tempPath } from '../../common/durable-fs.js';
import { RenderError, isRenderError } from '../../common/errors.js';
import type { BlobStore } from './blob-store.js';

export interface Expected {
  /** Exact length when known (a blob), else the most that is accepted (a file). */
  bytes: number;
  exact: boolean;
  /** The hash the content must have; undefined when nothing says (a file put without one). */
  sha256: string | undefined;
}

export type Received = 'stored' | 'absent' | 'damaged';

export interface ReceiveLimits {
  /** The whole transfer's deadline, whatever its size: base plus a floor rate. */
  baseMs: number;
  /** Slowest accepted pace, in bytes per second, added to the deadline per byte expected. */
  floorBytesPerSecond: number;
}

export function deadlineMs(bytes: number, limits: ReceiveLimits): number {
  return limits.baseMs + Math.ceil((bytes / limits.floorBytesPerSecond) * 1000);
}

function readFailed(store: BlobStore, name: string, error: unknown, timedOut: boolean): RenderError {
  if (isRenderError(error)) return error;
  const code = (error as { code?: unknown; name?: unknown } | null)?.code ?? (error as { name?: unknown } | null)?.name;
  const why = timedOut ? 'the transfer took longer than its time limit' : `the transfer broke off (${typeof code === 'string' ? code : 'error'})`;
  return new RenderError('CACHE_STORE_FAILED', `shared cache ${store.url}: cannot read ${name}: ${why}`, {
    hint: 'check the network and the storage, then run again',
    cause: error,
  });
}

/**
 * Copy `name` to `target` (through a temp file in `tmpDir`, on target's file system). 'damaged' when the store's
 * bytes are not the expected ones (wrong length, too long, wrong hash): nothing is left behind then.
 */
export async function receiveObject(store: BlobStore, name: string, target: string, tmpDir: string, expected: Expected, limits: ReceiveLimits): Promise<Received> {
  const timeout = AbortSignal.timeout(deadlineMs(expected.bytes, limits));
  const found = await store.read(name, timeout).catch((error: unknown) => {
    throw readFailed(store, name, error, timeout.aborted);
  });
  if (!found) return 'absent';
  const wantSha = expected.sha256 ?? found.sha256;
  const sizeWrong = found.bytes !== undefined && (expected.exact ? found.bytes !== expected.bytes : found.bytes > expected.bytes);
  if (sizeWrong || (expected.sha256 && found.sha256 && found.sha256 !== expected.sha256)) {
    await drop(found.body);
    return 'damaged';
  }
  const temp = tempPath(tmpDir, target);
  const hash = createHash('sha256');
  let bytes = 0;
  let verdict: Received = 'stored';
  try {
    const handle = await open(temp, 'wx', 0o644);
    try {
      for await (const chunk of found.body) {
        if (timeout.aborted) throw new Error('past the deadline');
        bytes += chunk.length;
        if (bytes > expected.bytes) {
          verdict = 'damaged';
          break;
        }
        hash.update(chunk);
        await handle.write(chunk);
      }
      if (verdict === 'stored' && ((expected.exact && bytes !== expected.bytes) || (wantSha !== undefined && hash.digest('hex') !== wantSha))) verdict = 'damaged';
      if (verdict === 'stored') await handle.sync();
    } finally {
      await handle.close();
    }
    if (verdict === 'stored') await renameDurable(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw readFailed(store, name, error, timeout.aborted);
  } finally {
    if (verdict !== 'stored') await drop(found.body);
  }
  if (verdict !== 'stored') await rm(temp, { force: true });
  return verdict;
}

async function drop(body: AsyncIterable<Uint8Array>): Promise<void> {
  const destroy = (body as { destroy?: () => void }).destroy;
  if (typeof destroy === 'function') destroy.call(body);
}
