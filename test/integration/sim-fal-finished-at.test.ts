// The simulator's accounting says when each job finished (benches measure how soon a client noticed): null while the
// job waits, then the instant it completed, never before its generation time has passed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generationTimes, defaultDurations } from '../../src/sim/durations.js';
import { finishJobs, startHarness, type SimHarness } from '../unit/sim/support/harness.js';

let h: SimHarness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

describe('stats: finishedAtMs', () => {
  it('is null while a fal job waits, then when it completed', async () => {
    const response = await fetch(`${h.sim.falBaseURL}/fal-ai/wan/v2.7/text-to-video`, {
      method: 'POST',
      headers: { authorization: `Key ${h.sim.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'a kite over a beach', duration: '5', aspect_ratio: '16:9', resolution: '720p' }),
    });
    const { request_id: id } = (await response.json()) as { request_id: string };
    const jobOf = () => h.sim.stats().jobs.find((job) => job.id === id);
    // Queued or already running (the harness's time scale is fast, and a busy machine slow): not finished either way.
    expect(['queued', 'in_progress']).toContain(jobOf()?.status);
    expect(jobOf()?.finishedAtMs).toBeNull();
    await finishJobs(h.sim);
    const job = jobOf();
    const { queueMs, runMs } = generationTimes('fal-ai/wan/v2.7', '1280x720', 5, 0.01, defaultDurations);
    expect(job?.status).toBe('completed');
    expect(job?.finishedAtMs).toBeGreaterThanOrEqual((job?.createdAtMs ?? 0) + queueMs + runMs);
    // Before the clock jump: the render landed in real time, well inside the ten minutes skipped.
    expect(job?.finishedAtMs).toBeLessThan(h.sim.now() - 9 * 60_000);
  });
});
