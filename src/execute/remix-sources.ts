// Before planning spend: a cached shot that an uncached remix needs must still exist remotely. Ask the provider
// about those few jobs (a cheap read), so a deleted source is regenerated and priced up front, not found mid-run.
import type { CacheIndexSnapshot, RemoteJobState, StatusShot } from '../cache/status.js';
import { isProviderError, type VideoProvider } from '../providers/provider.js';
import type { RateGate } from './rate-gate.js';

/** Job ids of cached entries that some shot remixes (and so may need alive). Pure. */
export function remixSourceJobs(shots: readonly StatusShot[], index: CacheIndexSnapshot): string[] {
  const byId = new Map(shots.map((s) => [s.id, s]));
  const jobs = new Set<string>();
  for (const shot of shots) {
    const parent = shot.remixOf === undefined ? undefined : byId.get(shot.remixOf);
    const child = index.entries.get(shot.key);
    const source = parent ? index.entries.get(parent.key) : undefined;
    if (source?.intact && !child?.intact) jobs.add(source.entry.jobId);
  }
  return [...jobs];
}

/** 'deleted' for a 404, 'expired' for a job past expires_at; nothing for a live job or on any other error. */
export async function probeJobs(provider: VideoProvider, gate: RateGate, jobIds: readonly string[], nowMs: number, signal: AbortSignal): Promise<Map<string, RemoteJobState>> {
  const states = new Map<string, RemoteJobState>();
  for (const jobId of jobIds) {
    try {
      await gate.acquire(signal);
      const { job } = await provider.retrieve(jobId, { signal });
      // 'alive' is left to the cached expires_at and its safety margin.
      if (job.expiresAt !== null && job.expiresAt * 1000 <= nowMs) states.set(jobId, 'expired');
    } catch (error) {
      if (signal.aborted) throw error;
      if (isProviderError(error) && error.kind === 'not-found') states.set(jobId, 'deleted');
    }
  }
  return states;
}
