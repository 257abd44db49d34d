// The product's side of a waiting bench: the executor over one adapter, all defaults except where the simulator is,
// recording when each job was noticed done (its first `completed` progress event) by the provider's own job id.
import { systemClock } from '../../dist/execute/clock.js';
import { executeShots } from '../../dist/execute/execute.js';

/**
 * `specs`: {id, model, size, seconds, prompt}; `idOf`: the provider's own id inside our job id (what the simulator's
 * request log and stats name); `execute`: executor options of this side only. Returns noticed (provider id → ms), jobIds (shot id → provider id) and failures.
 */
export async function runProduct({ specs, provider, cacheDir, idOf, execute = {} }) {
  const noticed = new Map();
  const jobIds = new Map();
  const result = await executeShots({
    shots: specs.map((s) => ({ id: s.id, kind: 'create', model: s.model, size: s.size, seconds: s.seconds, prompt: s.prompt, take: 1, costMicroUsd: 1_000_000, retries: 0 })),
    provider,
    cacheDir,
    providerIdentity: 'sim',
    countFailed: true,
    concurrency: specs.length,
    rpm: 10_000,
    clock: systemClock,
    random: Math.random,
    signal: new AbortController().signal,
    onEvent: (event) => {
      if (event.type === 'created') jobIds.set(event.shot, idOf(event.jobId));
      if (event.type === 'progress' && event.status === 'completed' && !noticed.has(idOf(event.jobId))) noticed.set(idOf(event.jobId), event.at);
    },
    // Status-waiting is measured; the clip check (ffprobe) would only add CPU noise after the job is noticed.
    verifyClip: async () => undefined,
    // A side's own executor options (e.g. the webhook side's jobSignals and fallback interval).
    ...execute,
  });
  const failed = result.shots.filter((s) => s.status !== 'completed').map((s) => `${s.id}: ${s.error?.message ?? s.skipReason ?? s.status}`);
  return { noticed, jobIds, failed };
}
