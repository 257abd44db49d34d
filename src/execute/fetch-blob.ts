// Stream one content variant into the cache (docs/design/money-safety.md#downloads): temp file inside the cache folder,
// hashed while written, length and magic bytes checked, the injected verifier run, fsync (a clip's), then rename into
// objects/. The body is bounded in size (checked against Content-Length before a byte is written, and while streaming)
// and in pace.
import { createHash } from 'node:crypto';
import { open, rm } from 'node:fs/promises';
import { renameDurable, renameMakingDir, tempPath } from '../common/durable-fs.js';
import { blobPath, type BlobRef } from '../cache/store.js';
import type { ContentVariant, DownloadResult } from '../providers/provider.js';
import type { RunContext } from './context.js';
import { withReadRetries } from './read-retry.js';
import { formatMiB, TransferMeter } from './transfer-guard.js';

/** A damaged or interrupted body: retried as a download. */
export class ContentError extends Error {}

/** A body the server should never have sent (far too large, or trickling): not retried in this run. */
export class RefusedBodyError extends ContentError {
  constructor(
    readonly reason: 'too-large' | 'too-slow',
    message: string,
  ) {
    super(message);
  }
}

interface Written {
  sha256: string;
  bytes: number;
  head: Buffer;
}

// The two aborts that end every download, the transfer watch's and then the connection's, share one reason each: an
// Error captures a stack trace when made, and an abort without a reason makes a DOMException.
const watchEnded = new Error('transfer watch ended');
const downloadEnded = new ContentError('download ended');

// Abort the request when the body stalls or trickles: a bad socket or server must not hold a worker for ever.
function watchTransfer(ctx: RunContext, stall: AbortController, meter: TransferMeter): () => Promise<void> {
  const done = new AbortController();
  const { downloadIdleMs, downloadFloor } = ctx.settings;
  const loop = (async () => {
    try {
      for (;;) {
        await ctx.clock.sleep(Math.max(10, Math.floor(Math.min(downloadIdleMs, downloadFloor.windowMs) / 4)), done.signal);
        const verdict = meter.check(ctx.clock.now());
        if (verdict.kind === 'idle') return stall.abort(new ContentError(verdict.message));
        if (verdict.kind === 'slow') return stall.abort(new RefusedBodyError('too-slow', verdict.message));
      }
    } catch {
      // stopped
    }
  })();
  return async () => {
    done.abort(watchEnded);
    await loop;
  };
}

function limitOf(spec: BlobCheck): string {
  return `the ${formatMiB(spec.maxBytes)} limit for ${spec.what}`;
}

// Chunks are gathered and written together (one writev per 256 KiB, not one write per 16-64 KiB network chunk: each
// write is a round trip to the thread pool); at most this much more of a body is held in memory per download.
const writeBatchBytes = 256 * 1024;

async function writeBody(ctx: RunContext, spec: BlobCheck, body: DownloadResult['body'], file: string, meter: TransferMeter, onChunk: () => void): Promise<Written> {
  const hash = createHash('sha256');
  const head: Buffer[] = [];
  // Read-only from birth: a stray writer (or a hard link made by an older version) cannot edit a cached blob.
  const handle = await open(file, 'wx', 0o444);
  let batch: Uint8Array[] = [];
  let batchBytes = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const buffers = batch;
    batch = [];
    batchBytes = 0;
    await handle.writev(buffers);
  };
  try {
    for await (const chunk of body) {
      meter.record(ctx.clock.now(), chunk.length);
      if (meter.bytes > spec.maxBytes) throw new RefusedBodyError('too-large', `the body ran past ${limitOf(spec)} (cut off there)`);
      hash.update(chunk);
      if (head.length < 4) head.push(Buffer.from(chunk.subarray(0, 16)));
      batch.push(chunk);
      batchBytes += chunk.length;
      if (batchBytes >= writeBatchBytes) await flush();
      onChunk();
    }
    await flush();
    if (spec.durable) await handle.sync();
  } finally {
    await handle.close();
  }
  return { sha256: hash.digest('hex'), bytes: meter.bytes, head: Buffer.concat(head) };
}

