// GET /v1/models/requests/by-endpoint (fal's Platform API): the account's requests to some endpoints, newest first,
// with their inputs and outputs on `expand=payloads`. The one way to find a request whose submit answer was lost.
import type { Reply, RequestContext } from '../../context.js';
import { jobStateAt } from '../../lifecycle.js';
import { FalHttpError } from './errors.js';
import type { FalRequest } from './state.js';
import { errorOf } from './status.js';
import { outputUrl } from './storage.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function badQuery(field: string, msg: string): FalHttpError {
  return new FalHttpError(422, { detail: [{ loc: ['query', field], msg, type: 'value_error' }] });
}

function readTime(ctx: RequestContext, field: 'start' | 'end', fallback: number): number {
  const raw = ctx.query.get(field);
  if (raw === null) return fallback;
  const ms = Date.parse(raw);
  if (!Number.isFinite(ms)) throw badQuery(field, `Invalid datetime '${raw}'`);
  return ms;
}

function readLimit(raw: string | null): number {
  if (raw === null) return 50;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw badQuery('limit', 'Input should be an integer from 1 to 100');
  return limit;
}

function statusCodeOf(request: FalRequest, nowMs: number): number | null {
  const state = jobStateAt(request.job, nowMs);
  if (state.status !== 'completed' && state.status !== 'failed') return null;
  return errorOf(request, nowMs)?.status ?? 200;
}

const statusFilters: Record<string, (code: number | null) => boolean> = {
  success: (code) => code !== null && code < 400,
  user_error: (code) => code !== null && code >= 400 && code < 500,
  error: (code) => code !== null && code >= 500,
};

function item(ctx: RequestContext, request: FalRequest, nowMs: number, payloads: boolean): Record<string, unknown> {
  const { job } = request;
  const state = jobStateAt(job, nowMs);
  const startMs = job.createdAtMs + job.queueMs;
  const code = statusCodeOf(request, nowMs);
  const row: Record<string, unknown> = {
    request_id: request.requestId,
    endpoint_id: request.endpoint.id,
    sent_at: iso(job.createdAtMs),
    started_at: nowMs >= startMs ? iso(startMs) : null,
    ended_at: iso(state.finishedAtMs),
    status_code: code,
    duration: state.finishedAtMs === null ? null : (state.finishedAtMs - startMs) / 1000,
  };
  if (payloads) {
    row.json_input = request.input;
    row.json_output = code === 200 ? { video: { url: outputUrl(ctx.origin, request.requestId), content_type: 'video/mp4', file_name: 'output.mp4' } } : code === null ? null : errorOf(request, nowMs)?.body;
  }
  return row;
}

export function handleRequestListing(ctx: RequestContext): Reply {
  const { sim, query } = ctx;
  const endpoints = query.getAll('endpoint_id').flatMap((value) => value.split(',')).map((id) => id.trim()).filter(Boolean);
  if (endpoints.length === 0) throw badQuery('endpoint_id', 'Field required');
  if (endpoints.length > 50) throw badQuery('endpoint_id', 'At most 50 endpoint ids');
  const now = sim.clock.now();
  const requestId = query.get('request_id');
  const start = readTime(ctx, 'start', now - (requestId ? 90 : 1) * 24 * 3_600_000);
  const end = readTime(ctx, 'end', now);
  const status = query.get('status');
  const filter = status === null ? () => true : statusFilters[status];
  if (!filter) throw badQuery('status', "Input should be 'success', 'error' or 'user_error'");
  const limit = readLimit(query.get('limit'));
  const offset = Number(Buffer.from(query.get('cursor') ?? '', 'base64').toString('utf8') || '0');
  const visibleBefore = now - sim.faults.get().listLagMs;
  const matching = [...sim.fal.requests.values()]
    .filter((r) => endpoints.includes(r.endpoint.id) && r.job.createdAtMs >= start && r.job.createdAtMs <= Math.min(end, visibleBefore))
    .filter((r) => (requestId === null || r.requestId === requestId) && filter(statusCodeOf(r, now)))
    .filter((r) => sim.options.falListInFlight || statusCodeOf(r, now) !== null)
    .reverse();
  const page = matching.slice(offset, offset + limit);
  const hasMore = offset + limit < matching.length;
  const payloads = query.getAll('expand').includes('payloads');
  return {
    kind: 'json',
    body: { items: page.map((r) => item(ctx, r, now, payloads)), next_cursor: hasMore ? Buffer.from(String(offset + limit)).toString('base64') : null, has_more: hasMore },
  };
}
