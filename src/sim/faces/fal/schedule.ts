// Concurrency queueing: past the account's limit fal keeps a request IN_QUEUE until a slot frees; it never refuses.
// Requests start in submission order, each in the slot that frees first; the start is fixed at submission.
import type { JobTiming } from '../../lifecycle.js';

/** When a job submitted at `readyAtMs` starts, given when each slot frees; updates the slot it takes. */
export function takeSlot(slotFreeAtMs: number[], readyAtMs: number, runMs: number, failAtFraction: number | undefined): number {
  let best = 0;
  for (let i = 1; i < slotFreeAtMs.length; i += 1) if ((slotFreeAtMs[i] ?? 0) < (slotFreeAtMs[best] ?? 0)) best = i;
  const startMs = Math.max(readyAtMs, slotFreeAtMs[best] ?? 0);
  slotFreeAtMs[best] = startMs + Math.round(runMs * (failAtFraction ?? 1));
  return startMs;
}

/** How many of `earlier` (submitted before this job) are still waiting at `nowMs`: fal's `queue_position`. */
export function queuePosition(earlier: readonly JobTiming[], nowMs: number): number {
  return earlier.filter((job) => nowMs < job.createdAtMs + job.queueMs).length;
}
