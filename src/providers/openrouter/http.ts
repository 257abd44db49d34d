// The two calls made with plain fetch instead of the SDK: content (the SDK returns only the stream, without the
// length and type the executor checks) and model discovery (the mapper reads the wire's snake_case rows as sent).
// Both are reads: bounded in time, classified like SDK failures, the key sent only to the configured base URL.
import { classifyFailure, causeCodes } from '../classify.js';
import { shortenErrorText } from '../error-text.js';
import { stripControl } from '../../common/redact.js';
import { classifyOpenRouterHttp } from './errors.js';

export interface ReadCall {
  url: string;
  apiKey?: string | undefined;
  accept: string;
  timeoutMs: number;
  signal: AbortSignal;
  redact: (text: string) => string;
  now: () => number;
  fetch?: typeof fetch;
}

/** An answer with a 2xx status; anything else thrown as a classified ProviderError. */
export async function readCall(call: ReadCall): Promise<Response> {
  const signal = AbortSignal.any([call.signal, AbortSignal.timeout(call.timeoutMs)]);
  let response: Response;
  try {
    response = await (call.fetch ?? fetch)(call.url, { headers: { accept: call.accept, ...(call.apiKey ? { authorization: `Bearer ${call.apiKey}` } : {}) }, signal });
  } catch (error) {
    const message = shortenErrorText(call.redact(stripControl(error instanceof Error ? error.message : String(error))));
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    throw classifyFailure({ message, causeCodes: causeCodes(error), timedOut, aborted: call.signal.aborted && !timedOut }, call.now());
  }
  if (response.ok) return response;
  const body = await response.text().catch(() => '');
  throw classifyOpenRouterHttp({ status: response.status, body, headers: response.headers }, call.redact, call.now());
}
