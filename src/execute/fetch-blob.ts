// Stream one content variant into the cache (reliability.md §5): temp file inside the cache folder, hashed while
// written, length and magic bytes checked, the injected verifier run, fsync, then rename into objects/.
import { createHash } from 'node:crypto';
import { open, rm } from 'node:fs/promises';
import { renameDurable, tempPath } from '../common/durable-fs.js';
import { blobPath, type BlobRef } from '../cache/store.js';
import type { ContentVariant, DownloadResult } from '../providers/provider.js';
import type { RunContext } from './context.js';
import { withReadRetries } from './read-retry.js';

export class ContentError extends Error {}

interface Written {
  sha256: string;
  bytes: number;
  head: Buffer;
}

// Abort the request when the body stops moving: a stalled socket must not hold a worker for ever.
function watchIdle(ctx: RunContext, stall: AbortController, lastChunkAt: () => number): () => Promise<void> {
  const done = new AbortController();
  const idle = ctx.settings.downloadIdleMs;
  const loop = (async () => {
    try {
      for (;;) {
        await ctx.clock.sleep(Math.max(10, Math.floor(idle / 4)), done.signal);
        if (ctx.clock.now() - lastChunkAt() > idle) return stall.abort(new ContentError(`no data for ${idle} ms`));
      }
    } catch {
      // stopped
    }
  })();
  return async () => {
    done.abort();
    await loop;
  };
}

async function writeBody(ctx: RunContext, body: DownloadResult['body'], file: string, onChunk: () => void): Promise<Written> {
  const hash = createHash('sha256');
  const head: Buffer[] = [];
  let bytes = 0;
  // Read-only from birth: a stray writer (or a hard link made by an older version) cannot edit a cached blob.
  const handle = await open(file, 'wx', 0o444);
  try {
    for await (const chunk of body) {
      bytes += chunk.length;
      if (bytes > ctx.settings.maxClipBytes) throw new ContentError(`content larger than ${ctx.settings.maxClipBytes} bytes`);
      hash.update(chunk);
      if (head.length < 4) head.push(Buffer.from(chunk.subarray(0, 16)));
      await handle.write(chunk);
      onChunk();
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
  return { sha256: hash.digest('hex'), bytes, head: Buffer.concat(head) };
}

export interface BlobCheck {
  variant: ContentVariant;
  /** Extension of the stored blob. */
  ext: (contentType: string | undefined) => string;
  /** Content checks on the complete temp file (magic bytes, the injected verifier). */
  check: (file: string, written: Written) => Promise<void>;
}

/** Download, check and store one variant; the temp file never survives a failure. */
export async function fetchBlob(ctx: RunContext, shot: string, jobId: string, spec: BlobCheck): Promise<BlobRef> {
  const stall = new AbortController();
  const signal = AbortSignal.any([ctx.signal, stall.signal]);
  const response = await withReadRetries(ctx, { shot, what: 'download' }, () => ctx.provider.download(jobId, spec.variant, { signal }));
  const file = tempPath(ctx.layout.tmp, `${jobId}.${spec.variant}`);
  let last = ctx.clock.now();
  let chunks = 0;
  const stopWatch = watchIdle(ctx, stall, () => last);
  try {
    const written = await writeBody(ctx, response.body, file, () => {
      last = ctx.clock.now();
      if ((chunks += 1) === 1 && spec.variant === 'video') ctx.crashpoints.reach('mid-download');
    });
    if (response.contentLength !== undefined && written.bytes !== response.contentLength) {
      throw new ContentError(`got ${written.bytes} of ${response.contentLength} bytes`);
    }
    await spec.check(file, written);
    const blob = { sha256: written.sha256, bytes: written.bytes, ext: spec.ext(response.contentType) };
    if (spec.variant === 'video') ctx.crashpoints.reach('after-download-before-rename');
    await renameDurable(file, blobPath(ctx.layout, blob));
    return blob;
  } catch (error) {
    throw stall.signal.aborted && !ctx.signal.aborted ? stall.signal.reason : error;
  } finally {
    await stopWatch();
    await rm(file, { force: true });
  }
}

/** The MP4 `ftyp` box at byte 4: a JSON error body served as video/mp4 fails here, before any decoder runs. */
export function hasFtyp(head: Buffer): boolean {
  return head.length >= 8 && head.subarray(4, 8).toString('latin1') === 'ftyp';
}

const imageExt: Record<string, string> = { 'image/webp': 'webp', 'image/jpeg': 'jpg', 'image/png': 'png' };

export function imageExtension(contentType: string | undefined): string {
  return imageExt[(contentType ?? '').split(';')[0]!.trim().toLowerCase()] ?? 'webp';
}
