// Per-provider limits in a mixed run, against the simulator's fal face with an account limit of one job at a time:
// without a limit of our own, fal queues the extra jobs and the progress events carry their queue position (what the
// progress row shows); with `providers.fal.concurrency: 1` nothing waits in fal's queue, and the OpenAI-protocol shot
// still runs beside the fal ones instead of waiting behind them.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecEvent } from '../../src/execute/events.js';
import { executeShots } from '../../src/execute/execute.js';
import { createOpenAIVideosProvider } from '../../src/providers/openai-videos.js';
import { createRoutingProvider } from '../../src/providers/routing.js';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { fastExecuteOptions, shot } from '../support/executor-harness.js';
import { falProviderFor } from '../support/fal-provider.js';

const falShot = (id: string, prompt: string) => shot(id, prompt, { provider: 'fal', model: 'fal-ai/wan/v2.7', size: '1280x720', seconds: 2, costMicroUsd: 200_000 });

describe('per-provider limits × fal queueing', () => {
  let sim: Simulator;
  let root: string;
  beforeAll(async () => {
    sim = await startSimulator({ timeScale: 0.02, seed: 4, falConcurrency: 1 });
    root = await mkdtemp(join(tmpdir(), 'render-fal-limits-'));
  });
  afterAll(async () => {
    await sim?.close();
    await rm(root, { recursive: true, force: true });
  });

  async function run(name: string, providerLimits: Record<string, { concurrency?: number }> | undefined) {
    const events: ExecEvent[] = [];
    const provider = createRoutingProvider({
      openai: createOpenAIVideosProvider({ apiKey: sim.apiKey, baseURL: sim.baseURL }),
      fal: falProviderFor(sim),
    });
    const shots = [...[1, 2, 3].map((i) => falShot(`${name}-fal-${i}`, `${name}: a kite, take ${i}`)), shot(`${name}-sora`, `${name}: a lantern`, { provider: 'openai' })];
    const result = await executeShots({ ...fastExecuteOptions(provider, join(root, name), (event) => events.push(event)), shots, providerLimits });
    expect(result.outcome).toBe('completed');
    return { events, shots };
  }

  it('without a limit of ours, fal holds the extra jobs in its queue and each progress event says where they stand', async () => {
    const { events } = await run('queued', undefined);
    const positions = events.flatMap((e) => (e.type === 'progress' && e.queuePosition !== undefined ? [e.queuePosition] : []));
    expect(positions.some((p) => p > 0), JSON.stringify(positions)).toBe(true);
  });

  it('with providers.fal.concurrency 1, one fal job at a time and none queued, while the OpenAI shot is not held back', async () => {
    const { events, shots } = await run('limited', { fal: { concurrency: 1 } });
    const positions = events.flatMap((e) => (e.type === 'progress' && e.queuePosition !== undefined ? [e.queuePosition] : []));
    expect(positions.filter((p) => p > 0)).toEqual([]);
    // In flight per provider, from each shot's paid call until its job is done (its download no longer holds a slot).
    let falInFlight = 0;
    let falPeak = 0;
    for (const e of events) {
      if (!('shot' in e) || !e.shot?.includes('-fal-')) continue;
      if (e.type === 'intent') falPeak = Math.max(falPeak, ++falInFlight);
      if ((e.type === 'progress' && e.status === 'completed') || e.type === 'shot-failed') falInFlight -= 1;
    }
    expect(falPeak).toBe(1);
    const doneAt = (id: string) => events.find((e) => e.type === 'shot-done' && e.shot === id)!.at;
    const lastFal = Math.max(...shots.filter((s) => s.provider === 'fal').map((s) => doneAt(s.id)));
    expect(doneAt('limited-sora')).toBeLessThan(lastFal);
  });
});
