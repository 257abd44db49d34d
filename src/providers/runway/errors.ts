// A failed Runway call as a ProviderError. Runway's body is `{"error": "…"}` (https://docs.dev.runwayml.com/errors/errors);
// the SDK throws APIError subclasses with `status` and the parsed body, or APIConnectionError (with the fetch
// failure as `cause`) when no answer came. On create, 429 is the daily generation cap, not a request rate
// (https://docs.dev.runwayml.com/usage/tiers): it is quota, never retried.
import { APIConnectionTimeoutError, APIError, APIUserAbortError } from '@runwayml/sdk';
import { stripControl } from '../../common/redact.js';
import { causeCodes, classifyFailure } from '../classify.js';
import { shortenErrorText } from '../error-text.js';
import { ProviderError } from '../provider.js';

export interface RunwayErrorContext {
  signal: AbortSignal;
  redact: (text: string) => string;
  nowMs: number;
  /** Set for the paid create: the model asked for, named in the daily-cap message. */
  createOf?: string;
}

/** Runway's own message: the body's `error` string, else the SDK's. */
export function runwayMessage(error: APIError): string {
  const body = error.error as { error?: unknown } | undefined;
  return typeof body?.error === 'string' ? body.error : error.message;
}

const outOfCredits = /not have enough credits|insufficient credits/i;

function classifyHttp(error: APIError & { status: number }, context: RunwayErrorContext): ProviderError {
  const message = shortenErrorText(context.redact(stripControl(runwayMessage(error))));
  if (context.createOf !== undefined && error.status === 429) {
    return new ProviderError({
      kind: 'quota-exhausted',
      status: 429,
      code: 'daily_limit',
      message: `Runway's daily generation limit for ${context.createOf} is reached (${message}); it counts a rolling 24 hours, and a higher usage tier raises it`,
    });
  }
  if (error.status === 400 && outOfCredits.test(message)) return new ProviderError({ kind: 'quota-exhausted', status: 400, code: 'insufficient_credits', message: `Runway: ${message}` });
  return classifyFailure({ status: error.status, message: `Runway: ${message}`, ...(error.headers ? { headers: error.headers } : {}) }, context.nowMs);
}

export function classifyRunwayError(error: unknown, context: RunwayErrorContext): ProviderError {
  if (error instanceof ProviderError) return error;
  if (error instanceof APIError && typeof error.status === 'number') return classifyHttp(error as APIError & { status: number }, context);
  const text = shortenErrorText(context.redact(stripControl(error instanceof Error ? error.message : String(error))));
  // The SDK answers our own abort and its own timeout alike; the signal tells them apart.
  const aborted = context.signal.aborted;
  const timedOut = !aborted && (error instanceof APIConnectionTimeoutError || error instanceof APIUserAbortError || (error instanceof Error && error.name === 'TimeoutError'));
  return classifyFailure({ message: `Runway: ${text}`, causeCodes: causeCodes(error), timedOut, aborted }, context.nowMs);
}
