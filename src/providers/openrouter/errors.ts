// A failed OpenRouter call as a ProviderError: the SDK's OpenRouterError (status, `{error: {code, message}}` body,
// headers) or its HTTP client errors (connection, timeout, abort), through the classification every provider shares.
// 402 is OpenRouter's "Insufficient credits": out of money, never retried; 410 is expired content.
import { OpenRouterError, ResponseValidationError, SDKValidationError } from '@openrouter/sdk/models/errors';
import { stripControl } from '../../common/redact.js';
import { causeCodes, classifyFailure } from '../classify.js';
import { shortenErrorText } from '../error-text.js';
import { ProviderError } from '../provider.js';

export interface OpenRouterHttpFailure {
  status: number;
  /** The answer's text (JSON envelope, or a proxy's page). */
  body: string;
  headers?: { get(name: string): string | null };
}

interface Envelope {
  error?: { message?: unknown; metadata?: { error_type?: unknown } };
}

/** OpenRouter's own message and error type from its envelope, when the body is one. */
export function openRouterErrorText(body: string): { message?: string; type?: string } {
  try {
    const parsed = JSON.parse(body) as Envelope;
    const message = typeof parsed.error?.message === 'string' ? parsed.error.message : undefined;
    const type = typeof parsed.error?.metadata?.error_type === 'string' ? parsed.error.metadata.error_type : undefined;
    return { ...(message ? { message } : {}), ...(type ? { type } : {}) };
  } catch {
    return {};
  }
}

export function classifyOpenRouterHttp(failure: OpenRouterHttpFailure, redact: (text: string) => string, nowMs: number): ProviderError {
  const text = openRouterErrorText(failure.body);
  const message = shortenErrorText(redact(stripControl(text.message ?? (failure.body || `HTTP ${failure.status}`))));
  if (failure.status === 402) return new ProviderError({ kind: 'quota-exhausted', status: 402, code: text.type ?? 'insufficient_credits', message });
  // 410 on content: the output expired; it is gone for good, not a server hiccup to retry.
  if (failure.status === 410) return new ProviderError({ kind: 'not-found', status: 410, code: 'expired', message });
  return classifyFailure({ status: failure.status, code: text.type ?? null, message, ...(failure.headers ? { headers: failure.headers } : {}) }, nowMs);
}

/** Any error an OpenRouter call threw, classified; `signal` tells our own abort from a timeout. */
export function classifyOpenRouterError(error: unknown, signal: AbortSignal, redact: (text: string) => string, nowMs: number): ProviderError {
  if (error instanceof ProviderError) return error;
  // An answer the SDK could not parse (a 202 without `id`, a `null` where a field is optional): whatever happened
  // remotely is unknown, so it is ambiguous ('server'), with the SDK's reason rather than the raw body.
  if (error instanceof ResponseValidationError) return new ProviderError({ kind: 'server', status: error.statusCode, message: shortenErrorText(redact(stripControl(`OpenRouter's answer (HTTP ${error.statusCode}) did not parse: ${error.message}`))) });
  if (error instanceof OpenRouterError) return classifyOpenRouterHttp({ status: error.statusCode, body: error.body, headers: error.headers }, redact, nowMs);
  const message = shortenErrorText(redact(stripControl(error instanceof Error ? error.message : String(error))));
  // Refused by the SDK's own input schema: nothing was sent.
  if (error instanceof SDKValidationError && /input validation/i.test(error.message)) return new ProviderError({ kind: 'invalid', message });
  const name = error instanceof Error ? error.name : '';
  // Our own deadline (AbortSignal.timeout) surfaces as the SDK's RequestTimeoutError; the caller's abort as RequestAbortedError.
  const timedOut = name === 'RequestTimeoutError' || name === 'TimeoutError';
  return classifyFailure({ message, causeCodes: causeCodes(error), timedOut, aborted: signal.aborted && !timedOut }, nowMs);
}
