// GET /videos/{id}, GET /videos (cursor pages), DELETE /videos/{id}.
import type { Reply, RequestContext } from '../context.js';
import { invalidRequest, videoNotFound } from '../http/api-error.js';
import { toVideoResource, type JobRecord } from '../job.js';
import { jobStateAt, nextChangeAt } from '../lifecycle.js';

function liveJob(ctx: RequestContext): JobRecord {
  ctx.videoId = ctx.id;
  const job = ctx.sim.store.get(ctx.id);
  if (!job) throw videoNotFound(ctx.id);
  return job;
}

// A polling hint like the one openai-node's poll helper honours: the time to the next change, within 0.1–10 s.
function pollAfterMs(job: JobRecord, nowMs: number): string | undefined {
  const { status } = jobStateAt(job, nowMs);
  if (status === 'completed' || status === 'failed') return undefined;
  const next = nextChangeAt(job, nowMs) ?? nowMs;
  return String(Math.min(10_000, Math.max(100, next - nowMs)));
}

export function handleRetrieve(ctx: RequestContext): Reply {
  const job = liveJob(ctx);
  const now = ctx.sim.clock.now();
  const pollAfter = pollAfterMs(job, now);
  return { kind: 'json', body: toVideoResource(job, now, ctx.sim.options.ttlSeconds, ctx.sim.faults.get().clockSkewMs), ...(pollAfter ? { headers: { 'openai-poll-after-ms': pollAfter } } : {}) };
}

function readLimit(raw: string | null): number {
  if (raw === null) return 20;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 0 || limit > 100) {
    throw invalidRequest(`Invalid 'limit': expected an integer from 0 to 100, got '${raw}'.`, 'limit', 'invalid_value');
  }
  return limit;
}

function readOrder(raw: string | null): 'asc' | 'desc' {
  if (raw === null || raw === 'desc') return 'desc';
  if (raw === 'asc') return 'asc';
  throw invalidRequest(`Invalid value: '${raw}'. Supported values are: 'asc' and 'desc'.`, 'order', 'invalid_value');
}

export function handleList(ctx: RequestContext): Reply {
  const { sim, query } = ctx;
  const now = sim.clock.now();
  const after = query.get('after');
  const page = sim.store.list({
    limit: readLimit(query.get('limit')),
    order: readOrder(query.get('order')),
    ...(after ? { after } : {}),
    visibleBeforeMs: now - sim.faults.get().listLagMs,
  });
  const { clockSkewMs, listOmitsPrompt } = sim.faults.get();
  // `prompt` is nullable in the contract: a backend may leave it out of listed jobs.
  const data = page.jobs.map((job) => ({ ...toVideoResource(job, now, sim.options.ttlSeconds, clockSkewMs), ...(listOmitsPrompt ? { prompt: null } : {}) }));
  return { kind: 'json', body: { object: 'list', data, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null, has_more: page.hasMore } };
}

export function handleDelete(ctx: RequestContext): Reply {
  const job = liveJob(ctx);
  const now = ctx.sim.clock.now();
  const status = jobStateAt(job, now).status;
  // "Permanently delete a completed or failed video and its stored assets."
  // (docs/design/openai-videos-protocol.md#retrieve-and-delete)
  if (status !== 'completed' && status !== 'failed') {
    throw invalidRequest(`Video '${job.id}' cannot be deleted while its status is '${status}'; only completed or failed videos can be deleted.`, 'video_id', 'invalid_video_state');
  }
  job.deletedAtMs = now;
  return { kind: 'json', body: { object: 'video.deleted', deleted: true, id: job.id } };
}
