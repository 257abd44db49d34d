// The Runway face under /runway: `http://127.0.0.1:PORT/runway` is the SDK's baseURL, and the SDK adds `/v1/…`.
// Every API request needs `Authorization: Bearer <key>` and the `X-Runway-Version` the SDK sends; errors are
// `{"error": "…"}` (https://docs.dev.runwayml.com/errors/errors). Output files are served without a key.
import type { IncomingMessage } from 'node:http';

import { SimApiError } from '../../http/api-error.js';
import { matchIn, type Face, type Route } from '../../http/face.js';
import { createTaskHandler } from './create.js';
import { RunwayHttpError } from './errors.js';
import { handleOutputFile, runwayPrefix } from './files.js';
import { handleOrganization } from './organization.js';
import { handleTaskDelete, handleTaskRetrieve } from './task-routes.js';

export { runwayPrefix };

/** The API version the SDK sends on every request (`runwayVersion` default in SDK src/client.ts). */
export const runwayApiVersion = '2024-11-06';

const uuid = '([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})';

const routes: Route[] = [
  { method: 'POST', pattern: /^\/runway\/v1\/text_to_video$/, name: 'runway.text_to_video', faultRoute: 'runway.create', handle: createTaskHandler('text_to_video') },
  { method: 'POST', pattern: /^\/runway\/v1\/image_to_video$/, name: 'runway.image_to_video', faultRoute: 'runway.create', handle: createTaskHandler('image_to_video') },
  { method: 'POST', pattern: /^\/runway\/v1\/video_to_video$/, name: 'runway.video_to_video', faultRoute: 'runway.create', handle: createTaskHandler('video_to_video') },
  { method: 'GET', pattern: new RegExp(`^/runway/v1/tasks/${uuid}$`), name: 'runway.task', faultRoute: 'runway.task', handle: handleTaskRetrieve },
  { method: 'DELETE', pattern: new RegExp(`^/runway/v1/tasks/${uuid}$`), name: 'runway.delete', faultRoute: 'runway.delete', handle: handleTaskDelete },
  { method: 'GET', pattern: /^\/runway\/v1\/organization$/, name: 'runway.organization', faultRoute: 'runway.organization', handle: handleOrganization },
  { method: 'GET', pattern: new RegExp(`^/runway/files/${uuid}/(\\d+)/([0-9a-f]{32})/output\\.mp4$`), name: 'runway.file', faultRoute: 'runway.file', handle: handleOutputFile, auth: false },
];

function bearer(req: IncomingMessage): string | undefined {
  return /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim();
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export const runwayFace: Face = {
  name: 'runway',
  owns: (pathname) => pathname === runwayPrefix || pathname.startsWith(`${runwayPrefix}/`),
  match: (method, pathname) => matchIn(routes, method, pathname),
  notFound: (method, pathname) => new RunwayHttpError(404, `Cannot ${method} ${pathname.slice(runwayPrefix.length)}`),
  authorize(sim, req) {
    const key = bearer(req);
    if (key !== sim.options.apiKey) {
      const echo = sim.faults.get().echoKey && key !== undefined ? ` (${key})` : '';
      throw new RunwayHttpError(401, key === undefined ? 'No API key provided: send Authorization: Bearer <key>' : `Invalid API key${echo}`);
    }
    const version = header(req, 'x-runway-version');
    if (version === undefined) throw new RunwayHttpError(400, `Missing X-Runway-Version header; send X-Runway-Version: ${runwayApiVersion}`);
    if (version !== runwayApiVersion) throw new RunwayHttpError(400, `Unsupported API version '${version}'; send X-Runway-Version: ${runwayApiVersion}`);
  },
  faultError(sim, req, fault) {
    let message = fault.message ?? (fault.status === 429 ? 'Too many requests' : fault.status >= 500 ? 'An unexpected error occurred' : `Simulated error ${fault.status}`);
    if (sim.faults.get().echoKey && fault.status >= 500) message += ` (request authorised with ${bearer(req) ?? 'no key'})`;
    const headers: Record<string, string> = { ...fault.headers };
    if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
    if (fault.retryAfterMs !== undefined) headers['retry-after-ms'] = String(fault.retryAfterMs);
    if (fault.shouldRetry !== undefined) headers['x-should-retry'] = String(fault.shouldRetry);
    return new RunwayHttpError(fault.status, message, headers);
  },
  errorAnswer(sim, req, error) {
    const answer = error instanceof RunwayHttpError
      ? { status: error.status, body: { error: error.message }, headers: { ...error.headers } }
      : error instanceof SimApiError
        ? { status: error.status, body: { error: error.body.message }, headers: { ...error.headers } }
        : { status: 500, body: { error: `Simulator error: ${error instanceof Error ? error.message : String(error)}` }, headers: {} as Record<string, string> };
    if (sim.faults.get().echoKey) answer.headers['x-sim-echo'] = bearer(req) ?? '';
    return answer;
  },
  baseHeaders: (requestId) => ({ 'x-sim-request-id': requestId }),
};

