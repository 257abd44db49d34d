// Reads (retrieve, list, content) through the shared gate: a 429 pauses every worker for its Retry-After, 5xx and
// connection errors back off with full jitter, a bounded number of times (docs/design/money-safety.md#retries).
import { isProviderError, type ProviderError } from '../providers/provider.js';
import { fullJitter } from './backoff.js';
import { messageOf, type RunContext } from './context.js';

export class RunStoppedError extends Error {}

/** Pause the whole run for a 429; stop submitting (and throw) when the wait is beyond the ceiling. */
export function pauseForRateLimit(ctx: RunContext, error: ProviderError, failures: number, shot?: string): void {
  const retryAfterMs = error.retryAfterMs ?? 1_000 * 2 ** Math.min(failures, 5);
  if (retryAfterMs > ctx.settings.maxRetryAfterMs) {
    const message = `the provider asked to wait ${Math.ceil(retryAfterMs / 1000)} s (more than the ${Math.ceil(ctx.settings.maxRetryAfterMs / 1000)} s ceiling); stopped`;
    ctx.control.stop('rate-limit', message);
    throw new RunStoppedError(message);
  }
  const untilMs = ctx.clock.now() + retryAfterMs;
  if (ctx.gate.pauseUntil(untilMs)) ctx.emit({ type: 'rate-limited', ...(shot ? { shot } : {}), untilMs, retryAfterMs });
}

export function isTransient(error: ProviderError): boolean {
  return error.kind === 'server' || error.kind === 'transport' || error.kind === 'unreachable';
}

/**
 * Run a read with the gate and retries; rethrows anything that is not a rate limit or a transient failure.
 * `attempts` caps the tries for transient failures (1: the caller's own loop is the retry budget, none here).
 */
export async function withReadRetries<T>(
  ctx: RunContext,
  label: { shot: string; what: 'poll' | 'download' | 'reconcile' },
  read: () => Promise<T>,
  attempts = ctx.settings.readAttempts,
): Promise<T> {
  let failures = 0;
  for (;;) {
    await ctx.gate.acquire(ctx.signal);
    try {
      return await read();
    } catch (error) {
      if (!isProviderError(error) || ctx.signal.aborted) throw error;
      if (error.kind === 'rate-limited' && failures < ctx.settings.readAttempts * 4) {
        pauseForRateLimit(ctx, error, failures, label.shot);
      } else if (isTransient(error) && failures + 1 < attempts) {
        const delayMs = fullJitter(failures, ctx.settings.retryBackoff, ctx.random);
        ctx.emit({ type: 'retry', shot: label.shot, what: label.what, attempt: failures + 1, delayMs, reason: messageOf(ctx, error) });
        await ctx.clock.sleep(delayMs, ctx.signal);
      } else {
        throw error;
      }
      failures += 1;
    }
  }
}
