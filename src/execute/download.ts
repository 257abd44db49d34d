// Download a finished job's clip (and thumbnail) with retries of its own: never re-creating the job, and only while
// the job's content has not expired (docs/design/money-safety.md#downloads; ArcReel re-ran a paid create on a 502 here:
// https://github.com/ArcReel/ArcReel/pull/237).
import type { ClipFacts } from '../stitch/types.js';
import { describeFsError, errnoCode } from '../common/durable-fs.js';
import type { BlobRef } from '../cache/store.js';
import { isProviderError, type VideoJob } from '../providers/provider.js';
import { fullJitter } from './backoff.js';
import { messageOf, type RunContext } from './context.js';
import { ContentError, fetchBlob, hasFtyp, imageExtension, RefusedBodyError } from './fetch-blob.js';
import { clipByteLimit, thumbnailByteLimit } from './transfer-guard.js';
import type { ExecShot, ShotError } from './types.js';

export type DownloadEnd =
  | { kind: 'ok'; video: BlobRef; thumbnail?: BlobRef; probe?: ClipFacts }
  | { kind: 'expired'; message: string }
  | { kind: 'failed'; error: ShotError }
  | { kind: 'interrupted' };

const diskCodes = new Set(['ENOSPC', 'EDQUOT', 'EFBIG', 'EIO', 'EROFS', 'EACCES', 'EPERM']);

export function isExpired(job: Pick<VideoJob, 'expiresAt'>, nowMs: number): boolean {
  return job.expiresAt !== null && nowMs >= job.expiresAt * 1000;
}

function expiredMessage(job: VideoJob): string {
  return `paid for job ${job.id}, but its content expired before it could be downloaded; not re-generated`;
}

function parseSize(size: string): { width: number; height: number } {
  const [width, height] = size.split('x').map(Number);
  return { width: width ?? 0, height: height ?? 0 };
}

async function fetchVideo(ctx: RunContext, shot: ExecShot, job: VideoJob, requests: { sent: number }): Promise<{ blob: BlobRef; probe?: ClipFacts; checkStartedAt: number }> {
  // An extension's clip is its parent's plus what it adds.
  const seconds = shot.clipSeconds ?? shot.seconds;
  const shape = { ...parseSize(shot.size), seconds };
  let probe: ClipFacts | undefined;
  let checkStartedAt = ctx.clock.now();
  const blob = await fetchBlob(ctx, shot.id, job.id, {
    variant: 'video',
    maxBytes: ctx.settings.maxClipBytes ?? clipByteLimit(shape),
    what: `a ${shot.size} ${seconds} s clip`,
    ext: () => 'mp4',
    durable: true,
    check: async (file, written) => {
      checkStartedAt = ctx.clock.now();
      if (!hasFtyp(written.head)) throw new ContentError('not an MP4 file (no ftyp box at byte 4)');
      // The download slot is held meanwhile; only the check waits for a core (ctx.checks).
      probe = (await ctx.checks(() => ctx.verifyClip(file, shape, ctx.signal))) ?? undefined;
    },
  }, requests);
  return probe ? { blob, probe, checkStartedAt } : { blob, checkStartedAt };
}

// The thumbnail is a convenience: two tries, and a failure is a warning, never a failed shot.
async function fetchThumbnail(ctx: RunContext, shot: string, job: VideoJob): Promise<BlobRef | undefined> {
  if (ctx.provider.offers?.(job.id, 'thumbnail') === false) return undefined;
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const spec = { variant: 'thumbnail', maxBytes: thumbnailByteLimit, what: 'a thumbnail', ext: imageExtension, durable: false, check: async () => undefined } as const;
      return await fetchBlob(ctx, shot, job.id, spec, { sent: 0 });
    } catch (error) {
      if (ctx.signal.aborted) return undefined;
      if (attempt === 1) ctx.emit({ type: 'warning', shot, message: `thumbnail not downloaded: ${messageOf(ctx, error)}` });
    }
  }
  return undefined;
}

