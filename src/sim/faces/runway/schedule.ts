// Concurrency per model: past the limit Runway accepts a task and holds it THROTTLED, starting waiting tasks in
// about the order they were submitted as slots free (https://docs.dev.runwayml.com/usage/tiers). A cancel frees a
// slot at once, so the waiting tasks are planned again whenever one ends early. Pure but for the records it updates.
import type { JobTiming } from '../../lifecycle.js';

export interface Schedulable {
  /** The core timing; `queueMs` is rewritten for tasks still waiting. */
  job: JobTiming;
  slotAtMs: number;
  cancelledAtMs?: number;
}

/** When the task gives its slot back: it ended (succeeded, failed or was cancelled). */
export function slotEndMs(task: Schedulable): number {
  const { job } = task;
  return job.createdAtMs + job.queueMs + Math.round(job.runMs * (job.failure?.atFraction ?? 1));
}

/**
 * Give every task still waiting at `nowMs` (slot not yet taken) its slot, in creation order, each in the slot that
 * frees first. `limit` null: no limit. A task then spends `pendingMs` PENDING before it runs.
 */
export function replan(tasks: readonly Schedulable[], nowMs: number, limit: number | null, pendingMs: number): void {
  const holding = tasks.filter((task) => task.slotAtMs <= nowMs);
  const waiting = tasks.filter((task) => task.slotAtMs > nowMs && task.cancelledAtMs === undefined);
  const busyUntil = holding.map(slotEndMs).filter((end) => end > nowMs);
  const free: number[] = limit === null ? [] : [...busyUntil, ...Array.from({ length: Math.max(0, limit - busyUntil.length) }, () => nowMs)];
  for (const task of waiting) {
    let slotAt = task.job.createdAtMs;
    if (limit !== null) {
      let best = 0;
      for (let i = 1; i < free.length; i += 1) if ((free[i] ?? 0) < (free[best] ?? 0)) best = i;
      slotAt = Math.max(task.job.createdAtMs, free[best] ?? nowMs);
      task.slotAtMs = slotAt;
      task.job.queueMs = slotAt - task.job.createdAtMs + pendingMs;
      free[best] = slotEndMs(task);
      continue;
    }
    task.slotAtMs = slotAt;
    task.job.queueMs = pendingMs;
  }
}
