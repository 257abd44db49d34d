// A Runway task (SDK src/resources/tasks.ts `TaskRetrieveResponse`) in the executor's terms: PENDING and THROTTLED
// wait ('queued', THROTTLED shown as the provider's status), RUNNING runs with a 0..1 progress, SUCCEEDED
// completes, FAILED and CANCELLED fail. Costs are credits; the job carries them as micro-dollars. Pure.
import { creditsToMicroUsd } from '../../catalog/runway-catalog.js';
import type { VideoJob } from '../provider.js';

/** The fields of a task this reads; any status string is possible on the wire. */
export interface RunwayTaskFacts {
  status: string;
  createdAt?: string;
  progress?: number;
  failure?: string;
  failureCode?: string;
  estimatedCost?: { credits: number };
  cost?: { credits: number };
}

export type TaskState = Pick<VideoJob, 'status' | 'progress' | 'error'> & Partial<Pick<VideoJob, 'billing' | 'providerStatus'>> & { ended: boolean };

function billingOf(task: RunwayTaskFacts): VideoJob['billing'] | undefined {
  const billing: NonNullable<VideoJob['billing']> = {};
  if (typeof task.estimatedCost?.credits === 'number') billing.estimatedMicroUsd = creditsToMicroUsd(task.estimatedCost.credits);
  if (typeof task.cost?.credits === 'number') billing.chargedMicroUsd = creditsToMicroUsd(task.cost.credits);
  return Object.keys(billing).length > 0 ? billing : undefined;
}

export function taskState(task: RunwayTaskFacts, redact: (text: string) => string): TaskState {
  const billing = billingOf(task);
  const withBilling = billing ? { billing } : {};
  switch (task.status) {
    case 'PENDING':
      return { status: 'queued', progress: 0, error: null, ended: false, ...withBilling };
    case 'THROTTLED':
      return { status: 'queued', progress: 0, error: null, ended: false, providerStatus: 'THROTTLED', ...withBilling };
    case 'RUNNING': {
      const fraction = typeof task.progress === 'number' && Number.isFinite(task.progress) ? Math.min(1, Math.max(0, task.progress)) : 0;
      return { status: 'in_progress', progress: Math.round(fraction * 100), error: null, ended: false, ...withBilling };
    }
    case 'SUCCEEDED':
      return { status: 'completed', progress: 100, error: null, ended: true, ...withBilling };
    case 'FAILED':
      return { status: 'failed', progress: 100, error: { code: task.failureCode || 'failed', message: redact(task.failure || 'The Runway task failed') }, ended: true, ...withBilling };
    case 'CANCELLED':
      return { status: 'failed', progress: 100, error: { code: 'cancelled', message: 'The Runway task was cancelled' }, ended: true, ...withBilling };
    default:
      // A status this version does not know: keep waiting, and show it.
      return { status: 'queued', progress: 0, error: null, ended: false, providerStatus: task.status, ...withBilling };
  }
}
