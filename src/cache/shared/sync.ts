// pull and push between a local cache folder (the worker's staging area) and a shared store. Order matters as in the
// local cache: blobs before their index entry on both sides, so an entry is never seen without its blobs; every blob
// pulled is checked by size and sha256 before it is kept.
import { readFile, rm } from 'node:fs/promises';
import pLimit from 'p-limit';
import { tempPath } from '../../common/durable-fs.js';
import { RenderError } from '../../common/errors.js';
import { blobPath, ensureLayout, readEntry, verifyBlob, withIntactThumbnail, writeEntry, type CacheEntry, type CacheLayout } from '../store.js';
import type { BlobStore } from './blob-store.js';
import { blobName, entryBlobs, entryName, isSharedEntry } from './names.js';
import { receiveObject, type ReceiveLimits } from './receive.js';
import { sha256Hex } from '../key.js';

/** An index entry is a small JSON file: more than this is not one. */
const maxEntryBytes = 1024 * 1024;

export interface SyncOptions {
  limits: ReceiveLimits;
  /** Keys pulled at once. */
  concurrency: number;
}

export interface PushReport {
  uploaded: string[];
  skipped: string[];
}

export class SharedSync {
  /**
   * Blob names this process found damaged in the store. A later push re-uploads them even when the store's size and
   * recorded hash look right (an object altered in place keeps its metadata).
   */
  readonly #damaged = new Set<string>();

  constructor(
    readonly store: BlobStore,
    readonly options: SyncOptions,
  ) {}

  async pull(layout: CacheLayout, keys: readonly string[]): Promise<string[]> {
    await ensureLayout(layout);
    const limit = pLimit(this.options.concurrency);
    const present = await Promise.all([...new Set(keys)].map((key) => limit(async () => ((await this.#pullOne(layout, key)) ? key : undefined))));
    return present.filter((key): key is string => key !== undefined);
  }

  async #readSharedEntry(layout: CacheLayout, key: string): Promise<CacheEntry | undefined> {
    const temp = tempPath(layout.tmp, `entry-${key}.json`);
    const got = await receiveObject(this.store, entryName(key), temp, layout.tmp, { bytes: maxEntryBytes, exact: false, sha256: undefined }, this.options.limits);
    if (got !== 'stored') return undefined;
    try {
      const value = JSON.parse(await readFile(temp, 'utf8')) as unknown;
      return isSharedEntry(value, key) ? value : undefined;
    } catch {
      return undefined; // a damaged entry is a miss, as in the local cache
    } finally {
      await rm(temp, { force: true });
    }
  }

  async #pullOne(layout: CacheLayout, key: string): Promise<boolean> {
    const local = await readEntry(layout, key);
    if (local && (await this.#blobsIntact(layout, local))) return true;
    const entry = await this.#readSharedEntry(layout, key);
    if (!entry) return false;
    for (const blob of entryBlobs(entry)) {
      if (await verifyBlob(layout, blob, 'hash')) continue;
      const name = blobName(blob);
      const got = await receiveObject(this.store, name, blobPath(layout, blob), layout.tmp, { bytes: blob.bytes, exact: true, sha256: blob.sha256 }, this.options.limits);
      // A damaged or missing shared blob: the key is absent (the worker then re-downloads or regenerates it, and its
      // push replaces the damaged object). The damaged object is not deleted: a concurrent push may be replacing it.
      if (got === 'damaged') this.#damaged.add(name);
      if (got !== 'stored') return false;
    }
    await writeEntry(layout, entry);
    return true;
  }

  async #blobsIntact(layout: CacheLayout, entry: CacheEntry): Promise<boolean> {
    for (const blob of entryBlobs(entry)) if (!(await verifyBlob(layout, blob, 'hash'))) return false;
    return true;
  }

  async push(layout: CacheLayout, key: string): Promise<PushReport> {
    const local = await readEntry(layout, key);
    if (!local) throw new RenderError('CACHE_STORE_FAILED', `cannot push ${key.slice(0, 12)}: it is not in the local cache ${layout.root}`);
    // A thumbnail lost locally (they are not fsynced) is left out of the shared entry rather than failing the push.
    const entry = await withIntactThumbnail(layout, local, 'hash');
    const report: PushReport = { uploaded: [], skipped: [] };
    for (const blob of entryBlobs(entry)) {
      // Never spread a damaged local clip: it is checked by hash before it leaves.
      if (!(await verifyBlob(layout, blob, 'hash'))) throw new RenderError('CACHE_STORE_FAILED', `cannot push ${key.slice(0, 12)}: its local clip is damaged (${blobPath(layout, blob)})`);
      const name = blobName(blob);
      const there = this.#damaged.has(name) ? undefined : await this.store.stat(name);
      if (there && there.bytes === blob.bytes && there.sha256 === blob.sha256) {
        report.skipped.push(name);
        continue;
      }
      await this.store.upload(name, { path: blobPath(layout, blob) }, { sha256: blob.sha256, bytes: blob.bytes });
      this.#damaged.delete(name);
      report.uploaded.push(name);
    }
    // The entry last: published only once every blob it names is whole in the store.
    const data = Buffer.from(`${JSON.stringify(entry, null, 2)}\n`);
    const name = entryName(key);
    const there = await this.store.stat(name);
    const digest = { sha256: sha256Hex(data), bytes: data.length };
    if (there && there.bytes === digest.bytes && there.sha256 === digest.sha256) report.skipped.push(name);
    else {
      await this.store.upload(name, { data }, digest);
      report.uploaded.push(name);
    }
    return report;
  }
}
