// The executor over the run's routing provider with the real OpenRouter adapter against the simulator's OpenRouter
// face: a lost submit answer is billed once and held as an unknown outcome (OpenRouter has no job list) until
// `render resolve` names the job; a charge above the catalog estimate (`usage.cost`) is what is booked, next to the
// estimate, while every budget event keeps spent + held within the cap; a margin of 1 learns the observed ratio.
import { afterEach, describe, expect, it } from 'vitest';
import { resolveIntent } from '../../src/execute/resolve.js';
import { budgetLevels, openRouterShot, startRoutingHarness, type RoutingHarness } from '../support/routing-harness.js';

let h: RoutingHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const signal = new AbortController().signal;
const margins = { openrouter: { costMargin: 1.25 } };

describe('OpenRouter through the executor (simulator, real SDK)', () => {
  it('a dropped submit answer: one job, held as an unknown outcome, adopted with render resolve, never paid twice', async () => {
    h = await startRoutingHarness(['openrouter'], { timeScale: 0.002 });
    h.sim.faults.script('openrouter.submit', ['drop']);
    const shots = [openRouterShot('lost', 'A heron lifting off a pond')];
    const first = await h.execute({ shots, providerLimits: margins });
    // The hold is the estimate times the margin: $0.20 × 1.25.
    expect(first.shots[0]).toMatchObject({ status: 'failed', error: { code: 'UNKNOWN_OUTCOME' }, possiblyBilledMicroUsd: 250_000, costMicroUsd: 0 });
    expect(first.shots[0]!.error!.message).toMatch(/no job list to search/);
    const jobs = h.sim.stats().jobs.filter((job) => job.prompt === 'A heron lifting off a pond');
    expect(jobs).toHaveLength(1);

    await resolveIntent({ cacheDir: h.cacheDir, shotId: 'lost', jobId: `openrouter:${jobs[0]!.id}`, provider: h.provider, signal });
    const second = await h.execute({ shots, providerLimits: margins });
    expect(second.outcome).toBe('completed');
    expect(second.shots[0]).toMatchObject({ status: 'completed', costMicroUsd: 0, earlierRunsMicroUsd: 200_000 });
    expect(h.sim.stats().jobs.filter((job) => job.prompt === 'A heron lifting off a pond')).toHaveLength(1);
  });

  it('books usage.cost above the estimate, records both, and spent + held never passes the cap', async () => {
    h = await startRoutingHarness(['openrouter'], { timeScale: 0.002, openRouter: { costFactor: 1.2 } });
    const cap = 750_000;
    const shots = Array.from({ length: 3 }, (_, i) => openRouterShot(`o${i}`, `Dunes at noon, take ${i}`));
    const result = await h.execute({ shots, capMicroUsd: cap, concurrency: 3, providerLimits: margins });
    expect(result.outcome).toBe('completed');
    for (const shot of result.shots) expect(shot).toMatchObject({ estimateMicroUsd: 200_000, chargedMicroUsd: 240_000, costMicroUsd: 240_000 });
    expect(result.totals).toMatchObject({ spentMicroUsd: 720_000, reservedMicroUsd: 0 });
    const levels = budgetLevels(h.events);
    expect(levels.length).toBeGreaterThan(3);
    for (const level of levels) expect(level).toBeLessThanOrEqual(cap);
  });

  it('with a margin of 1, a charge above the estimate raises every later reservation to the ratio seen', async () => {
    h = await startRoutingHarness(['openrouter'], { timeScale: 0.002, openRouter: { costFactor: 1.2 } });
    const shots = Array.from({ length: 3 }, (_, i) => openRouterShot(`m${i}`, `Cliffs at dusk, take ${i}`));
    const result = await h.execute({ shots, concurrency: 1, providerLimits: { openrouter: { costMargin: 1 } } });
    expect(result.outcome).toBe('completed');
    const reserved = h.events.flatMap((e) => (e.type === 'intent' ? [e.reservedMicroUsd] : []));
    expect(reserved).toEqual([200_000, 240_000, 240_000]);
    expect(h.events.some((e) => e.type === 'warning' && /later openrouter shots reserve 1\.20×/.test(e.message))).toBe(true);
  });

  it('refuses up front a plan whose reservations, margin included, pass the cap: nothing is sent', async () => {
    h = await startRoutingHarness(['openrouter'], { timeScale: 0.002 });
    const shots = Array.from({ length: 3 }, (_, i) => openRouterShot(`r${i}`, `Fog, take ${i}`));
    await expect(h.execute({ shots, capMicroUsd: 700_000, providerLimits: margins })).rejects.toMatchObject({ code: 'BUDGET_EXCEEDED' });
    expect(h.sim.stats().jobs).toHaveLength(0);
  });
});
