// Wait for a job to finish: checks aimed at its predicted finish (./poll-predict.ts: its progress, the server's
// openai-poll-after-ms, jobs like it earlier in the run), transient read errors retried, a per-shot timeout for stuck jobs.
import { isProviderError, type VideoJob } from '../providers/provider.js';
import { nextPollDelay } from './backoff.js';
import { messageOf, type RunContext } from './context.js';
import { finishEstimate, type ProgressSample } from './poll-predict.js';
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

/** What the timing knows of the job: its kind (for jobs like it), and when this run's paid call made it. */
export interface AwaitTiming {
  kind: string;
  /** When the create went out (the server makes the job on arrival); absent for a job re-attached from an earlier run. */
  createdAtMs?: number | undefined;
}

const sampleOf = (atMs: number, job: VideoJob): ProgressSample => ({ atMs, status: job.status, percent: job.progress });

export async function awaitJob(ctx: RunContext, shot: string, initial: VideoJob, initialPollAfterMs?: number, timing?: AwaitTiming): Promise<JobEnd> {
  let job = initial;
  let pollAfterMs = initialPollAfterMs;
  let checks = 0;
  // A job that starts out waiting in the provider's queue says so at once (later events only report changes).
  if (job.queuePosition !== undefined || job.providerStatus !== undefined) progressOf(ctx, shot, job);
  const startMs = ctx.clock.now();
  const samples: ProgressSample[] = [sampleOf(startMs, job)];
  const createdAtMs = timing?.createdAtMs;
  const expectedMs = timing ? ctx.durations.expected(timing.kind) : undefined;
  // A job whose provider posts webhooks here is woken by them; its polls are only the fallback for a lost delivery.
  const signals = ctx.jobSignals?.covers(job.id) ? ctx.jobSignals : undefined;
  const webhookFallbackMs = signals ? ctx.settings.webhookFallbackMs : undefined;
  for (;;) {
    if (job.status === 'completed') {
      learnDuration(ctx, timing, createdAtMs, samples);
      return { kind: 'completed', job };
    }
    if (job.status === 'failed') return { kind: 'failed', job };
    const elapsedMs = ctx.clock.now() - startMs;
    if (elapsedMs >= ctx.settings.shotTimeoutMs) return { kind: 'timeout', job };
    const delayMs = Math.min(
      nextPollDelay(ctx.settings.pollPolicy, { checks, samples, pollAfterMs, createdAtMs, expectedMs, nowMs: ctx.clock.now(), webhookFallbackMs }),
      ctx.settings.shotTimeoutMs - elapsedMs,
    );
    try {
      await (signals ? signals.sleep(job.id, delayMs, ctx.clock, ctx.signal) : ctx.clock.sleep(delayMs, ctx.signal));
    } catch {
      return { kind: 'interrupted' };
    }
    ctx.crashpoints.reach('mid-poll');
    try {
      // A sighting is dated when its request went out: the server reads the job then, and on a busy machine the
      // answer may be handled much later (dated at arrival, every estimate would run late by that lag).
      let sentAtMs = ctx.clock.now();
      const result = await withReadRetries(ctx, { shot, what: 'poll' }, () => {
        sentAtMs = ctx.clock.now();
        return ctx.provider.retrieve(job.id, { signal: ctx.signal });
      });
      checks += 1;
      pollAfterMs = result.pollAfterMs;
      const next = result.job;
      if (next.progress !== job.progress || next.status !== job.status || next.queuePosition !== job.queuePosition || next.providerStatus !== job.providerStatus) {
        progressOf(ctx, shot, next);
      }
      job = result.job;
      samples.push(sampleOf(sentAtMs, job));
    } catch (error) {
      if (ctx.signal.aborted) return { kind: 'interrupted' };
      if (isProviderError(error) && error.kind === 'not-found') return { kind: 'gone', message: messageOf(ctx, error) };
      return { kind: 'lost', message: messageOf(ctx, error) };
    }
  }
}

/** A job this run created, seen done: how long it took (by its progress, when it showed some) teaches the next ones. */
function learnDuration(ctx: RunContext, timing: AwaitTiming | undefined, createdAtMs: number | undefined, samples: readonly ProgressSample[]): void {
  if (!timing || createdAtMs === undefined || samples.length < 2) return;
  const finishedAtMs = finishEstimate(samples.slice(0, -1), samples.at(-1)!.atMs);
  if (finishedAtMs !== undefined) ctx.durations.record(timing.kind, finishedAtMs - createdAtMs);
}

function progressOf(ctx: RunContext, shot: string, job: VideoJob): void {
  ctx.emit({
    type: 'progress', shot, jobId: job.id, status: job.status, percent: job.progress,
    ...(job.queuePosition === undefined ? {} : { queuePosition: job.queuePosition }),
    ...(job.providerStatus === undefined ? {} : { providerStatus: job.providerStatus }),
  });
}
