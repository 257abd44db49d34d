// How long to wait before the next check of a Runway task: pure. Runway asks clients not to expect updates more often
// than every five seconds (docs/providers-runway.md), and its SDK's waitForTaskOutput (src/lib/polling.ts) checks
// every 6 ± 1.5 s whatever the task says. A RUNNING task reports `progress` (0..1): once two checks have seen it move,
// the time left is estimated linearly. Far from the end, one long wait stops a little short of it (an estimate from
// a few seconds of 1 %-steps can be 15 % off); near the end, the check is aimed just after it, by then from a long
// baseline. A task is so checked about four times in all, and its end noticed about a second late.
export interface RunwayPollHints {
  /** Never sooner: Runway's guidance. */
  minMs: number;
  /** Never longer, so a task that speeds up (or a wrong estimate) is re-read. */
  maxMs: number;
  /** The last estimate is stretched by this: landing just after the end costs a little latency, just before a floor. */
  margin: number;
  /** Estimated this close to the end (or closer), the next check is aimed just after it. */
  aimWithinMs: number;
  /** Further away, the wait stops this short of the estimated end, for a last estimate from a longer baseline. */
  approachMs: number;
}

export const defaultRunwayPollHints: RunwayPollHints = { minMs: 5_000, maxMs: 30_000, margin: 1.1, aimWithinMs: 9_000, approachMs: 6_000 };

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
  const waitMs = remainingMs <= h.aimWithinMs ? remainingMs * h.margin : remainingMs - h.approachMs;
  return Math.round(Math.min(h.maxMs, Math.max(h.minMs, waitMs)));
}
