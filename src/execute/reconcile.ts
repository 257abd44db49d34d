// Reconciliation: after a paid call whose answer was lost, or for a journaled intent without an outcome, look for
// the job it made in the provider's job list and adopt it, so an unanswered POST is never paid twice. Absence from
// a list proves nothing (lists lag, and hide fields): the search backs off for a bounded time and then ends as an
// unknown outcome whose money stays held. See docs/executor.md "Reconciliation".
import type { VideoJob } from '../providers/provider.js';
import { messageOf, recordBestEffort, type RunContext } from './context.js';
import type { IntentRecord } from './journal-records.js';
import { isUnresolved } from './journal-state.js';
import { withReadRetries } from './read-retry.js';
import { earliestCreatedAt, pickCandidate, type TimeWindow } from './reconcile-match.js';

/** What a search that found nothing looked at: reported so a person can finish the search by hand. */
export interface SearchRecord {
  looks: number;
  jobsSeen: number;
  /** ms the search lasted. */
  elapsedMs: number;
  /** Earliest created_at searched, unix seconds on our clock. */
  sinceSeconds: number;
  /** Jobs that fit but could not be told apart (no prompt in the list, or another open intent fits too). */
  ambiguous: number;
  lastError?: string;
}

export type ReconcileResult = { kind: 'adopted'; job: VideoJob } | { kind: 'unknown'; searched: SearchRecord };

export function timeWindow(ctx: RunContext): TimeWindow {
  const offsetMs = ctx.provider.serverClockOffsetMs?.();
  return { offsetSeconds: offsetMs === undefined ? 0 : Math.round(offsetMs / 1000), marginSeconds: ctx.settings.skewSeconds };
}

/** Jobs created since the intent (newest first, paging with `after` until older than the window). */
export async function listSince(ctx: RunContext, shot: string, intent: IntentRecord): Promise<VideoJob[]> {
  const list = ctx.provider.list?.bind(ctx.provider);
  const jobs: VideoJob[] = [];
  if (!list) return jobs;
  let after: string | undefined;
  for (let page = 0; page < 50; page += 1) {
    const result = await withReadRetries(ctx, { shot, what: 'reconcile' }, () =>
      list({ limit: 100, order: 'desc', ...(after ? { after } : {}) }, { signal: ctx.signal }),
    );
    jobs.push(...result.jobs);
    const oldest = result.jobs.at(-1);
    // The window is recomputed per page: the first answer may be what taught us the server's clock.
    if (!result.hasMore || !result.lastId || !oldest || oldest.createdAt < earliestCreatedAt(intent, timeWindow(ctx))) break;
    after = result.lastId;
  }
  return jobs;
}

/** Other intents still waiting for an outcome: a job without its prompt is adopted only if none of them fits it. */
function rivalsOf(ctx: RunContext, intent: IntentRecord): IntentRecord[] {
  return [...ctx.state.intents.values()].filter((s) => s.intent.intentId !== intent.intentId && isUnresolved(s)).map((s) => s.intent);
}

async function lookOnce(ctx: RunContext, shot: string, intent: IntentRecord, searched: SearchRecord): Promise<VideoJob | undefined> {
  const jobs = await listSince(ctx, shot, intent);
  searched.looks += 1;
  searched.jobsSeen = Math.max(searched.jobsSeen, jobs.length);
  const pick = pickCandidate(jobs, intent, ctx.state.claimed, timeWindow(ctx), rivalsOf(ctx, intent));
  searched.ambiguous = pick.kind === 'ambiguous' ? pick.candidates : 0;
  if (pick.kind !== 'adopt') return undefined;
  // Claimed synchronously, before any await, so a concurrent twin cannot adopt the same job.
  ctx.state.claimed.add(pick.job.id);
  return pick.job;
}

/** The wait before look number `looks + 1`: quick at first (most lost answers show up at once), then backing off. */
export function nextLookDelayMs(looks: number, firstMs: number, maxMs: number): number {
  return Math.min(maxMs, firstMs * 2 ** Math.max(0, looks - 1));
}

/**
 * Adopt the job this intent created. Looks again with backoff while the list does not show it, for at most
 * `reconcileWindowMs` (a window of 0 looks once); then the outcome is unknown and the caller keeps the money held.
 */
export async function reconcile(ctx: RunContext, shot: string, intent: IntentRecord, reason: string, provider = 'openai'): Promise<ReconcileResult> {
  ctx.emit({ type: 'reconciling', shot, intentId: intent.intentId, reason });
  const started = ctx.clock.now();
  const searched: SearchRecord = { looks: 0, jobsSeen: 0, elapsedMs: 0, sinceSeconds: intent.notBefore - ctx.settings.skewSeconds, ambiguous: 0 };
  let job: VideoJob | undefined;
  // A provider without a job list (nothing to search) leaves the outcome unknown at once.
  const searchable = ctx.provider.list !== undefined && (ctx.provider.lists?.(provider) ?? true);
  if (searchable && intent.parentJobId !== null) {
    // Without it a fal extension found by a resumed run could not be told from any other; failing only costs that.
    await ctx.provider.recogniseDerivedFrom?.(intent.parentJobId, { signal: ctx.signal }).catch(() => undefined);
  }
  while (searchable) {
    try {
      job = await lookOnce(ctx, shot, intent, searched);
    } catch (error) {
      // Interrupted: the intent stays unresolved in the journal and the next run reconciles it.
      if (ctx.signal.aborted) throw error;
      searched.looks += 1;
      searched.lastError = messageOf(ctx, error);
    }
    if (job) break;
    const delayMs = nextLookDelayMs(searched.looks, ctx.settings.reconcileFirstDelayMs, ctx.settings.reconcileMaxDelayMs);
    if (ctx.clock.now() + delayMs - started > ctx.settings.reconcileWindowMs) break;
    ctx.emit({ type: 'retry', shot, what: 'reconcile', attempt: searched.looks, delayMs, reason: 'no matching job in the list yet (lists can lag)' });
    await ctx.clock.sleep(delayMs, ctx.signal);
  }
  searched.elapsedMs = ctx.clock.now() - started;
  if (!job) return { kind: 'unknown', searched };
  // Adopted in memory already; if the journal cannot record it, the run stops spending but keeps the job.
  await recordBestEffort(ctx, { type: 'adopted', intentId: intent.intentId, jobId: job.id });
  ctx.emit({ type: 'adopted', shot, intentId: intent.intentId, jobId: job.id });
  return { kind: 'adopted', job };
}
