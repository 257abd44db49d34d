// Test controls that act on jobs: expire one now.
import type { SimState } from './context.js';

/** Make a job's content expire now (downloads 404 from here on). False if there is no such live job. */
export function expireJob(sim: SimState, id: string): boolean {
  const job = sim.store.get(id) ?? sim.store.get(id, 'fal') ?? sim.store.get(id, 'runway') ?? sim.store.get(id, 'openrouter');
  if (!job) return false;
  job.expiredAtMs = sim.clock.now();
  return true;
}
