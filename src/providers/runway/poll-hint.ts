// How long to wait before the next check of a Runway task: pure. Runway asks clients not to expect updates more often
// than every five seconds (docs/providers-runway.md), and its SDK's waitForTaskOutput (src/lib/polling.ts) checks
// every 6 ± 1.5 s whatever the task says. A RUNNING task reports `progress` (0..1): once two checks have seen it move,
// the time left is estimated linearly and the next check is aimed just after the expected end, so a task is checked a
// few times in all and its end is noticed about a second late, instead of every five seconds for its whole length.

export interface RunwayPollHints {
  /** Never sooner: Runway's guidance. */
  minMs: number;
  /** Never longer, so a task that speeds up (or a wrong estimate) is re-read. */
  maxMs: number;
  /** The estimate is stretched by this: landing just after the end costs a little latency, just before a whole floor. */
  margin: number;
}

export const defaultRunwayPollHints: RunwayPollHints = { minMs: 5_000, maxMs: 30_000, margin: 1.1 };

/** A RUNNING task's progress (0..1) at a moment (ms). */
export interface ProgressSample {
  atMs: number;
  progress: number;
}

/**
 * The wait after a check of a task still under way. `first` is the first check that saw it RUNNING, `latest` this
 * one; without both (PENDING, THROTTLED, the first RUNNING check) or without progress between them: the floor.
 */
export function runwayPollAfterMs(first: ProgressSample | undefined, latest: ProgressSample | undefined, hints: Partial<RunwayPollHints> = {}): number {
  const h = { ...defaultRunwayPollHints, ...hints };
  if (!first || !latest) return h.minMs;
  const gained = latest.progress - first.progress;
  const elapsedMs = latest.atMs - first.atMs;
  if (!(gained > 0) || !(elapsedMs > 0) || latest.progress >= 1) return h.minMs;
  const remainingMs = (elapsedMs * (1 - latest.progress)) / gained;
  return Math.round(Math.min(h.maxMs, Math.max(h.minMs, remainingMs * h.margin)));
}
