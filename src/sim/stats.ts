// The accounting: every job ever created with what it cost, and every request seen. Tests prove billing from this.
import type { SimState } from './context.js';
import type { JobProtocol, JobRecord } from './job.js';
import { jobStateAt, type VideoStatus } from './lifecycle.js';
import type { MediaCounters } from './media/media-store.js';
import type { RequestLogEntry } from './request-log.js';
import type { WebhookDelivery } from './webhooks.js';

// The fields of a job record that tests read; the rest (timing internals) stays private.
const statsKeys = ['id', 'kind', 'model', 'size', 'seconds', 'prompt', 'billedSeconds', 'priceMicroUsd', 'createdAtMs', 'remixedFromVideoId', 'sourceVideoId', 'idempotencyKey', 'retryCount', 'delivery'] as const;

export interface SimJobStats extends Pick<JobRecord, (typeof statsKeys)[number]> {
  protocol: JobProtocol;
  /** Whether the job counts in `billed` (fal charges only completed jobs). */
  charged: boolean;
  status: VideoStatus;
  /** When the job completed or failed, on the simulator clock (ms); null while it waits. */
  finishedAtMs: number | null;
  errorCode: string | null;
  deleted: boolean;
}

export interface SimStats {
  /** In creation order, which is also time order. */
  jobs: SimJobStats[];
  /** Charged jobs only: every /v1/videos job from its creation, a fal job once it completed. */
  billed: { jobs: number; seconds: number; microUsd: number };
  requests: { total: number; byRoute: Record<string, Record<string, number>>; log: RequestLogEntry[] };
  media: MediaCounters;
  webhooks: WebhookDelivery[];
  /** The simulator clock when the stats were taken. */
  nowMs: number;
}

export function buildStats(sim: SimState): SimStats {
  const now = sim.clock.now();
  const jobs = sim.store.all().map((job): SimJobStats => {
    const state = jobStateAt(job, now);
    const fields = Object.fromEntries(statsKeys.map((key) => [key, job[key]])) as Pick<JobRecord, (typeof statsKeys)[number]>;
    const charged = typeof job.chargeOn === 'function' ? job.chargeOn(state) : job.chargeOn !== 'success' || state.status === 'completed';
    return { ...fields, protocol: job.protocol ?? 'openai', charged, status: state.status, finishedAtMs: state.finishedAtMs, errorCode: state.error?.code ?? null, deleted: job.deletedAtMs !== undefined };
  });
  const chargedJobs = jobs.filter((j) => j.charged);
  const billed = { jobs: chargedJobs.length, seconds: chargedJobs.reduce((sum, j) => sum + j.billedSeconds, 0), microUsd: chargedJobs.reduce((sum, j) => sum + j.priceMicroUsd, 0) };
  const log = [...sim.log.entries];
  const byRoute = structuredClone(sim.log.counts);
  const total = Object.values(byRoute).reduce((sum, byStatus) => sum + Object.values(byStatus).reduce((a, b) => a + b, 0), 0);
  return { jobs, billed, requests: { total, byRoute, log }, media: { ...sim.media.counters }, webhooks: [...sim.webhooks.deliveries(), ...sim.fal.webhooks.deliveries(), ...sim.openRouter.webhooks.deliveries()], nowMs: now };
}