/** A 404 on content: is the job itself gone or past its expiry (then the money is spent and the clip lost)? */
async function contentGone(ctx: RunContext, job: VideoJob): Promise<boolean> {
  try {
    await ctx.gate.acquire(ctx.signal);
    const { job: current } = await ctx.provider.retrieve(job.id, { signal: ctx.signal });
    return isExpired(current, ctx.clock.now());
  } catch (error) {
    return isProviderError(error) && error.kind === 'not-found';
  }
}

const refusedHints: Record<RefusedBodyError['reason'], string> = {
  'too-large': 'the job is paid for and recorded: a re-run tries the download again; if the clip really is that large, raise the limit with --max-clip-mb',
  'too-slow': 'the job is paid for and recorded: a re-run tries the download again (check the network or the provider\'s status)',
};

/** What to do after a failed try: retry, or end with this result. */
async function afterFailure(ctx: RunContext, shot: string, job: VideoJob, error: unknown): Promise<DownloadEnd | 'retry'> {
  if (ctx.signal.aborted) return { kind: 'interrupted' };
  const code = errnoCode(error);
  if (code && diskCodes.has(code)) {
    const message = describeFsError(error, ctx.layout.root);
    ctx.control.stop('disk', `${message}; stopped submitting (the job is recorded: the next run downloads it)`);
    return { kind: 'failed', error: { code: 'DISK', message: `cannot store the clip: ${message}`, hint: 'free disk space and re-run; nothing is paid again' } };
  }
  // Re-reading a runaway or trickling body would cost gigabytes or minutes again: the server's fault, not retried.
  if (error instanceof RefusedBodyError) {
    const code = error.reason === 'too-large' ? 'DOWNLOAD_TOO_LARGE' : 'DOWNLOAD_TOO_SLOW';
    return { kind: 'failed', error: { code, message: `download of job ${job.id} stopped: ${messageOf(ctx, error)}`, hint: refusedHints[error.reason] } };
  }
  if (isProviderError(error) && error.kind === 'not-found' && (await contentGone(ctx, job))) {
    return { kind: 'expired', message: expiredMessage(job) };
  }
  if (isProviderError(error) && (error.kind === 'auth' || error.kind === 'invalid')) {
    return { kind: 'failed', error: { code: 'DOWNLOAD_FAILED', message: `download refused: ${messageOf(ctx, error)}` } };
  }
  return 'retry';
}

export async function downloadJob(ctx: RunContext, shot: ExecShot, job: VideoJob): Promise<DownloadEnd> {
  let lastError = '';
  const requests = { sent: 0 };
  const downloadStartedAt = ctx.clock.now();
  for (let attempt = 0; attempt < ctx.settings.readAttempts; attempt += 1) {
    if (isExpired(job, ctx.clock.now())) return { kind: 'expired', message: expiredMessage(job) };
    try {
      const { blob: video, probe, checkStartedAt } = await fetchVideo(ctx, shot, job, requests);
      ctx.emit({ type: 'downloaded', shot: shot.id, jobId: job.id, variant: 'video', bytes: video.bytes, sha256: video.sha256, downloadStartedAt, checkStartedAt });
      ctx.crashpoints.reach('after-rename-before-journal');
      const thumbnail = await fetchThumbnail(ctx, shot.id, job);
      return { kind: 'ok', video, ...(thumbnail ? { thumbnail } : {}), ...(probe ? { probe } : {}) };
    } catch (error) {
      const next = await afterFailure(ctx, shot.id, job, error);
      if (next !== 'retry') return next;
      lastError = messageOf(ctx, error);
      if (attempt + 1 >= ctx.settings.readAttempts) break;
      const delayMs = fullJitter(attempt, ctx.settings.retryBackoff, ctx.random);
      ctx.emit({ type: 'retry', shot: shot.id, what: 'download', attempt: attempt + 1, delayMs, reason: lastError });
      await ctx.clock.sleep(delayMs, ctx.signal).catch(() => undefined);
    }
  }
  return {
    kind: 'failed',
    error: { code: 'DOWNLOAD_FAILED', message: `download of job ${job.id} failed after ${requests.sent} ${requests.sent === 1 ? 'request' : 'requests'} (last: ${lastError})`, hint: 'the job is recorded: the next run downloads it without paying again' },
  };
}
