// One shot from start to cached clip: resume what the journal holds, else submit; poll; on a failed generation
// retry within `retries` and the budget; on completion download and store.
import type { VideoJob } from '../providers/provider.js';
import { type RunContext } from './context.js';
import { failedResult, finishCompleted, recordFailedJob, settle, skippedResult, type ShotRun } from './finish.js';
import { JobDurations } from './job-durations.js';
import { awaitJob } from './poll.js';
import { resumeShot } from './resume.js';
import { submit } from './submit.js';
import type { ShotError, ShotResult } from './types.js';

const interruptedReason = 'interrupted; the next run resumes it';

/** `createdAtMs`: when this run's paid call made the job (unknown for one re-attached from an earlier run). */
type Current = { job: VideoJob; intentId: string; pollAfterMs?: number | undefined; createdAtMs?: number | undefined };

async function start(ctx: RunContext, run: ShotRun, generation: number): Promise<Current | ShotResult> {
  const sub = await submit(ctx, { shot: run.shot, key: run.key, parentJobId: run.parentJobId, attempt: generation, sourceLost: run.sourceLost });
  switch (sub.kind) {
    case 'job':
      run.attempts += 1;
      run.jobId = sub.job.id;
      return { job: sub.job, intentId: sub.intentId, createdAtMs: sub.createdAtMs ?? ctx.clock.now() };
    case 'failed':
      return failedResult(run, sub.error);
    case 'skipped':
      return skippedResult(run, sub.reason);
    case 'interrupted':
      return skippedResult(run, interruptedReason);
  }
}

/** Poll to the end; a ShotResult ends the shot, an error asks for another generation. */
async function follow(ctx: RunContext, run: ShotRun, current: Current): Promise<ShotResult | { retry: ShotError }> {
  const end = await awaitJob(ctx, run.shot.id, current.job, current.pollAfterMs, { kind: JobDurations.kindOf(run.shot), createdAtMs: current.createdAtMs });
  switch (end.kind) {
    case 'completed':
      return finishCompleted(ctx, run, current.intentId, end.job);
    case 'failed':
      return { retry: await recordFailedJob(ctx, run, current.intentId, end.job) };
    case 'timeout':
      return failedResult(run, {
        code: 'TIMEOUT',
        message: `job ${end.job.id} still ${end.job.status} after ${Math.round(ctx.settings.shotTimeoutMs / 60_000)} min; not re-created (it may still finish and be billed)`,
        hint: 'the next run re-attaches to it',
      });
    case 'gone':
      settle(ctx, run, current.intentId, 'commit');
      return failedResult(run, { code: 'JOB_GONE', message: `job ${current.job.id} disappeared while generating: ${end.message}` });
    case 'lost':
      return failedResult(run, { code: 'POLL_FAILED', message: `cannot read job ${current.job.id}: ${end.message}`, hint: 'the next run re-attaches to it' });
    case 'interrupted':
      return skippedResult(run, interruptedReason);
  }
}

export async function runShot(ctx: RunContext, run: ShotRun): Promise<ShotResult> {
  try {
    const resumed = await resumeShot(ctx, run);
    if (resumed.kind === 'end') return resumed.result;
    let current: Current | undefined = resumed.kind === 'attach' ? resumed : undefined;
    if (current) run.jobId = current.job.id;
    for (let generation = 1; ; generation += 1) {
      if (!current) {
        const started = await start(ctx, run, generation);
        if ('status' in started) return started;
        current = started;
      }
      const outcome = await follow(ctx, run, current);
      if ('status' in outcome) return outcome;
      if (generation > run.shot.retries || !ctx.control.canSubmit()) return failedResult(run, outcome.retry);
      ctx.emit({ type: 'retry', shot: run.shot.id, what: 'generation', attempt: generation, delayMs: 0, reason: outcome.retry.message });
      current = undefined;
    }
  } catch (error) {
    if (ctx.signal.aborted) return skippedResult(run, interruptedReason);
    throw error;
  }
}
