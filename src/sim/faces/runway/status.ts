// A task as `GET /v1/tasks/{id}` shows it at an instant (SDK src/resources/tasks.ts `TaskRetrieveResponse`):
// six statuses, `progress` a fraction, `estimatedCost` while it runs and the settled `cost` once it ended.
import type { JobState } from '../../lifecycle.js';
import { jobStateAt } from '../../lifecycle.js';
import type { ResolvedRunwayOptions } from './options.js';
import type { RunwayTask } from './state.js';

export type RunwayStatus = 'PENDING' | 'THROTTLED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

export const cancelledCode = 'CANCELLED';

export interface TaskView {
  status: RunwayStatus;
  /** 0..1 while RUNNING. */
  progress?: number;
  failure?: string;
  failureCode?: string;
}

export function taskViewAt(task: RunwayTask, nowMs: number): TaskView {
  if (task.cancelledAtMs !== undefined && nowMs >= task.cancelledAtMs) return { status: 'CANCELLED' };
  const state = jobStateAt(task.job, nowMs);
  if (state.status === 'queued') return { status: nowMs < task.slotAtMs ? 'THROTTLED' : 'PENDING' };
  // The core counts 1..99 while running; Runway shows 0..1.
  if (state.status === 'in_progress') return { status: 'RUNNING', progress: Math.round(((state.progress - 1) / 98) * 100) / 100 };
  if (state.status === 'completed') return { status: 'SUCCEEDED' };
  return { status: 'FAILED', failure: state.error?.message ?? 'An unexpected error occurred.', failureCode: state.error?.code ?? 'INTERNAL' };
}

/**
 * Whether an ended task keeps its charge. Credits are taken up front; input moderation (`SAFETY.INPUT.*`) is not
 * refunded, other failures are; a cancel is refunded unless the options say otherwise (unverified either way).
 */
export function keepsCharge(state: Pick<JobState, 'status' | 'error'>, options: Pick<ResolvedRunwayOptions, 'refundCancelled'>): boolean {
  if (state.status !== 'failed') return true;
  const code = state.error?.code ?? '';
  if (code === cancelledCode) return !options.refundCancelled;
  return code.startsWith('SAFETY.INPUT');
}

/** Credits the task holds now: the estimate while it runs, what remains charged once it ended. */
export function creditsHeld(task: RunwayTask, nowMs: number, options: ResolvedRunwayOptions): number {
  return keepsCharge(jobStateAt(task.job, nowMs), options) ? task.estimatedCredits : 0;
}
