// The fal adapter pointed at a simulator (its base URL stands in for all of fal's hosts), with poll hints scaled to
// the simulator's fast clock, and a loop that follows one job to its end.
import { createFalProvider } from '../../src/providers/fal/fal-provider.js';
import type { VideoJob, VideoProvider } from '../../src/providers/provider.js';
import type { Simulator } from '../../src/sim/index.js';

export function falProviderFor(sim: Simulator): VideoProvider {
  return createFalProvider({ apiKey: sim.apiKey, baseURL: sim.falBaseURL, paidTimeoutMs: 10_000, readTimeoutMs: 10_000, pollHints: { runningMs: 20, queuedMs: 20, perQueuePositionMs: 10, maxMs: 100 } });
}

export const signal = new AbortController().signal;

/** retrieve() until the job ends, following the adapter's own poll hint; every answer is kept. */
export async function untilDone(provider: VideoProvider, id: string, seen: VideoJob[] = []): Promise<VideoJob> {
  for (let i = 0; i < 500; i += 1) {
    const { job, pollAfterMs } = await provider.retrieve(id, { signal });
    seen.push(job);
    if (job.status === 'completed' || job.status === 'failed') return job;
    await new Promise((resolve) => setTimeout(resolve, pollAfterMs ?? 20));
  }
  throw new Error(`job ${id} did not finish`);
}
