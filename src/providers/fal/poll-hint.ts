// How long to wait before the next status check of a fal job: pure. fal sends no hint of its own; the SDK's
// subscribe polls every 500 ms whatever the state. Queued jobs are checked less often the further back they wait;
// a running job about once a second, so its completion is noticed within about a second.
export interface FalPollHints {
  runningMs: number;
  queuedMs: number;
  perQueuePositionMs: number;
  maxMs: number;
}

export const defaultFalPollHints: FalPollHints = { runningMs: 1_000, queuedMs: 2_000, perQueuePositionMs: 1_000, maxMs: 10_000 };

/** The wait for a job in this status; undefined once it is COMPLETED. */
export function falPollAfterMs(status: string, queuePosition: number | undefined, hints: Partial<FalPollHints> = {}): number | undefined {
  const h = { ...defaultFalPollHints, ...hints };
  if (status === 'IN_QUEUE') return Math.min(h.maxMs, h.queuedMs + h.perQueuePositionMs * Math.max(0, queuePosition ?? 0));
  if (status === 'IN_PROGRESS') return Math.min(h.maxMs, h.runningMs);
  return undefined;
}
