// The shared cache every worker reaches: a folder on shared storage (file://) or S3-compatible object storage
// (s3://bucket/prefix), content-addressed like the local cache. Workers keep a local cache folder as their staging
// area: they pull what a run needs before it and push what it stored after it.
// CONTRACT STUB: the shared-cache work fills this in; signatures are fixed.
import type { CacheLayout } from '../store.js';

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
}

export function openSharedCache(_url: string, _env: Readonly<Record<string, string | undefined>>): SharedCache {
  throw new Error('openSharedCache: not implemented yet');
}
