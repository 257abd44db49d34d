// The OpenRouter face under /openrouter: `/openrouter/api/v1` stands for `https://openrouter.ai/api/v1`, paths
// unchanged (the SDK's `serverURL` includes `/api/v1`). `Authorization: Bearer …`; errors as `{error: {code, message}}`.
import type { IncomingMessage } from 'node:http';
import { SimApiError } from '../../http/api-error.js';
import { matchIn, type Face, type Route } from '../../http/face.js';
import { handleContent } from './content.js';
import { OpenRouterHttpError } from './errors.js';
import { handlePoll } from './job-view.js';
import { handleModels } from './models.js';
import { handleSubmit } from './submit.js';

export const openRouterPrefix = '/openrouter';
const id = '([A-Za-z0-9_-]+)';

// `/videos/models` before `/videos/{id}`: a model listing is not a job. The listing needs no key, as on openrouter.ai.
const routes: Route[] = [
  { method: 'GET', pattern: /^\/openrouter\/api\/v1\/videos\/models$/, name: 'openrouter.models', faultRoute: 'openrouter.models', handle: handleModels, auth: false },
  { method: 'POST', pattern: /^\/openrouter\/api\/v1\/videos$/, name: 'openrouter.submit', faultRoute: 'openrouter.submit', handle: handleSubmit },
  { method: 'GET', pattern: new RegExp(`^/openrouter/api/v1/videos/${id}/content$`), name: 'openrouter.content', faultRoute: 'openrouter.content', handle: handleContent },
  { method: 'GET', pattern: new RegExp(`^/openrouter/api/v1/videos/${id}$`), name: 'openrouter.poll', faultRoute: 'openrouter.poll', handle: handlePoll },
];

function bearer(req: IncomingMessage): string | undefined {
  return /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim();
}

const messages: Record<number, string> = {
  402: 'Insufficient credits. Add more using https://openrouter.ai/credits',
  429: 'Rate limit exceeded',
  500: 'Internal Server Error',
  502: 'Provider returned error',
  503: 'No available provider meets your routing requirements',
};

export const openRouterFace: Face = {
  name: 'openrouter',
  owns: (pathname) => pathname === openRouterPrefix || pathname.startsWith(`${openRouterPrefix}/`),
  match: (method, pathname) => matchIn(routes, method, pathname),
  notFound: () => new OpenRouterHttpError(404, 'Resource not found'),
  authorize(sim, req) {
    const key = bearer(req);
    if (key === sim.options.apiKey) return;
    const echo = sim.faults.get().echoKey && key !== undefined ? ` (${key})` : '';
    throw new OpenRouterHttpError(401, key === undefined ? 'Missing Authentication header' : `User not found.${echo}`);
  },
  faultError(sim, req, fault) {
    // The named 5xx steps carry another API's wording; OpenRouter's own is used for them.
    let message = (fault.type === 'server_error' ? messages[fault.status] : undefined) ?? fault.message ?? messages[fault.status] ?? `Simulated error ${fault.status}`;
    if (sim.faults.get().echoKey && fault.status >= 500) message += ` (request authorised with ${bearer(req) ?? 'no key'})`;
    const headers: Record<string, string> = { ...fault.headers };
    if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
    if (fault.retryAfterMs !== undefined) headers['retry-after-ms'] = String(fault.retryAfterMs);
    if (fault.status === 429) Object.assign(headers, { 'x-ratelimit-limit': '20', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(sim.clock.now() + 1000 * (fault.retryAfterSeconds ?? 1)) }, fault.headers);
    return new OpenRouterHttpError(fault.status, message, headers, fault.code ? { error_type: fault.code } : undefined);
  },
  errorAnswer(sim, req, error) {
    const known = error instanceof OpenRouterHttpError ? error : error instanceof SimApiError ? new OpenRouterHttpError(error.status, error.body.message, error.headers) : new OpenRouterHttpError(500, `Simulator error: ${error instanceof Error ? error.message : String(error)}`);
    const answer = { status: known.status, body: known.body, headers: { ...known.headers } };
    if (sim.faults.get().echoKey) answer.headers['x-sim-echo'] = bearer(req) ?? '';
    return answer;
  },
  baseHeaders: (requestId) => ({ 'x-sim-request-id': requestId }),
};
