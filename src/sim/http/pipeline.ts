// One request from arrival to answer: face, route, key, fault, body, handler, and the log line that records what happened.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import type { Reply, RequestContext, SimState } from '../context.js';
import type { ResolvedFault } from '../faults/types.js';
import { newId } from '../ids.js';
import type { RequestLogEntry } from '../request-log.js';
import type { Face } from './face.js';
import { parseBody, readBody, type ParsedBody } from './read-body.js';
import { sendFile, sendHtml, sendJson } from './reply.js';

const noFault: ResolvedFault = { label: 'none' };
const emptyBody: ParsedBody = { encoding: 'empty', fields: {} };

function retryCountOf(req: IncomingMessage): number | null {
  const raw = req.headers['x-stainless-retry-count'];
  const value = Number(Array.isArray(raw) ? raw[0] : raw);
  return raw === undefined || !Number.isFinite(value) ? null : value;
}

async function run(face: Face, sim: SimState, req: IncomingMessage, res: ServerResponse, entry: RequestLogEntry): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sim.invalid');
  const method = req.method ?? 'GET';
  const match = face.match(method, url.pathname);
  if (!match) throw face.notFound(method, url.pathname);
  const { route } = match;
  entry.route = route.name;
  if (route.auth !== false) face.authorize(sim, req);
  const fault = route.faultRoute ? sim.faults.next(route.faultRoute) : noFault;
  entry.fault = fault.label;
  if (fault.reset) {
    entry.status = 'reset';
    res.destroy();
    return;
  }
  if (fault.errorBefore) {
    if (fault.slowMs) await delay(fault.slowMs);
    throw face.faultError(sim, req, fault.errorBefore);
  }
  const hasBody = method === 'POST' || method === 'PUT';
  const bytes = hasBody ? await readBody(req, sim.options.bodyLimitBytes) : undefined;
  const body = bytes && route.body !== 'raw' ? parseBody(req.headers['content-type'], bytes) : emptyBody;
  const origin = `http://${req.headers.host ?? '127.0.0.1'}`;
  const ctx: RequestContext = { sim, id: match.id, params: match.params, query: url.searchParams, headers: req.headers, body, fault, origin, ...(route.body === 'raw' && bytes ? { raw: bytes } : {}) };
  try {
    const reply = await route.handle(ctx);
    // Late, but after the work is done: a client that times out leaves a billed job behind, as in reality.
    if (fault.slowMs) await delay(fault.slowMs);
    await answer(face, sim, req, res, entry, ctx, reply);
  } finally {
    if (ctx.videoId) entry.videoId = ctx.videoId;
  }
}

// After the handler ran: the request took effect (a create is billed) whatever reaches the client now.
async function answer(face: Face, sim: SimState, req: IncomingMessage, res: ServerResponse, entry: RequestLogEntry, ctx: RequestContext, reply: Reply): Promise<void> {
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
    throw face.faultError(sim, req, fault.errorAfter);
  }
  if (reply.kind === 'json') sendJson(res, reply.status ?? 200, reply.body, reply.headers);
  else if (reply.kind === 'bytes') {
    res.writeHead(reply.status ?? 200, { ...reply.headers, 'content-type': reply.contentType, 'content-length': reply.data.length });
    res.end(reply.data);
  } else if (reply.kind === 'stream') await reply.run(res);
  else await sendFile(res, reply.path, reply.contentType, fault.content);
  if (created) created.delivery = 'answered';
}

/** Serve one request through the first face that owns its path. */
export async function handleRequest(faces: readonly Face[], sim: SimState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const requestId = newId('req');
  const startedAt = performance.now();
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  const face = faces.find((candidate) => candidate.owns(path)) ?? faces[faces.length - 1];
  if (!face) throw new Error('the simulator has no protocol face');
  const entry: RequestLogEntry = { atMs: sim.clock.now(), method: req.method ?? 'GET', path, route: 'unknown', status: 0, requestId, retryCount: retryCountOf(req), fault: 'none' };
  for (const [name, value] of Object.entries(face.baseHeaders(requestId))) res.setHeader(name, value);
  const socket = req.socket;
  const sentBefore = socket.bytesWritten;
  // Node sends its own Date header; a skewed server (a fault) must show its skewed clock there too.
  res.setHeader('date', new Date(sim.clock.now() + sim.faults.get().clockSkewMs).toUTCString());
  try {
    await run(face, sim, req, res, entry);
  } catch (error) {
    const answer = face.errorAnswer(sim, req, error);
    if (!res.headersSent && !res.destroyed) {
      if (answer.html !== undefined) sendHtml(res, answer.status, answer.html, answer.headers);
      else sendJson(res, answer.status, answer.body, answer.headers);
    }
    if (entry.status === 0) entry.status = answer.status;
  }
  if (entry.status === 0) entry.status = res.statusCode;
  entry.durationMs = Math.round(performance.now() - startedAt);
  entry.bytesSent = socket.bytesWritten - sentBefore;
  sim.log.record(entry);
  sim.options.onRequest?.(entry);
}
