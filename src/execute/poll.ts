// Wait for a job to finish: adaptive polling (backoff shortened by the progress estimate, the server's
// openai-poll-after-ms honoured), transient read errors retried, a per-shot timeout for stuck jobs.
import { isProviderError, type VideoJob } from '../providers/provider.js';
import { nextPollDelay } from './backoff.js';
import { messageOf, type RunContext } from './context.js';
import { withReadRetries } from './read-retry.js';

export type JobEnd =
  | { kind: 'completed'; job: VideoJob }
  | { kind: 'failed'; job: VideoJob }
  | { kind: 'timeout'; job: VideoJob }
  /** The job no longer exists (404): deleted, or gone with its project. */
  | { kind: 'gone'; message: string }
  /** Status could not be read (repeated errors, auth); the job may still finish: the next run re-attaches. */
  | { kind: 'lost'; message: string }
  | { kind: 'interrupted' };

export async function awaitJob(ctx: RunContext, shot: string, initial: VideoJob, initialPollAfterMs?: number): Promise<JobEnd> {
  let job = initial;
  let pollAfterMs = initialPollAfterMs;
  let checks = 0;
  // A job that starts out waiting in the provider's queue says so at once (later events only report changes).
  if (job.queuePosition !== undefined || job.providerStatus !== undefined) progressOf(ctx, shot, job);
  const startMs = ctx.clock.now();
  const startProgress = job.progress;
  // A job whose provider posts webhooks here is woken by them; its polls are only the fallback for a lost delivery.
  const signals = ctx.jobSignals?.covers(job.id) ? ctx.jobSignals : undefined;
  const webhookFallbackMs = signals ? ctx.settings.webhookFallbackMs : undefined;
  for (;;) {
    if (job.status === 'completed') return { kind: 'completed', job };
    if (job.status === 'failed') return { kind: 'failed', job };
    const elapsedMs = ctx.clock.now() - startMs;
    if (elapsedMs >= ctx.settings.shotTimeoutMs) return { kind: 'timeout', job };
    const delayMs = Math.min(
      nextPollDelay(ctx.settings.pollPolicy, { checks, elapsedMs, progress: job.progress, startProgress, pollAfterMs, webhookFallbackMs }),
      ctx.settings.shotTimeoutMs - elapsedMs,
    );
    try {
      await (signals ? signals.sleep(job.id, delayMs, ctx.clock, ctx.signal) : ctx.clock.sleep(delayMs, ctx.signal));
    } catch {
      return { kind: 'interrupted' };
    }
    ctx.crashpoints.reach('mid-poll');
    try {
      const result = await withReadRetries(ctx, { shot, what: 'poll' }, () => ctx.provider.retrieve(job.id, { signal: ctx.signal }));
      checks += 1;
      pollAfterMs = result.pollAfterMs;
      const next = result.job;
      if (next.progress !== job.progress || next.status !== job.status || next.queuePosition !== job.queuePosition || next.providerStatus !== job.providerStatus) {
        progressOf(ctx, shot, next);
      }
      job = result.job;
    } catch (error) {
      if (ctx.signal.aborted) return { kind: 'interrupted' };
      if (isProviderError(error) && error.kind === 'not-found') return { kind: 'gone', message: messageOf(ctx, error) };
      return { kind: 'lost', message: messageOf(ctx, error) };
    }
  }
}

function progressOf(ctx: RunContext, shot: string, job: VideoJob): void {
  ctx.emit({
    type: 'progress', shot, jobId: job.id, status: job.status, percent: job.progress,
    ...(job.queuePosition === undefined ? {} : { queuePosition: job.queuePosition }),
    ...(job.providerStatus === undefined ? {} : { providerStatus: job.providerStatus }),
  });
}
