// The executor over the run's routing provider with the real Runway adapter against the simulator's Runway face:
// a lost create answer is billed once and held as an unknown outcome (Runway has no task list) until `render resolve`
// names the task; Runway's estimate above the catalog price raises the hold at once and its settled cost is what is
// booked; a failed task is refunded and shown so; THROTTLED waits end done within the concurrency asked; the daily
// generation limit stops submitting with a message that says what to do.
import { afterEach, describe, expect, it } from 'vitest';
import { resolveIntent } from '../../src/execute/resolve.js';
import { budgetLevels, peakInFlight, runwayShot, startRoutingHarness, type RoutingHarness } from '../support/routing-harness.js';

let h: RoutingHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const signal = new AbortController().signal;
const runwayJobs = (harness: RoutingHarness) => harness.sim.stats().jobs.filter((job) => job.kind !== undefined && /gen4/.test(job.model));

describe('Runway through the executor (simulator, real SDK)', () => {
  it('a dropped create answer: one task, held as an unknown outcome at once, adopted with render resolve, never paid twice', async () => {
    h = await startRoutingHarness(['runway'], { runway: { tier: 5 } });
    h.sim.faults.script('runway.create', ['drop']);
    const shots = [runwayShot('lost', 'A lighthouse beam sweeping the fog'), runwayShot('fine', 'Gulls over a harbour')];
    const first = await h.execute({ shots, capMicroUsd: 1_000_000 });
    const lost = first.shots.find((s) => s.id === 'lost')!;
    expect(lost).toMatchObject({ status: 'failed', error: { code: 'UNKNOWN_OUTCOME' }, possiblyBilledMicroUsd: 240_000, costMicroUsd: 0 });
    expect(lost.error!.message).toMatch(/no job list to search/);
    expect(lost.error!.hint).toMatch(/render resolve .*--shot lost --job/);
    expect(first.shots.find((s) => s.id === 'fine')).toMatchObject({ status: 'completed', costMicroUsd: 240_000, chargedMicroUsd: 240_000 });
    // No list to search: no reconcile look was retried.
    expect(h.events.filter((e) => e.type === 'retry' && e.what === 'reconcile')).toHaveLength(0);
    const tasks = h.sim.stats().jobs.filter((job) => job.prompt === 'A lighthouse beam sweeping the fog');
    expect(tasks).toHaveLength(1);

    const resolved = await resolveIntent({ cacheDir: h.cacheDir, shotId: 'lost', jobId: `runway:${tasks[0]!.id}`, provider: h.provider, signal });
    expect(resolved).toMatchObject({ kind: 'adopted', jobId: `runway:${tasks[0]!.id}` });
    const second = await h.execute({ shots, capMicroUsd: 1_000_000 });
    expect(second.outcome).toBe('completed');
    expect(second.shots.find((s) => s.id === 'lost')).toMatchObject({ status: 'completed', cache: 'paid', earlierRunsMicroUsd: 240_000, costMicroUsd: 0 });
    expect(h.sim.stats().jobs.filter((job) => job.prompt === 'A lighthouse beam sweeping the fog')).toHaveLength(1);
    expect(runwayJobs(h)).toHaveLength(2);
  });

  it("raises the hold to Runway's estimate at once when it is above the catalog price, and books the settled cost", async () => {
    h = await startRoutingHarness(['runway'], { runway: { tier: 5 } });
    // The catalog says $0.20, Runway estimates (and charges) 24 credits = $0.24.
    const shots = [runwayShot('dear', 'Rain on a tin roof', { costMicroUsd: 200_000 })];
    const result = await h.execute({ shots, capMicroUsd: 500_000 });
    expect(result.outcome).toBe('completed');
    expect(result.shots[0]).toMatchObject({ costMicroUsd: 240_000, estimateMicroUsd: 200_000, chargedMicroUsd: 240_000 });
    expect(result.totals).toMatchObject({ spentMicroUsd: 240_000, reservedMicroUsd: 0 });
    const created = h.events.findIndex((e) => e.type === 'created');
    const raised = h.events.findIndex((e, i) => i > created && e.type === 'budget' && e.reservedMicroUsd === 240_000);
    const firstPoll = h.events.findIndex((e) => e.type === 'progress');
    expect(raised).toBeGreaterThan(created);
    // Raised before the first poll: the hold never lagged the provider's word.
    if (firstPoll !== -1) expect(raised).toBeLessThan(firstPoll);
    expect(h.events.some((e) => e.type === 'warning' && /estimates job .* at \$0\.24/.test(e.message))).toBe(true);
    for (const level of budgetLevels(h.events)) expect(level).toBeLessThanOrEqual(500_000);
  });

  it('a failed task is refunded: booked at $0, its estimate and the $0 charge shown', async () => {
    h = await startRoutingHarness(['runway'], { runway: { tier: 5 } });
    h.sim.faults.set({ failRate: 1 });
    const result = await h.execute({ shots: [runwayShot('broken', 'A kite over dunes')], countFailed: true });
    expect(result.shots[0]).toMatchObject({ status: 'failed', error: { code: 'GENERATION_FAILED' }, costMicroUsd: 0, estimateMicroUsd: 240_000, chargedMicroUsd: 0 });
    expect(result.totals).toMatchObject({ spentMicroUsd: 0, reservedMicroUsd: 0, possiblyBilledMicroUsd: 0 });
  });

  it('a THROTTLED storm: every shot done, the rows said THROTTLED, never more in flight than asked', async () => {
    h = await startRoutingHarness(['runway'], { runway: { tier: 5, limits: { 'gen4.5': { maxConcurrentGenerations: 1 } } } });
    const shots = Array.from({ length: 5 }, (_, i) => runwayShot(`s${i}`, `Waves, take ${i}`));
    const result = await h.execute({ shots, concurrency: 4, providerLimits: { runway: { concurrency: 3 } } });
    expect(result.outcome).toBe('completed');
    expect(h.events.some((e) => e.type === 'progress' && e.providerStatus === 'THROTTLED')).toBe(true);
    expect(peakInFlight(h.events)).toBeLessThanOrEqual(3);
    expect(result.totals.spentMicroUsd).toBe(5 * 240_000);
  });

  it("the daily generation limit stops submitting, names the limit and the way on; running jobs finish", async () => {
    h = await startRoutingHarness(['runway'], { runway: { tier: 5, limits: { 'gen4.5': { maxDailyGenerations: 2 } } } });
    const shots = Array.from({ length: 4 }, (_, i) => runwayShot(`d${i}`, `Dawn, take ${i}`));
    const result = await h.execute({ shots, concurrency: 1 });
    expect(result.outcome).toBe('stopped');
    expect(result.stop).toMatchObject({ reason: 'quota' });
    expect(result.stop!.message).toMatch(/daily generation limit for gen4\.5/);
    const refused = result.shots.find((s) => s.error?.code === 'QUOTA')!;
    expect(refused.error!.hint).toMatch(/24-hour window|higher usage tier/);
    expect(result.shots.filter((s) => s.status === 'completed')).toHaveLength(2);
    expect(result.shots.filter((s) => s.status === 'skipped')).toHaveLength(1);
    expect(result.totals).toMatchObject({ spentMicroUsd: 480_000, reservedMicroUsd: 0 });
  });
});
