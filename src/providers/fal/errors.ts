// A failed fal call as a ProviderError: the SDK's ApiError (status and fal's `{detail, error_type}` body) or a fetch
// failure, through the same classification as every provider. The message is fal's own detail, redacted and short.
import { ApiError } from '@fal-ai/client';
import { stripControl } from '../../common/redact.js';
import { causeCodes, classifyFailure } from '../classify.js';
import { shortenErrorText } from '../error-text.js';
import { ProviderError } from '../provider.js';

export interface FalErrorBody {
  detail?: unknown;
  error_type?: unknown;
}

/** fal's `detail`: a sentence, or pydantic's `[{loc, msg, type}]` joined as `field: msg`. */
export function falDetailText(body: unknown): string | undefined {
  const detail = typeof body === 'object' && body !== null ? (body as FalErrorBody).detail : undefined;
  if (typeof detail === 'string') return detail;
  if (!Array.isArray(detail)) return undefined;
  return detail
    .map((item: { loc?: unknown; msg?: unknown }) => {
      const loc = Array.isArray(item?.loc) ? item.loc.filter((part) => part !== 'body').join('.') : '';
      return `${loc ? `${loc}: ` : ''}${String(item?.msg ?? '')}`;
    })
    .join('; ');
}

/** The error type fal names (`error_type`, the first validation item's `type`, or the X-Fal-Error-Type header). */
export function falErrorType(body: unknown, header?: string | null): string | undefined {
  const value = typeof body === 'object' && body !== null ? (body as FalErrorBody) : {};
  if (typeof value.error_type === 'string') return value.error_type;
  if (Array.isArray(value.detail) && typeof value.detail[0]?.type === 'string') return value.detail[0].type as string;
  return header ?? undefined;
}

// fal locks an account whose balance ran out with a 403 ("User is locked. Reason: Exhausted balance").
const exhausted = /exhausted balance|insufficient (balance|funds)|top up/i;

export interface FalHttpFailure {
  status: number;
  body: unknown;
  headers?: { get(name: string): string | null };
  statusText?: string;
}

export function classifyFalHttp(failure: FalHttpFailure, redact: (text: string) => string, nowMs: number): ProviderError {
  const detail = falDetailText(failure.body) ?? failure.statusText ?? `HTTP ${failure.status}`;
  const message = shortenErrorText(redact(stripControl(detail)));
  const type = falErrorType(failure.body, failure.headers?.get('x-fal-error-type'));
  const code = failure.status === 403 && exhausted.test(detail) ? 'insufficient_quota' : type;
  return classifyFailure({ status: failure.status, code: code ?? null, message, ...(failure.headers ? { headers: failure.headers } : {}) }, nowMs);
}

/** Any error a fal call threw, classified; `signal` tells our own abort from a timeout. */
export function classifyFalError(error: unknown, signal: AbortSignal, redact: (text: string) => string, nowMs: number): ProviderError {
  if (error instanceof ProviderError) return error;
  if (error instanceof ApiError) return classifyFalHttp({ status: error.status, body: error.body, statusText: error.message }, redact, nowMs);
  const message = shortenErrorText(redact(stripControl(error instanceof Error ? error.message : String(error))));
  const timedOut = error instanceof Error && error.name === 'TimeoutError';
  return classifyFailure({ message, causeCodes: causeCodes(error), timedOut, aborted: signal.aborted && !timedOut }, nowMs);
}
