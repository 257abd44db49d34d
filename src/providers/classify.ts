// Pure classification of a failed HTTP call into a ProviderError
// (docs/design/money-safety.md#classifying-a-failed-call), from plain facts only, so the rules are unit-tested without
// the SDK and the SDK adapter stays thin.
import { ProviderError, type ProviderErrorKind } from './provider.js';

/** What is known about a failure, read off an SDK error by the adapter. */
export interface FailureFacts {
  status?: number;
  /** The error envelope's `code` and `type` (`insufficient_quota`, `rate_limit_exceeded`, `budget_exceeded`…). */
  code?: string | null;
  type?: string | null;
  message: string;
  headers?: { get(name: string): string | null };
  /** Error codes found walking the `cause` chain (`ECONNREFUSED`, `UND_ERR_SOCKET`…). */
  causeCodes?: readonly string[];
  timedOut?: boolean;
  aborted?: boolean;
}

// Codes that prove the TCP connection was never made, so no request byte reached the server.
const beforeSendCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);
const quotaCodes = new Set(['insufficient_quota', 'budget_exceeded', 'billing_hard_limit_reached']);

/** Milliseconds from `retry-after-ms` (float ms) or `retry-after` (seconds or an HTTP date); no upper bound here. */
export function parseRetryAfterMs(headers: FailureFacts['headers'], nowMs: number): number | undefined {
  const ms = headers?.get('retry-after-ms');
  if (ms) {
    const value = Number.parseFloat(ms);
    if (Number.isFinite(value) && value >= 0) return Math.ceil(value);
  }
  const after = headers?.get('retry-after');
  if (!after) return undefined;
  const seconds = Number(after.trim());
  if (after.trim() !== '' && Number.isFinite(seconds)) return seconds >= 0 ? Math.ceil(seconds * 1000) : undefined;
  const date = Date.parse(after);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

function isQuota(facts: FailureFacts): boolean {
  return [facts.code, facts.type].some((value) => typeof value === 'string' && quotaCodes.has(value));
}

function kindOfStatus(status: number, facts: FailureFacts): ProviderErrorKind {
  if (isQuota(facts)) return 'quota-exhausted';
  if (status === 429) return 'rate-limited';
  if (status === 401 || status === 403) return 'auth';
  if (status === 404) return 'not-found';
  if (status === 400 || status === 413 || status === 415 || status === 422) return 'invalid';
  // 408, 409, 5xx and anything unexpected: the request may have been processed.
  return 'server';
}

export function classifyFailure(facts: FailureFacts, nowMs: number): ProviderError {
  let kind: ProviderErrorKind;
  if (facts.aborted) kind = 'aborted';
  else if (facts.status !== undefined) kind = kindOfStatus(facts.status, facts);
  else if (!facts.timedOut && (facts.causeCodes ?? []).some((code) => beforeSendCodes.has(code))) kind = 'unreachable';
  else kind = 'transport';
  const code = facts.code ?? facts.type ?? undefined;
  return new ProviderError({
    kind,
    message: facts.message,
    ...(facts.status !== undefined ? { status: facts.status } : {}),
    ...(code ? { code } : {}),
    ...(kind === 'rate-limited' ? { retryAfterMs: parseRetryAfterMs(facts.headers, nowMs) } : {}),
  });
}

/** Walk an error's `cause` chain (bounded) collecting string `code`s. */
export function causeCodes(error: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 8 && typeof current === 'object' && current !== null; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    current = (current as { cause?: unknown }).cause;
  }
  return codes;
}
