// Pure timing decisions: retry backoff with full jitter (docs/design/money-safety.md#retries) and the poll policy.
import { nextPollDelay as predictedPollDelay, type PollInput, type PollPolicy } from './poll-predict.js';

export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

export const defaultReadBackoff: BackoffPolicy = { baseMs: 500, capMs: 20_000 };

/** Full jitter: uniform in [0, min(cap, base·2^attempt)]; `random` returns [0, 1). */
export function fullJitter(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt));
  return Math.floor(random() * ceiling);
}

export type { PollPolicy, PollInput, ProgressSample } from './poll-predict.js';

export interface PollObservation extends PollInput {
  /** Status checks made so far for this job. */
  checks: number;
  /** Set while a webhook will announce this job's end: polling is only the fallback, at least this far apart. */
  webhookFallbackMs?: number | undefined;
}

/** The predicted wait (./poll-predict.ts), never shorter than the webhook fallback while a webhook will say. */
export function nextPollDelay(policy: PollPolicy, o: PollObservation): number {
  const delayMs = predictedPollDelay(policy, o);
  return o.webhookFallbackMs === undefined ? delayMs : Math.max(delayMs, o.webhookFallbackMs);
}

/**
 * Start around 2 s, back off towards 15 s while nothing is known or nothing moves (issue 4); once a job's percent
 * moves, checks are aimed at its predicted finish instead (./poll-predict.ts, issue 12).
 */
export const defaultPollPolicy: PollPolicy = { initialMs: 2_000, minMs: 1_000, maxMs: 15_000, factor: 1.6, tightMs: 250, landMs: 100, maxAimMs: 120_000 };
