// Reconciliation (docs/design/money-safety.md#reconciliation): after an ambiguous create, or for a journaled intent
// without an outcome, list recent jobs and adopt the one this intent created: an unanswered POST is never paid twice.
import { sha256Hex } from '../cache/key.js';
import type { VideoJob } from '../providers/provider.js';
import { messageOf, recordBestEffort, type RunContext } from './context.js';
import type { IntentRecord } from './journal-records.js';
import { withReadRetries } from './read-retry.js';

/** A gateway may answer with the dated snapshot of the alias it was asked for (sora-2 → sora-2-2025-12-08). */
function sameModel(answered: string, asked: string): boolean {
  return answered === asked || (answered.startsWith(`${asked}-`) && /^\d{4}-\d{2}-\d{2}$/.test(answered.slice(asked.length + 1)));
}

/** Does this job look like the one the intent asked for? Pure. */
export function matchesIntent(job: VideoJob, intent: IntentRecord, skewSeconds: number): boolean {
  if (job.createdAt < intent.notBefore - skewSeconds) return false;
  if (job.prompt === null || sha256Hex(job.prompt) !== intent.promptSha256) return false;
  if (intent.parentJobId !== null) return job.remixedFromId === intent.parentJobId;
  if (job.remixedFromId !== null) return false;
  return sameModel(job.model, intent.model) && job.size === intent.size && job.seconds === intent.seconds;
}

/** The oldest matching job nobody has claimed: identical twins get distinct jobs in created_at order. Pure. */
export function pickCandidate(jobs: readonly VideoJob[], intent: IntentRecord, claimed: ReadonlySet<string>, skewSeconds: number): VideoJob | undefined {
  return jobs
    .filter((job) => !claimed.has(job.id) && matchesIntent(job, intent, skewSeconds))
    .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))[0];
}

/** Jobs created since the intent (newest first, paging with `after` until older than notBefore − skew). */
export async function listSince(ctx: RunContext, shot: string, notBefore: number): Promise<VideoJob[]> {
  const jobs: VideoJob[] = [];
  let after: string | undefined;
  for (let page = 0; page < 50; page += 1) {
    const result = await withReadRetries(ctx, { shot, what: 'reconcile' }, () =>
      ctx.provider.list({ limit: 100, order: 'desc', ...(after ? { after } : {}) }, { signal: ctx.signal }),
    );
    jobs.push(...result.jobs);
    const oldest = result.jobs.at(-1);
    if (!result.hasMore || !result.lastId || !oldest || oldest.createdAt < notBefore - ctx.settings.skewSeconds) break;
    after = result.lastId;
  }
  return jobs;
}

export type ReconcileResult = { kind: 'adopted'; job: VideoJob } | { kind: 'none' } | { kind: 'unknown'; message: string };

async function lookOnce(ctx: RunContext, shot: string, intent: IntentRecord): Promise<VideoJob | undefined> {
  const jobs = await listSince(ctx, shot, intent.notBefore);
  const job = pickCandidate(jobs, intent, ctx.state.claimed, ctx.settings.skewSeconds);
  // Claimed synchronously, before any await, so a concurrent twin cannot adopt the same job.
  if (job) ctx.state.claimed.add(job.id);
  return job;
}

/** Adopt the job this intent created, or prove (after a grace period for list lag) that there is none. */
export async function reconcile(ctx: RunContext, shot: string, intent: IntentRecord, reason: string): Promise<ReconcileResult> {
  ctx.emit({ type: 'reconciling', shot, intentId: intent.intentId, reason });
  let job: VideoJob | undefined;
  try {
    job = await lookOnce(ctx, shot, intent);
    if (!job) {
      await ctx.clock.sleep(ctx.settings.reconcileGraceMs, ctx.signal);
      job = await lookOnce(ctx, shot, intent);
    }
  } catch (error) {
    // Interrupted: the intent stays unresolved in the journal and the next run reconciles it.
    if (ctx.signal.aborted) throw error;
    return { kind: 'unknown', message: messageOf(ctx, error) };
  }
  if (!job) return { kind: 'none' };
  // Adopted in memory already; if the journal cannot record it, the run stops spending but keeps the job.
  await recordBestEffort(ctx, { type: 'adopted', intentId: intent.intentId, jobId: job.id });
  ctx.emit({ type: 'adopted', shot, intentId: intent.intentId, jobId: job.id });
  return { kind: 'adopted', job };
}
