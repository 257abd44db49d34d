// The shared cache every worker reaches: a folder on shared storage (file://) or S3-compatible object storage
// (s3://bucket/prefix), content-addressed like the local cache. Workers keep a local cache folder as their staging
// area: they pull what a run needs before it and push what it stored after it.
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import { hashFile } from '../../common/durable-fs.js';
import { RenderError } from '../../common/errors.js';
import { makeDir } from '../../common/fs-errors.js';
import { sha256Hex } from '../key.js';
import type { CacheLayout } from '../store.js';
import type { BlobStore } from './blob-store.js';
import { FileStore } from './file-store.js';
import { checkFileName, maxBlobBytes, probeName } from './names.js';
import { receiveObject, type ReceiveLimits } from './receive.js';
import { S3Store, type S3Timeouts } from './s3-store.js';
import { SharedSync, type PushReport } from './sync.js';
import { parseCacheUrl } from './url.js';

export { parseCacheUrl, type SharedCacheLocation } from './url.js';
export type { PushReport } from './sync.js';

export interface SharedCache {
  /** file:///… or s3://bucket/prefix, as shown to the user (no credentials). */
  readonly url: string;
  /**
   * Copy into the local cache the index entry of each key the shared cache has, with its blobs, each verified by
   * size and sha256 before it is kept; returns the keys now present locally.
   */
  pull(layout: CacheLayout, keys: readonly string[]): Promise<string[]>;
  /** Publish a locally stored key: its blobs first (each whole, never half under its final name), then its entry. */
  push(layout: CacheLayout, key: string): Promise<void>;
  /** Publish any file (a cut, a report) under a relative name; returns where it is (a path or an s3:// URL). */
  putFile(name: string, localPath: string): Promise<string>;
  /** Fetch a file published with putFile; false when absent. */
  getFile(name: string, localPath: string): Promise<boolean>;
  /**
   * Write, read back and delete a small object: the worker's check at start that the store is reachable and
   * writable with this machine's credentials. CACHE_STORE_FAILED when not.
   */
  probe(): Promise<void>;
  /** push, saying which objects were uploaded and which were already there (same size and sha256). */
  pushWithReport(layout: CacheLayout, key: string): Promise<PushReport>;
}

export interface SharedCacheOptions {
  s3?: Partial<S3Timeouts>;
  receive?: Partial<ReceiveLimits>;
  /** Keys pulled at once (default 4). */
  concurrency?: number;
}

const defaultTimeouts: S3Timeouts = { connectMs: 5_000, idleMs: 30_000 };
// A transfer may take 60 s plus one second per MiB (a 1 MiB/s floor): generous for a LAN, bounded for a stuck one.
const defaultLimits: ReceiveLimits = { baseMs: 60_000, floorBytesPerSecond: 1024 * 1024 };

function openStore(url: string, env: Readonly<Record<string, string | undefined>>, options: SharedCacheOptions): BlobStore {
  const location = parseCacheUrl(url);
  if (location.kind === 'file') return new FileStore(location.root, location.url);
  return new S3Store(location, env, { ...defaultTimeouts, ...options.s3 });
}

class Shared implements SharedCache {
  readonly #sync: SharedSync;

  constructor(
    readonly store: BlobStore,
    readonly limits: ReceiveLimits,
    concurrency: number,
  ) {
    this.#sync = new SharedSync(store, { limits, concurrency });
  }

  get url(): string {
    return this.store.url;
  }

  pull(layout: CacheLayout, keys: readonly string[]): Promise<string[]> {
    return this.#sync.pull(layout, keys);
  }

  async push(layout: CacheLayout, key: string): Promise<void> {
    await this.#sync.push(layout, key);
  }

  pushWithReport(layout: CacheLayout, key: string): Promise<PushReport> {
    return this.#sync.push(layout, key);
  }

  async putFile(name: string, localPath: string): Promise<string> {
    checkFileName(name);
    const digest = await hashFile(localPath);
    await this.store.upload(name, { path: localPath }, digest);
    return this.store.locate(name);
  }

  async getFile(name: string, localPath: string): Promise<boolean> {
    checkFileName(name);
    await makeDir(dirname(localPath));
    const got = await receiveObject(this.store, name, localPath, dirname(localPath), { bytes: maxBlobBytes, exact: false, sha256: undefined }, this.limits);
    if (got === 'damaged') throw new RenderError('CACHE_STORE_FAILED', `shared cache ${this.url}: ${name} does not match the hash it was published with`, { hint: 'publish it again' });
    return got === 'stored';
  }

  async #readSmall(name: string, maxBytes: number): Promise<Buffer | undefined> {
    const found = await this.store.read(name, AbortSignal.timeout(this.limits.baseMs));
    if (!found) return undefined;
    const chunks: Uint8Array[] = [];
    let bytes = 0;
    for await (const chunk of found.body) {
      bytes += chunk.length;
      if (bytes > maxBytes) break;
      chunks.push(chunk);
    }
    return Buffer.concat(chunks);
  }

  async probe(): Promise<void> {
    const tag = randomBytes(8).toString('hex');
    const name = probeName(tag);
    const data = Buffer.from(`render probe ${tag} ${new Date().toISOString()}\n`);
    await this.store.upload(name, { data }, { sha256: sha256Hex(data), bytes: data.length });
    try {
      const back = await this.#readSmall(name, data.length);
      if (!back || !back.equals(data)) {
        throw new RenderError('CACHE_STORE_FAILED', `shared cache ${this.url}: an object written by the probe did not read back the same`, {
          hint: 'the storage does not keep what is written: check the mount or the bucket (versioning, lifecycle rules, a caching proxy)',
        });
      }
    } finally {
      await this.store.remove(name);
    }
  }
}

export function openSharedCache(url: string, env: Readonly<Record<string, string | undefined>>, options: SharedCacheOptions = {}): SharedCache {
  return new Shared(openStore(url, env, options), { ...defaultLimits, ...options.receive }, options.concurrency ?? 4);
}
