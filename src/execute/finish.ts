// A job is done: settle its money, download and verify the clip, and record it in the cache (blob first, then the
// index entry, then the journal: a file counts only once it is in place, docs/design/money-safety.md#the-rules rule 7).
import { describeFsError } from '../common/durable-fs.js';
import type { KeyComponents } from '../cache/key.js';
import { blobPath, writeEntry, type CacheEntry } from '../cache/store.js';
import type { VideoJob } from '../providers/provider.js';
import { emitBudget, recordBestEffort, type RunContext } from './context.js';
import { downloadJob } from './download.js';
import { learnMargin } from './provider-cost.js';
import { generationFailure } from './shot-errors.js';
import type { ExecShot, ShotError, ShotResult } from './types.js';

export interface ShotRun {
  shot: ExecShot;
  key: string;
  components: KeyComponents;
  /** Remix source's job id (known once the parent is done); null for a fresh generation. */
  parentJobId: string | null;
  /** Billed for this shot's paid calls made by this run (money still held is summed at the end, from the ledger). */
  costMicroUsd: number;
  /** The catalog price of this run's paid calls that ended. */
  estimateMicroUsd?: number;
  /** What the provider said those calls charged, when it said so. */
  chargedMicroUsd?: number;
  /** Billed for paid calls an earlier run made for this shot, confirmed in this run (not spent again). */
  earlierMicroUsd: number;
  attempts: number;
  jobId?: string;
  /** Give the concurrency slot back: a finished job is no longer in flight while its clip downloads. */
  releaseSlot?: () => void;
  /** Start the shots derived from this one: they need its finished job, not its clip. */
  releaseDependents?: (jobId: string) => void;
  /** Why a derived shot must not be sent after all (its parent ended without its clip since it was released). */
  sourceLost?: () => string | undefined;
}

function baseResult(run: ShotRun): Omit<ShotResult, 'status'> {
  return {
    id: run.shot.id,
    cache: run.costMicroUsd > 0 || run.earlierMicroUsd > 0 || run.jobId ? 'paid' : 'none',
    ...(run.jobId ? { jobId: run.jobId } : {}),
    attempts: run.attempts,
    costMicroUsd: run.costMicroUsd,
    ...(run.estimateMicroUsd !== undefined ? { estimateMicroUsd: run.estimateMicroUsd } : {}),
    ...(run.chargedMicroUsd !== undefined ? { chargedMicroUsd: run.chargedMicroUsd } : {}),
    earlierRunsMicroUsd: run.earlierMicroUsd,
    possiblyBilledMicroUsd: 0,
  };
}

export function failedResult(run: ShotRun, error: ShotError): ShotResult {
  return { ...baseResult(run), status: 'failed', error };
}

export function skippedResult(run: ShotRun, reason: string): ShotResult {
  return { ...baseResult(run), status: 'skipped', skipReason: reason };
}

/** What the provider said an ended job charged, if it said so (a refund reads as 0). */
const chargeOf = (job: VideoJob | undefined): number | undefined => job?.billing?.chargedMicroUsd;

/**
 * Settle an intent's hold: commit (billed) or release (proven or declared unbilled); adds what counts to the shot.
 * With the ended `job`, a charge the provider reported is what is booked (a refund books 0), and later reservations
 * for its provider learn from it.
 */
export function settle(ctx: RunContext, run: ShotRun, intentId: string, how: 'commit' | 'release', job?: VideoJob): void {
  if (!ctx.ledger.isReserved(intentId)) return;
  const charged = chargeOf(job);
  const own = ctx.ledger.hold(intentId)?.origin === 'own';
  if (how === 'commit') {
    const booked = ctx.ledger.commit(intentId, charged);
    if (booked?.origin === 'own') run.costMicroUsd += booked.bookedMicroUsd;
    else if (booked) run.earlierMicroUsd += booked.bookedMicroUsd;
    if (booked && (charged !== undefined || ctx.daily?.tracksBooking)) void ctx.daily?.set(intentId, booked.bookedMicroUsd, true).catch(() => undefined);
  } else {
    ctx.ledger.release(intentId);
    void ctx.daily?.remove(intentId).catch(() => undefined);
  }
  if (own && (how === 'commit' || charged !== undefined)) {
    run.estimateMicroUsd = (run.estimateMicroUsd ?? 0) + run.shot.costMicroUsd;
    if (charged !== undefined) run.chargedMicroUsd = (run.chargedMicroUsd ?? 0) + charged;
  }
  if (charged !== undefined) learnMargin(ctx, run.shot, charged);
  emitBudget(ctx);
}