export interface BlobCheck {
  variant: ContentVariant;
  /** Largest body accepted, and what it is for the messages (`a 720x1280 4 s clip`). */
  maxBytes: number;
  what: string;
  /** Extension of the stored blob. */
  ext: (contentType: string | undefined) => string;
  /** Content checks on the complete temp file (magic bytes, the injected verifier). */
  check: (file: string, written: Written) => Promise<void>;
  /**
   * fsync the blob and its folder before it counts. The clip must be: the journal and the index entry that follow
   * name it, and a clip lost in a power cut would be paid again once its job expires. A thumbnail need not (two
   * fsyncs less per shot): a cache hit checks it, and one that is short or missing is replaced by a poster frame.
   */
  durable: boolean;
}

/** One request: download, check and store; the temp file never survives a failure. */
async function fetchOnce(ctx: RunContext, jobId: string, spec: BlobCheck, onRequest: () => void): Promise<BlobRef> {
  const stall = new AbortController();
  const signal = AbortSignal.any([ctx.signal, stall.signal]);
  // Started before the request: a server that never answers, or answers and sends nothing, trips the idle limit.
  const meter = new TransferMeter({ idleMs: ctx.settings.downloadIdleMs, floor: ctx.settings.downloadFloor }, ctx.clock.now());
  const stopWatch = watchTransfer(ctx, stall, meter);
  const file = tempPath(ctx.layout.tmp, `${jobId}.${spec.variant}`);
  let chunks = 0;
  try {
    onRequest();
    const response = await ctx.provider.download(jobId, spec.variant, { signal });
    if (response.contentLength !== undefined && response.contentLength > spec.maxBytes) {
      throw new RefusedBodyError('too-large', `the server announced ${response.contentLength} bytes (${formatMiB(response.contentLength)}), more than ${limitOf(spec)}`);
    }
    const written = await writeBody(ctx, spec, response.body, file, meter, () => {
      if ((chunks += 1) === 1 && spec.variant === 'video') ctx.crashpoints.reach('mid-download');
    });
    if (response.contentLength !== undefined && written.bytes !== response.contentLength) {
      throw new ContentError(`got ${written.bytes} of ${response.contentLength} bytes`);
    }
    await spec.check(file, written);
    const blob = { sha256: written.sha256, bytes: written.bytes, ext: spec.ext(response.contentType) };
    if (spec.variant === 'video') ctx.crashpoints.reach('after-download-before-rename');
    await (spec.durable ? renameDurable : renameMakingDir)(file, blobPath(ctx.layout, blob));
    return blob;
  } catch (error) {
    // Only a failure leaves a temp file: after the rename an rm would just fail its lstat.
    await rm(file, { force: true });
    throw stall.signal.aborted && !ctx.signal.aborted ? stall.signal.reason : error;
  } finally {
    // Whatever ended this try, the connection goes with it (a refused body is never read to its end).
    if (!stall.signal.aborted) stall.abort(downloadEnded);
    await stopWatch();
  }
}

/**
 * Download one variant. Only a rate limit is waited out here; every other failure goes back to the caller, whose
 * attempts are the one retry budget of this download (`requests` counts what was actually sent).
 */
export function fetchBlob(ctx: RunContext, shot: string, jobId: string, spec: BlobCheck, requests: { sent: number }): Promise<BlobRef> {
  return withReadRetries(ctx, { shot, what: 'download' }, () => fetchOnce(ctx, jobId, spec, () => (requests.sent += 1)), 1);
}

/** The MP4 `ftyp` box at byte 4: a JSON error body served as video/mp4 fails here, before any decoder runs. */
export function hasFtyp(head: Buffer): boolean {
  return head.length >= 8 && head.subarray(4, 8).toString('latin1') === 'ftyp';
}

const imageExt: Record<string, string> = { 'image/webp': 'webp', 'image/jpeg': 'jpg', 'image/png': 'png' };

export function imageExtension(contentType: string | undefined): string {
  return imageExt[(contentType ?? '').split(';')[0]!.trim().toLowerCase()] ?? 'webp';
}
