// One request from arrival to answer: route, key, fault, body, handler, and the log line that records what happened.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import type { Reply, RequestContext, SimState } from '../context.js';
import { errorDefaults } from '../faults/resolve-step.js';
import type { HttpErrorFault, ResolvedFault } from '../faults/types.js';
import { newId } from '../ids.js';
import type { RequestLogEntry } from '../request-log.js';
import { SimApiError } from './api-error.js';
import { parseBody, readBody, type ParsedBody } from './read-body.js';
import { sendError, sendFile, sendJson } from './reply.js';
import { matchRoute } from './router.js';

const noFault: ResolvedFault = { label: 'none' };
const emptyBody: ParsedBody = { encoding: 'empty', fields: {} };

function bearerKey(req: IncomingMessage): string | undefined {
  return /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim();
}

function authorize(sim: SimState, req: IncomingMessage): void {
  const key = bearerKey(req);
  if (key === sim.options.apiKey) return;
  const echo = sim.faults.get().echoKey;
  const shown = key === undefined ? '' : echo ? key : `${key.slice(0, 6)}***${key.slice(-4)}`;
  const message = key === undefined
    ? "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."
    : `Incorrect API key provided: ${shown}. You can find your API key at https://platform.openai.com/account/api-keys.`;
  throw new SimApiError(401, { message, type: 'invalid_request_error', code: key === undefined ? null : 'invalid_api_key' });
}

function faultError(sim: SimState, req: IncomingMessage, fault: HttpErrorFault): SimApiError {
  const defaults = errorDefaults(fault);
  const headers: Record<string, string> = { ...fault.headers };
  if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
  if (fault.retryAfterMs !== undefined) headers['retry-after-ms'] = String(fault.retryAfterMs);
  if (fault.shouldRetry !== undefined) headers['x-should-retry'] = String(fault.shouldRetry);
  let message = fault.message ?? defaults.message;
  if (sim.faults.get().echoKey && fault.status >= 500) message += ` (request authorised with ${bearerKey(req) ?? 'no key'})`;
  return new SimApiError(fault.status, { message, type: fault.type ?? defaults.type, code: fault.code === undefined ? defaults.code : fault.code, param: fault.param ?? null }, headers, fault.htmlBody);
}

function retryCountOf(req: IncomingMessage): number | null {
  const raw = req.headers['x-stainless-retry-count'];
  const value = Number(Array.isArray(raw) ? raw[0] : raw);
  return raw === undefined || !Number.isFinite(value) ? null : value;
}

async function run(sim: SimState, req: IncomingMessage, res: ServerResponse, entry: RequestLogEntry): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sim.invalid');
  const match = matchRoute(req.method ?? 'GET', url.pathname);
  if (!match) throw new SimApiError(404, { message: `Invalid URL (${req.method} ${url.pathname})` });
  entry.route = match.route.name;
  authorize(sim, req);
  const fault = match.route.faultRoute ? sim.faults.next(match.route.faultRoute) : noFault;
  entry.fault = fault.label;
  if (fault.reset) {
    entry.status = 'reset';
    res.destroy();
    return;
  }
  if (fault.errorBefore) {
    if (fault.slowMs) await delay(fault.slowMs);
    throw faultError(sim, req, fault.errorBefore);
  }
  const body = req.method === 'POST' ? parseBody(req.headers['content-type'], await readBody(req, sim.options.bodyLimitBytes)) : emptyBody;
  const ctx: RequestContext = { sim, id: match.id, query: url.searchParams, headers: req.headers, body, fault };
  try {
    const reply = await match.route.handle(ctx);
    // Late, but after the work is done: a client that times out leaves a billed job behind, as in reality.
    if (fault.slowMs) await delay(fault.slowMs);
    await answer(sim, req, res, entry, ctx, reply);
  } finally {
    if (ctx.videoId) entry.videoId = ctx.videoId;
  }
}

// After the handler ran: the request took effect (a create is billed) whatever reaches the client now.
async function answer(sim: SimState, req: IncomingMessage, res: ServerResponse, entry: RequestLogEntry, ctx: RequestContext, reply: Reply): Promise<void> {
  const { fault, created } = ctx;
  if (res.destroyed) {
    entry.status = 'client-closed';
    if (created?.delivery === 'pending') created.delivery = 'client-closed';
    return;
  }
  if (fault.drop) {
    entry.status = 'dropped';
    if (created?.delivery === 'pending') created.delivery = 'dropped';
    res.destroy();
    return;
  }
  if (fault.errorAfter) {
    if (created?.delivery === 'pending') created.delivery = 'errored';
    throw faultError(sim, req, fault.errorAfter);
  }
  if (reply.kind === 'json') sendJson(res, reply.status ?? 200, reply.body, reply.headers);
  else await sendFile(res, reply.path, reply.contentType, fault.content);
  if (created) created.delivery = 'answered';
}

export async function handleRequest(sim: SimState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const requestId = newId('req');
  const startedAt = performance.now();
  const entry: RequestLogEntry = { atMs: sim.clock.now(), method: req.method ?? 'GET', path: (req.url ?? '/').split('?')[0] ?? '/', route: 'unknown', status: 0, requestId, retryCount: retryCountOf(req), fault: 'none' };
  const socket = req.socket;
  const sentBefore = socket.bytesWritten;
  res.setHeader('x-request-id', requestId);
  res.setHeader('openai-version', '2020-10-01');
  // Node sends its own Date header; a skewed server (a fault) must show its skewed clock there too.
  res.setHeader('date', new Date(sim.clock.now() + sim.faults.get().clockSkewMs).toUTCString());
  try {
    await run(sim, req, res, entry);
  } catch (error) {
    const apiError = error instanceof SimApiError ? error : new SimApiError(500, { message: `Simulator error: ${error instanceof Error ? error.message : String(error)}`, type: 'server_error' });
    if (sim.faults.get().echoKey) apiError.headers['x-sim-echo'] = bearerKey(req) ?? '';
    if (!res.headersSent && !res.destroyed) sendError(res, apiError);
    if (entry.status === 0) entry.status = apiError.status;
  }
  if (entry.status === 0) entry.status = res.statusCode;
  entry.durationMs = Math.round(performance.now() - startedAt);
  entry.bytesSent = socket.bytesWritten - sentBefore;
  sim.log.record(entry);
  sim.options.onRequest?.(entry);
}