/** A job ended `failed`: journal it, count it (or not, with countFailed false), and describe it. */
export async function recordFailedJob(ctx: RunContext, run: ShotRun, intentId: string, job: VideoJob): Promise<ShotError> {
  const error = generationFailure(job.error?.code ?? 'unknown', ctx.redact(job.error?.message ?? 'no message from the provider'));
  const charged = chargeOf(job);
  await recordBestEffort(ctx, { type: 'failed', intentId, jobId: job.id, code: error.code, message: error.message, ...(charged !== undefined ? { chargedMicroUsd: charged } : {}) });
  // A failed job the provider says it charged nothing for (Runway refunds failed tasks) is booked at 0, whatever
  // countFailed says; absent such word, countFailed decides.
  settle(ctx, run, intentId, ctx.settings.countFailed || charged !== undefined ? 'commit' : 'release', job);
  return error;
}

async function store(ctx: RunContext, run: ShotRun, job: VideoJob, intentId: string, blobs: Pick<CacheEntry, 'video' | 'thumbnail' | 'probe'>): Promise<ShotResult> {
  const entry: CacheEntry = {
    version: 1,
    key: run.key,
    shotId: run.shot.id,
    components: run.components,
    jobId: job.id,
    createdAt: job.createdAt,
    completedAt: job.completedAt,
    expiresAt: job.expiresAt,
    costMicroUsd: run.shot.costMicroUsd,
    video: blobs.video,
    ...(blobs.thumbnail ? { thumbnail: blobs.thumbnail } : {}),
    storedAt: new Date(ctx.clock.now()).toISOString(),
    ...(blobs.probe ? { probe: blobs.probe } : {}),
  };
  await recordBestEffort(ctx, { type: 'downloaded', intentId, jobId: job.id, sha256: blobs.video.sha256, bytes: blobs.video.bytes });
  try {
    await writeEntry(ctx.layout, entry);
  } catch (error) {
    const message = describeFsError(error, ctx.layout.index);
    ctx.control.stop('disk', message);
    return failedResult(run, { code: 'DISK', message: `cannot write the cache index: ${message}`, hint: 'free disk space and re-run; nothing is paid again' });
  }
  await recordBestEffort(ctx, { type: 'stored', intentId, shotKey: run.key });
  const file = blobPath(ctx.layout, blobs.video);
  ctx.emit({ type: 'shot-done', shot: run.shot.id, file, jobId: job.id, costMicroUsd: run.costMicroUsd });
  return {
    ...baseResult(run),
    status: 'completed',
    cache: 'paid',
    jobId: job.id,
    file,
    ...(blobs.thumbnail ? { thumbnail: blobPath(ctx.layout, blobs.thumbnail) } : {}),
    sha256: blobs.video.sha256,
    bytes: blobs.video.bytes,
    ...(blobs.probe ? { probe: blobs.probe } : {}),
  };
}

/** The job completed: commit its cost, then download and store; an expired clip is reported as paid and lost. */
export async function finishCompleted(ctx: RunContext, run: ShotRun, intentId: string, job: VideoJob): Promise<ShotResult> {
  run.jobId = job.id;
  // The job is done: its derived shots may go now, beside this one's download and checks. They need only its id,
  // journaled when it was created (each journals its own intent before its paid call), so they need not wait for the
  // `completed` record either; released before the slot is freed, so a derived shot is first in line for it.
  run.releaseDependents?.(job.id);
  if (ctx.state.intents.get(intentId)?.terminal !== 'completed') {
    const charged = chargeOf(job);
    await recordBestEffort(ctx, { type: 'completed', intentId, jobId: job.id, completedAt: job.completedAt, expiresAt: job.expiresAt, ...(charged !== undefined ? { chargedMicroUsd: charged } : {}) });
  }
  settle(ctx, run, intentId, 'commit', job);
  run.releaseSlot?.();
  const end = await ctx.downloads(() => downloadJob(ctx, run.shot, job));
  switch (end.kind) {
    case 'ok':
      return store(ctx, run, job, intentId, end);
    case 'expired':
      await recordBestEffort(ctx, { type: 'expired', intentId, jobId: job.id });
      return failedResult(run, {
        code: 'CONTENT_EXPIRED',
        message: end.message,
        hint: "bump the shot's take, or run with --regenerate-expired, to pay for a new one",
      });
    case 'failed':
      return failedResult(run, end.error);
    case 'interrupted':
      return skippedResult(run, 'interrupted during download; the next run downloads it without paying again');
  }
}
