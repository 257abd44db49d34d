// Pure timing decisions: retry backoff with full jitter (docs/design/money-safety.md#retries) and adaptive poll intervals.

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

export interface PollPolicy {
  /** Wait before the first status check. */
  initialMs: number;
  /** Never poll sooner than this after the previous check. */
  minMs: number;
  /** The slowest regular interval. */
  maxMs: number;
  /** Growth of the interval while no progress estimate is available. */
  factor: number;
}

/** Start around 2 s, back off towards 15 s (issue 4); the guide suggests 10–20 s for long jobs. */
export const defaultPollPolicy: PollPolicy = { initialMs: 2_000, minMs: 1_000, maxMs: 15_000, factor: 1.6 };

export interface PollObservation {
  /** Status checks made so far for this job. */
  checks: number;
  /** Time since this job was first seen in flight by this run. */
  elapsedMs: number;
  /** Last reported progress, 0–100. */
  progress: number;
  /** Progress when first seen (a resumed job may start at 60 %). */
  startProgress: number;
  /** The server's `openai-poll-after-ms`. */
  pollAfterMs?: number | undefined;
  /** Set while a webhook will announce this job's end: polling is only the fallback, at least this far apart. */
  webhookFallbackMs?: number | undefined;
}

/**
 * Next wait. The server's `openai-poll-after-ms` is used as given (as openai-python's poll helper does), never
 * below our minimum. Without it: geometric backoff, shortened to the linear estimate of the time left once progress
 * moves, so a finished job is noticed promptly without polling every second.
 */
export function nextPollDelay(policy: PollPolicy, o: PollObservation): number {
  const delayMs = regularPollDelay(policy, o);
  return o.webhookFallbackMs === undefined ? delayMs : Math.max(delayMs, o.webhookFallbackMs);
}

/** Webhooks aside. */
function regularPollDelay(policy: PollPolicy, o: PollObservation): number {
  if (o.pollAfterMs !== undefined) return Math.max(policy.minMs, o.pollAfterMs);
  if (o.checks === 0) return policy.initialMs;
  const backoff = Math.min(policy.maxMs, policy.initialMs * policy.factor ** o.checks);
  const gained = o.progress - o.startProgress;
  if (gained <= 0 || o.progress >= 100 || o.elapsedMs <= 0) return backoff;
  const remaining = (o.elapsedMs * (100 - o.progress)) / gained;
  return Math.min(backoff, Math.max(policy.minMs, Math.ceil(remaining * 1.1)));
}
