// A job as OpenRouter shows it at one instant: its status, and the job object of poll answers and callbacks.
// Optional fields are left out, never null: the official SDK's schema rejects `null` there.
import type { Reply, RequestContext } from '../../context.js';
import { jobStateAt } from '../../lifecycle.js';
import { notFound } from './errors.js';
import type { OpenRouterSimSettings } from './settings.js';
import type { OpenRouterJob } from './state.js';

export type OpenRouterStatus = 'pending' | 'in_progress' | 'completed' | 'failed' | 'cancelled' | 'expired';

export const openRouterPath = '/openrouter/api/v1';
export const expiredMessage = 'Job exceeded maximum time to live';

export interface OpenRouterView {
  status: OpenRouterStatus;
  error?: string;
}

/** When a completed job's content stops being served (retention, or an explicit expire()). */
export function contentGoneAtMs(entry: OpenRouterJob, settings: OpenRouterSimSettings, nowMs: number): number | undefined {
  const finished = jobStateAt(entry.job, nowMs).finishedAtMs;
  const natural = finished === null ? Number.POSITIVE_INFINITY : finished + settings.retentionSeconds * 1000;
  const gone = Math.min(natural, entry.job.expiredAtMs ?? Number.POSITIVE_INFINITY);
  return Number.isFinite(gone) ? gone : undefined;
}

export function viewAt(entry: OpenRouterJob, settings: OpenRouterSimSettings, nowMs: number): OpenRouterView {
  const state = jobStateAt(entry.job, nowMs);
  const gone = contentGoneAtMs(entry, settings, nowMs);
  if (state.status === 'failed') return state.error?.code === 'expired' ? { status: 'expired', error: expiredMessage } : { status: 'failed', error: state.error?.message ?? 'Generation failed' };
  if (gone !== undefined && nowMs >= gone) return { status: 'expired', error: expiredMessage };
  if (state.status === 'completed') return { status: 'completed' };
  return { status: state.status === 'in_progress' && settings.showInProgress ? 'in_progress' : 'pending' };
}

export const pollingUrl = (origin: string, id: string) => `${origin}${openRouterPath}/videos/${id}`;
export const contentUrl = (origin: string, id: string, index = 0) => `${origin}${openRouterPath}/videos/${id}/content?index=${index}`;

/** The `VideoGenerationResponse` of a poll. */
export function jobBody(entry: OpenRouterJob, view: OpenRouterView): Record<string, unknown> {
  const body: Record<string, unknown> = { id: entry.id, polling_url: pollingUrl(entry.origin, entry.id), status: view.status };
  if (view.status !== 'pending') body.generation_id = entry.generationId;
  if (view.status === 'completed') {
    body.unsigned_urls = [contentUrl(entry.origin, entry.id)];
    body.usage = { cost: entry.costUsd, is_byok: false };
  }
  if (view.error !== undefined) body.error = view.error;
  return body;
}

export function jobIn(ctx: RequestContext): OpenRouterJob {
  ctx.videoId = ctx.id;
  const entry = ctx.sim.openRouter.jobs.get(ctx.id);
  if (!entry || !ctx.sim.store.get(ctx.id, 'openrouter')) throw notFound(`Video generation job ${ctx.id} not found`);
  return entry;
}

export function handlePoll(ctx: RequestContext): Reply {
  const entry = jobIn(ctx);
  return { kind: 'json', body: jobBody(entry, viewAt(entry, ctx.sim.openRouter.settings(), ctx.sim.clock.now())) };
}
