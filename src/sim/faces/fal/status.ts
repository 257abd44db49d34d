// GET …/requests/{id}/status (202 while waiting, 200 when COMPLETED) and …/status/stream (server-sent events).
import type { ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import type { Reply, RequestContext } from '../../context.js';
import { jobStateAt, nextChangeAt } from '../../lifecycle.js';
import { failureAnswer, notFound } from './errors.js';
import { queuePosition } from './schedule.js';
import type { FalErrorAnswer, FalRequest } from './state.js';

export type FalStatus = 'IN_QUEUE' | 'IN_PROGRESS' | 'COMPLETED';

/** The answer a failed request's result call gives, or undefined while it has not failed. */
export function errorOf(request: FalRequest, nowMs: number): FalErrorAnswer | undefined {
  const state = jobStateAt(request.job, nowMs);
  if (state.status !== 'failed' || !state.error) return undefined;
  return request.error ?? failureAnswer(state.error.code, state.error.message);
}

export function falStatusAt(request: FalRequest, nowMs: number): FalStatus {
  const status = jobStateAt(request.job, nowMs).status;
  return status === 'queued' ? 'IN_QUEUE' : status === 'in_progress' ? 'IN_PROGRESS' : 'COMPLETED';
}

/** The request a path names: the app in the path must be the one it was submitted to (or its full endpoint id). */
export function requestIn(ctx: RequestContext): FalRequest {
  const [app = '', id = ''] = ctx.params;
  ctx.videoId = id;
  const request = ctx.sim.fal.requests.get(id);
  if (!request || (app !== request.model.app && app !== request.endpoint.id)) throw notFound(`Request ${id} not found`);
  return request;
}

function logLines(request: FalRequest, nowMs: number): { message: string; level: string; source: string; timestamp: string }[] {
  const { job } = request;
  const startMs = job.createdAtMs + job.queueMs;
  const line = (atMs: number, message: string) => ({ message, level: 'INFO', source: 'USER', timestamp: new Date(atMs).toISOString() });
  if (nowMs < startMs) return [];
  const lines = [line(startMs, `Generating ${job.seconds} s at ${job.size}`)];
  for (const quarter of [1, 2, 3]) {
    const atMs = startMs + Math.round((job.runMs * quarter) / 4);
    if (atMs <= nowMs && falStatusAt(request, atMs) === 'IN_PROGRESS') lines.push(line(atMs, `${quarter * 25}% done`));
  }
  if (falStatusAt(request, nowMs) === 'COMPLETED') lines.push(line(nowMs, errorOf(request, nowMs) ? 'Generation failed' : 'Generation finished'));
  return lines;
}

/** The status object fal shows for a request at this instant; `logs` only when asked for. */
export function queueBody(ctx: RequestContext, request: FalRequest, withLogs: boolean, now = ctx.sim.clock.now()): Record<string, unknown> {
  const status = falStatusAt(request, now);
  const base = `${ctx.origin}/fal/${request.model.app}/requests/${request.requestId}`;
  const body: Record<string, unknown> = { status, request_id: request.requestId, response_url: base, status_url: `${base}/status`, cancel_url: `${base}/cancel`, logs: withLogs ? logLines(request, now) : null };
  if (status === 'IN_QUEUE') {
    const earlier = [...ctx.sim.fal.requests.values()].filter((r) => r.job.seq < request.job.seq).map((r) => r.job);
    body.queue_position = queuePosition(earlier, now);
  }
  if (status === 'COMPLETED') {
    const state = jobStateAt(request.job, now);
    body.metrics = { inference_time: Math.max(0, ((state.finishedAtMs ?? now) - request.job.createdAtMs - request.job.queueMs) / 1000) };
    const error = errorOf(request, now);
    if (error) Object.assign(body, { error: error.message, error_type: error.errorType });
  }
  return body;
}

export function handleFalStatus(ctx: RequestContext): Reply {
  const request = requestIn(ctx);
  const body = queueBody(ctx, request, ctx.query.get('logs') === '1');
  return { kind: 'json', status: body.status === 'COMPLETED' ? 200 : 202, body, headers: { 'x-fal-request-id': request.requestId } };
}

// A change can come from the clock alone, from advance(), or from an earlier job starting (queue_position):
// look again at the next known change, and at least every 100 ms.
const maxTickMs = 100;

async function stream(ctx: RequestContext, request: FalRequest, res: ServerResponse): Promise<void> {
  const withLogs = ctx.query.get('logs') === '1';
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-fal-request-id': request.requestId });
  const closed = new AbortController();
  res.once('close', () => closed.abort());
  // A `truncateAfterBytes` fault closes the stream early, before COMPLETED: a client must not take that for the end.
  const cut = ctx.fault.content?.kind === 'truncate' ? ctx.fault.content.afterBytes : Number.POSITIVE_INFINITY;
  let written = 0;
  let last = '';
  while (!closed.signal.aborted) {
    const body = queueBody(ctx, request, withLogs);
    const text = JSON.stringify(body);
    if (text !== last) {
      const event = `data: ${text}\n\n`;
      res.write(event);
      written += Buffer.byteLength(event);
    }
    last = text;
    if (body.status === 'COMPLETED' || written >= cut) break;
    const now = ctx.sim.clock.now();
    const next = nextChangeAt(request.job, now);
    const wait = Math.min(maxTickMs, Math.max(5, next === undefined ? maxTickMs : next - now));
    await delay(wait, undefined, { signal: closed.signal }).catch(() => undefined);
  }
  res.end();
}

export function handleFalStream(ctx: RequestContext): Reply {
  const request = requestIn(ctx);
  return { kind: 'stream', run: (res) => stream(ctx, request, res) };
}
