// Pick up what an earlier run left for this shot key: a recorded job id is re-attached (never re-created) unless it
// failed or expired; an intent without an outcome is reconciled first, and stays unknown (held, not re-sent) until
// something proves what happened. See docs/executor.md "Resuming".
import { isProviderError, type VideoJob } from '../providers/provider.js';
import { messageOf, recordBestEffort, type RunContext } from './context.js';
import { isExpired } from './download.js';
import { failedResult, recordFailedJob, settle, type ShotRun } from './finish.js';
import { intentsForKey, isSettled, type IntentState } from './journal-state.js';
import { withReadRetries } from './read-retry.js';
import { providerOf } from './provider-group.js';
import { reconcile } from './reconcile.js';
import { unknownOutcome } from './unknown-outcome.js';
import type { ShotResult } from './types.js';

export type Resumed =
  | { kind: 'attach'; job: VideoJob; intentId: string; pollAfterMs?: number }
  | { kind: 'fresh' }
  | { kind: 'end'; result: ShotResult };

function expiredEnd(ctx: RunContext, run: ShotRun, jobId: string, why: string): Resumed {
  if (ctx.settings.regenerateExpired) return { kind: 'fresh' };
  run.jobId = jobId;
  return {
    kind: 'end',
    result: failedResult(run, {
      code: 'CONTENT_EXPIRED',
      message: `paid for job ${jobId} in an earlier run, but ${why}; not re-generated`,
      hint: "bump the shot's take, or run with --regenerate-expired, to pay for a new one",
    }),
  };
}

async function attachRecorded(ctx: RunContext, run: ShotRun, state: IntentState, jobId: string): Promise<Resumed> {
  const intentId = state.intent.intentId;
  let job: VideoJob;
  let pollAfterMs: number | undefined;
  try {
    ({ job, pollAfterMs } = await withReadRetries(ctx, { shot: run.shot.id, what: 'poll' }, () => ctx.provider.retrieve(jobId, { signal: ctx.signal })));
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    if (isProviderError(error) && error.kind === 'not-found') {
      await recordBestEffort(ctx, { type: 'expired', intentId, jobId });
      settle(ctx, run, intentId, 'commit');
      return expiredEnd(ctx, run, jobId, 'the job no longer exists');
    }
    run.jobId = jobId;
    return { kind: 'end', result: failedResult(run, { code: 'POLL_FAILED', message: `cannot read job ${jobId}: ${messageOf(ctx, error)}`, hint: 'the next run tries again' }) };
  }
  if (job.status === 'failed') {
    await recordFailedJob(ctx, run, intentId, job);
    return { kind: 'fresh' };
  }
  if (job.status === 'completed' && isExpired(job, ctx.clock.now())) {
    await recordBestEffort(ctx, { type: 'expired', intentId, jobId });
    settle(ctx, run, intentId, 'commit');
    return expiredEnd(ctx, run, jobId, 'its content expired before it was downloaded');
  }
  ctx.emit({ type: 'reattached', shot: run.shot.id, jobId, status: job.status });
  return { kind: 'attach', job, intentId, ...(pollAfterMs ? { pollAfterMs } : {}) };
}

export async function resumeShot(ctx: RunContext, run: ShotRun): Promise<Resumed> {
  const latest = intentsForKey(ctx.state, run.key).at(-1);
  if (!latest) return { kind: 'fresh' };
  if (latest.terminal === 'expired' && !latest.stored) return expiredEnd(ctx, run, latest.jobId ?? '?', 'its content expired before it was downloaded');
  // Stored earlier but the cached file is damaged: download again while the job lives, instead of paying again.
  const redownload = latest.stored && latest.jobId !== undefined && !isExpired({ expiresAt: latest.expiresAt ?? null }, ctx.clock.now());
  if (isSettled(latest) && !redownload) return { kind: 'fresh' };
  // A remix recorded against a source job this run no longer uses would not match the regenerated source.
  if (latest.intent.parentJobId !== run.parentJobId) return { kind: 'fresh' };
  if (latest.jobId !== undefined) return attachRecorded(ctx, run, latest, latest.jobId);
  const why = latest.outcome === 'ambiguous' ? 'an earlier run got no usable answer' : 'an earlier run stopped before the answer was recorded';
  const found = await reconcile(ctx, run.shot.id, latest.intent, `resumed: ${why}`, providerOf(run.shot));
  if (found.kind === 'adopted') return attachRecorded(ctx, run, latest, found.job.id);
  // Still unknown: its money stays held (restored from the journal). Only an explicit opt-in pays for a new attempt.
  if (ctx.settings.resendUnknown) return { kind: 'fresh' };
  return { kind: 'end', result: failedResult(run, unknownOutcome(latest.intent, why, found.searched)) };
}
