// The fal face under /fal: one origin for queue.fal.run, rest.fal.ai (storage), api.fal.ai (Platform API) and the
// CDN, each with its paths unchanged. `Authorization: Key …`; errors as `{detail}`.
import type { IncomingMessage } from 'node:http';
import type { SimState } from '../../context.js';
import { SimApiError } from '../../http/api-error.js';
import { matchIn, type Face, type Route } from '../../http/face.js';
import { FalHttpError, requestError } from './errors.js';
import { handleRequestListing } from './listing.js';
import { handleFalCancel, handleFalResult } from './result.js';
import { handleFalStatus, handleFalStream } from './status.js';
import { handleOutputFile, handleUploadedFile, handleUploadInitiate, handleUploadPut } from './storage.js';
import { handleFalSubmit } from './submit.js';
import { handleJwks } from './webhooks.js';

export const falPrefix = '/fal';
const uuid = '([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})';
const app = '(.+?)';

// Order matters: fixed paths first, then the request paths, and the submit (any endpoint id) last.
const routes: Route[] = [
  { method: 'GET', pattern: /^\/fal\/\.well-known\/jwks\.json$/, name: 'fal.jwks', faultRoute: undefined, handle: handleJwks, auth: false },
  { method: 'GET', pattern: /^\/fal\/v1\/models\/requests\/by-endpoint$/, name: 'fal.list', faultRoute: 'fal.list', handle: handleRequestListing },
  { method: 'POST', pattern: /^\/fal\/storage\/upload\/initiate$/, name: 'fal.upload.initiate', faultRoute: 'fal.upload', handle: handleUploadInitiate },
  { method: 'PUT', pattern: new RegExp(`^/fal/storage/upload/put/${uuid}$`), name: 'fal.upload.put', faultRoute: 'fal.upload', handle: handleUploadPut, auth: false, body: 'raw' },
  { method: 'GET', pattern: new RegExp(`^/fal/files/uploads/${uuid}/([^/]+)$`), name: 'fal.file.upload', faultRoute: 'fal.file', handle: handleUploadedFile, auth: false },
  { method: 'GET', pattern: new RegExp(`^/fal/files/${uuid}/output\\.mp4$`), name: 'fal.file.output', faultRoute: 'fal.file', handle: handleOutputFile, auth: false },
  { method: 'GET', pattern: new RegExp(`^/fal/${app}/requests/${uuid}/status/stream$`), name: 'fal.stream', faultRoute: 'fal.stream', handle: handleFalStream },
  { method: 'GET', pattern: new RegExp(`^/fal/${app}/requests/${uuid}/status$`), name: 'fal.status', faultRoute: 'fal.status', handle: handleFalStatus },
  { method: 'PUT', pattern: new RegExp(`^/fal/${app}/requests/${uuid}/cancel$`), name: 'fal.cancel', faultRoute: 'fal.cancel', handle: handleFalCancel },
  { method: 'GET', pattern: new RegExp(`^/fal/${app}/requests/${uuid}(?:/response)?$`), name: 'fal.result', faultRoute: 'fal.result', handle: handleFalResult },
  { method: 'POST', pattern: /^\/fal\/([A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)+)$/, name: 'fal.submit', faultRoute: 'fal.submit', handle: handleFalSubmit },
];

function falKey(req: IncomingMessage): string | undefined {
  return /^Key\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim();
}

const errorTypes: Record<number, string> = { 429: 'rate_limited', 500: 'internal_error', 502: 'runner_incomplete_response', 503: 'runner_scheduling_failure', 504: 'request_timeout' };

export const falFace: Face = {
  name: 'fal',
  owns: (pathname) => pathname === falPrefix || pathname.startsWith(`${falPrefix}/`),
  match: (method, pathname) => matchIn(routes, method, pathname),
  notFound: (method, pathname) => new FalHttpError(404, { detail: `Not Found: ${method} ${pathname.slice(falPrefix.length)}` }),
  authorize(sim, req) {
    const key = falKey(req);
    if (key === sim.options.apiKey) return;
    const echo = sim.faults.get().echoKey && key !== undefined ? ` (${key})` : '';
    throw new FalHttpError(401, { detail: key === undefined ? 'No credentials: send Authorization: Key <FAL_KEY>' : `Invalid key credentials${echo}` });
  },
  faultError(sim, req, fault) {
    const errorType = fault.type ?? errorTypes[fault.status] ?? 'bad_request';
    let detail = fault.message ?? (fault.status === 429 ? 'Too many requests' : fault.status >= 500 ? 'Internal server error' : `Simulated error ${fault.status}`);
    if (sim.faults.get().echoKey && fault.status >= 500) detail += ` (request authorised with ${falKey(req) ?? 'no key'})`;
    const error = requestError(fault.status, detail, errorType);
    if (fault.retryAfterSeconds !== undefined) error.headers['retry-after'] = String(fault.retryAfterSeconds);
    Object.assign(error.headers, fault.headers);
    return error;
  },
  errorAnswer(sim, req, error) {
    const answer = error instanceof FalHttpError
      ? { status: error.status, body: error.body, headers: { ...error.headers } }
      : error instanceof SimApiError
        ? { status: error.status, body: { detail: error.body.message }, headers: { ...error.headers } }
        : { status: 500, body: { detail: `Simulator error: ${error instanceof Error ? error.message : String(error)}`, error_type: 'internal_error' }, headers: {} as Record<string, string> };
    if (sim.faults.get().echoKey) answer.headers['x-sim-echo'] = falKey(req) ?? '';
    return answer;
  },
  baseHeaders: (requestId) => ({ 'x-sim-request-id': requestId }),
};
