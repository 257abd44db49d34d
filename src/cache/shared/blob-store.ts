// What pull/push need of a shared store, whatever it is (a folder or an S3 bucket): named objects, each written
// whole or not at all, read as a stream. Names are relative (`objects/ab/<sha>.mp4`); the store adds its root.
import type { FileDigest } from '../../common/durable-fs.js';

export interface StoredObject {
  bytes: number;
  /** The content's sha256: recorded at upload (S3 metadata) or computed (a folder); undefined when unknown. */
  sha256: string | undefined;
}

export interface ObjectBody {
  body: AsyncIterable<Uint8Array>;
  /** The length the store announces, when it does. */
  bytes: number | undefined;
  /** The sha256 recorded at upload, when the store keeps one. */
  sha256: string | undefined;
}

export type UploadSource = { path: string } | { data: Uint8Array };

export interface BlobStore {
  /** What the user gave, without credentials. */
  readonly url: string;
  /** Where a name is, for the user: an absolute path or an s3:// URL. */
  locate(name: string): string;
  stat(name: string): Promise<StoredObject | undefined>;
  /** Write a whole object under its final name (never half of it); `digest` is the content's, for the store to keep. */
  upload(name: string, source: UploadSource, digest: FileDigest): Promise<void>;
  /** The object's content, or undefined when absent; `signal` bounds the time. */
  read(name: string, signal: AbortSignal): Promise<ObjectBody | undefined>;
  remove(name: string): Promise<void>;
}
