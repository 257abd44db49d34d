// An OpenRouter job object in the executor's terms (pure): status, error and the charge `usage.cost` reports.
import type { JobStatus, VideoJob } from '../provider.js';

export interface OpenRouterJobAnswer {
  id: string;
  status: string;
  error?: string | undefined;
  usage?: { cost?: number | null | undefined; isByok?: boolean | undefined } | undefined;
}

/** USD (a float, as sent) → integer micro-dollars, rounded up: a charge is never shown below what was billed. */
export function usdToChargedMicro(usd: number): number | undefined {
  if (!Number.isFinite(usd) || usd < 0) return undefined;
  // Round away the float noise first (0.1 × 3 = 0.30000000000000004), then up to the next micro-dollar.
  return Math.ceil(Number((usd * 1_000_000).toFixed(3)));
}

const waiting: Record<string, JobStatus> = { pending: 'queued', in_progress: 'in_progress' };

/** The part of a VideoJob the answer decides. */
export function openRouterState(answer: OpenRouterJobAnswer): Pick<VideoJob, 'status' | 'progress' | 'error'> & Partial<Pick<VideoJob, 'billing' | 'providerStatus'>> {
  const cost = typeof answer.usage?.cost === 'number' ? usdToChargedMicro(answer.usage.cost) : undefined;
  const billing = cost === undefined ? {} : { billing: { chargedMicroUsd: cost } };
  switch (answer.status) {
    case 'pending':
    case 'in_progress':
      return { status: waiting[answer.status] as JobStatus, progress: 0, error: null };
    case 'completed':
      return { status: 'completed', progress: 100, error: null, ...billing };
    case 'expired':
      return {
        status: 'failed',
        progress: 100,
        error: { code: 'expired', message: `OpenRouter job ${answer.id} expired${answer.error ? ` (${answer.error})` : ''}: it outlived its time to live, or its output is no longer kept; render the shot again` },
        ...billing,
      };
    case 'failed':
    case 'cancelled':
      return { status: 'failed', progress: 100, error: { code: answer.status, message: answer.error ?? `OpenRouter job ${answer.id} ${answer.status}` }, ...billing };
    default:
      // The status enum is open: a new word is a job still under way, shown as OpenRouter said it.
      return { status: 'in_progress', progress: 0, error: null, providerStatus: answer.status };
  }
}
