// The OpenAI Videos face (/v1/...): bearer-key auth and the `{error: {message, type, param, code}}` envelope.
import type { IncomingMessage } from 'node:http';
import type { SimState } from '../context.js';
import { errorDefaults } from '../faults/resolve-step.js';
import type { HttpErrorFault } from '../faults/types.js';
import { SimApiError } from '../http/api-error.js';
import type { Face } from '../http/face.js';
import { matchRoute } from './routes.js';

export function bearerKey(req: IncomingMessage): string | undefined {
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

export const openaiFace: Face = {
  name: 'openai',
  owns: () => true,
  match: matchRoute,
  notFound: (method, pathname) => new SimApiError(404, { message: `Invalid URL (${method} ${pathname})` }),
  authorize,
  faultError,
  errorAnswer(sim, req, error) {
    const apiError = error instanceof SimApiError ? error : new SimApiError(500, { message: `Simulator error: ${error instanceof Error ? error.message : String(error)}`, type: 'server_error' });
    if (sim.faults.get().echoKey) apiError.headers['x-sim-echo'] = bearerKey(req) ?? '';
    return { status: apiError.status, body: { error: apiError.body }, headers: apiError.headers, ...(apiError.htmlBody === undefined ? {} : { html: apiError.htmlBody }) };
  },
  baseHeaders: (requestId) => ({ 'x-request-id': requestId, 'openai-version': '2020-10-01' }),
};
