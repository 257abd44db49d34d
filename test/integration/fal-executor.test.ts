// The executor, unchanged, running a mixed storyboard's shots (OpenAI-protocol and fal) through the routing provider
// against one simulator serving both faces, with 30 % of paid answers dropped: every shot is billed exactly once or
// reported UNKNOWN_OUTCOME with its money held, and no shot is ever billed twice.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { executeShots } from '../../src/execute/execute.js';
import { createOpenAIVideosProvider } from '../../src/providers/openai-videos.js';
import { createRoutingProvider } from '../../src/providers/routing.js';
import { startSimulator } from '../../src/sim/index.js';
import { fastExecuteOptions, seeded, shot } from '../support/executor-harness.js';
import { falProviderFor } from '../support/fal-provider.js';

const falShot = (id: string, prompt: string) => shot(id, prompt, { model: 'fal-ai/wan/v2.7', size: '1280x720', seconds: 2, costMicroUsd: 200_000 });

describe('executor × routing provider × fal face, 30 % dropped submit answers', () => {
  it('bills every shot exactly once or reports it unknown; never twice', async () => {
    const sim = await startSimulator({ timeScale: 0.01, seed: 11, dropRate: 0.3 });
    const root = await mkdtemp(join(tmpdir(), 'render-fal-exec-'));
    try {
      const provider = createRoutingProvider({
        openai: createOpenAIVideosProvider({ apiKey: sim.apiKey, baseURL: sim.baseURL, paidTimeoutMs: 10_000, readTimeoutMs: 10_000 }),
        fal: falProviderFor(sim),
      });
      const shots = [...Array.from({ length: 8 }, (_, i) => falShot(`fal-${i}`, `A paper boat, take ${i}`)), shot('sora', 'A lantern on the water')];
      const result = await executeShots({ ...fastExecuteOptions(provider, join(root, '.render'), () => undefined), shots, reconcileWindowMs: 2_000, random: seeded(3) });
      await sim.settled();
      sim.advance(10 * 60_000);
      const jobsByPrompt = new Map<string, number>();
      for (const job of sim.stats().jobs) jobsByPrompt.set(job.prompt, (jobsByPrompt.get(job.prompt) ?? 0) + 1);
      // The drops really happened, on both faces' paid routes.
      expect(sim.stats().jobs.filter((job) => job.delivery === 'dropped').length).toBeGreaterThan(0);
      for (const [index, outcome] of result.shots.entries()) {
        const made = jobsByPrompt.get(shots[index]!.prompt) ?? 0;
        expect(made, `${outcome.id} was submitted ${made} times`).toBeLessThanOrEqual(1);
        if (outcome.status === 'failed') expect(outcome.error?.code).toBe('UNKNOWN_OUTCOME');
        else expect(made).toBe(1);
      }
      expect(result.shots.filter((s) => s.status !== 'failed').length).toBeGreaterThan(0);
      expect(result.shots.filter((s) => s.id.startsWith('fal-') && s.status !== 'failed').length).toBeGreaterThan(0);
    } finally {
      await sim.close();
      await rm(root, { recursive: true, force: true });
    }
  });
});
