// Absence from a list proves nothing: a create whose answer is lost is never paid again because the job list did
// not show it (yet), left out its prompt, or runs on a skewed clock. The simulator's billing is the ground truth;
// each scenario runs twice (a second run after the first gave up) and must bill exactly one job.
import { afterEach, describe, expect, it } from 'vitest';
import { resolveIntent } from '../../src/execute/resolve.js';
import type { SimulatorOptions } from '../../src/sim/index.js';
import { shot, startHarness, type Harness } from '../support/executor-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const cap = 400_000;
const lostAnswers = (count: number) => Array.from({ length: count }, () => ({ status: 502, afterProcessing: true }));

/** Billed money in the order jobs were created: no prefix may pass the cap. */
function billedPrefixes(harness: Harness): number[] {
  let sum = 0;
  return [...harness.sim.stats().jobs].sort((a, b) => a.createdAtMs - b.createdAtMs).map((job) => (sum += job.priceMicroUsd));
}

async function twoRuns(sim: SimulatorOptions, firstWindowMs: number, between?: (harness: Harness) => void) {
  h = await startHarness(sim);
  h.sim.faults.script('create', lostAnswers(4));
  const one = [shot('solo', 'A lighthouse beam sweeping the fog')];
  const first = await h.execute({ shots: one, capMicroUsd: cap, reconcileWindowMs: firstWindowMs });
  between?.(h);
  const second = await h.execute({ shots: one, capMicroUsd: cap, reconcileWindowMs: 3_000 });
  for (const prefix of billedPrefixes(h)) expect(prefix).toBeLessThanOrEqual(cap);
  return { first, second, harness: h };
}

describe('an unanswered create (simulator, real SDK)', () => {
  it('a list that lags past the search window: unknown and held, never re-sent; the next run adopts the job', async () => {
    const { first, second, harness } = await twoRuns({ listLagMs: 1_500 }, 300);
    expect(first.shots[0]).toMatchObject({ status: 'failed', error: { code: 'UNKNOWN_OUTCOME' }, possiblyBilledMicroUsd: cap, costMicroUsd: 0 });
    expect(first.shots[0]!.error!.message).toMatch(/possibly billed.*not sent again/);
    expect(first.shots[0]!.error!.hint).toMatch(/render resolve .* --shot solo --job/);
    expect(first.totals).toMatchObject({ spentMicroUsd: 0, possiblyBilledMicroUsd: cap, reservedMicroUsd: cap });
    expect(harness.sim.stats().billed.jobs).toBe(1);
    expect(second.outcome).toBe('completed');
    expect(second.totals).toMatchObject({ spentMicroUsd: 0, earlierRunsMicroUsd: cap, possiblyBilledMicroUsd: 0 });
    expect(harness.sim.stats().billed.jobs).toBe(1);
    // Summed over both runs, the reports account for the one payment exactly once.
    const counted = [first, second].reduce((sum, r) => sum + r.totals.spentMicroUsd + r.totals.possiblyBilledMicroUsd, 0);
    expect(counted).toBe(harness.sim.stats().billed.microUsd);
  });

  it('keeps looking with backoff inside its window, and adopts a job the list shows late', async () => {
    h = await startHarness({ listLagMs: 800 });
    h.sim.faults.script('create', lostAnswers(1));
    const result = await h.execute({ shots: [shot('solo', 'A kite over dunes')], reconcileWindowMs: 5_000 });
    expect(result.outcome).toBe('completed');
    expect(h.sim.stats().billed.jobs).toBe(1);
    expect(h.events.filter((e) => e.type === 'retry' && e.what === 'reconcile').length).toBeGreaterThan(0);
    expect(result.totals).toMatchObject({ spentMicroUsd: cap, possiblyBilledMicroUsd: 0 });
  });

  it('a list whose jobs have `prompt: null` still identifies the job: billed once', async () => {
    const { first, harness } = await twoRuns({ listOmitsPrompt: true }, 1_000);
    expect(first.outcome).toBe('completed');
    expect(harness.sim.stats().billed.jobs).toBe(1);
  });

  it('two open intents that a prompt-less job could both belong to: neither adopts it, both stay held', async () => {
    h = await startHarness({ listOmitsPrompt: true });
    h.sim.faults.script('create', lostAnswers(2));
    const twins = [shot('a', 'A fox in snow'), shot('b', 'A hare in snow')];
    const result = await h.execute({ shots: twins, concurrency: 2, reconcileWindowMs: 300 });
    expect(h.sim.stats().billed.jobs).toBe(2);
    expect(result.shots.map((s) => s.error?.code)).toEqual(['UNKNOWN_OUTCOME', 'UNKNOWN_OUTCOME']);
    expect(result.shots[0]!.error!.message).toMatch(/could not be told apart/);
    expect(result.totals.possiblyBilledMicroUsd).toBe(800_000);
  });

  it("a server clock 300 s behind ours: learned from its Date header, the job is found and billed once", async () => {
    const { first, harness } = await twoRuns({ clockSkewMs: -300_000 }, 1_000);
    expect(first.outcome).toBe('completed');
    expect(harness.sim.stats().billed.jobs).toBe(1);
  });

  it('settled by hand: --job adopts a matching job (a wrong one is refused), --not-created lets the next run pay', async () => {
    h = await startHarness({ listLagMs: 60_000 });
    h.sim.faults.script('create', lostAnswers(1));
    const one = [shot('solo', 'A paper boat on a canal')];
    const first = await h.execute({ shots: one, reconcileWindowMs: 0 });
    expect(first.shots[0]!.error?.code).toBe('UNKNOWN_OUTCOME');
    const jobId = h.sim.stats().jobs[0]!.id;
    const signal = new AbortController().signal;
    const other = await h.execute({ shots: [shot('other', 'Something else entirely', { seconds: 8 })] });
    await expect(resolveIntent({ cacheDir: h.cacheDir, shotId: 'solo', jobId: other.shots[0]!.jobId, provider: h.provider, signal })).rejects.toThrow(/already recorded|does not match/);
    const resolved = await resolveIntent({ cacheDir: h.cacheDir, shotId: 'solo', jobId, provider: h.provider, signal });
    expect(resolved).toMatchObject({ kind: 'adopted', jobId });
    const second = await h.execute({ shots: one });
    expect(second.outcome).toBe('completed');
    expect(second.shots[0]!.jobId).toBe(jobId);
    expect(h.sim.stats().billed.jobs).toBe(2);
    await expect(resolveIntent({ cacheDir: h.cacheDir, shotId: 'solo', notCreated: true, signal })).rejects.toThrow(/no open intent/);
  });

  it('--resend-unknown pays for a new attempt, and the first one stays counted until proven', async () => {
    h = await startHarness({ listLagMs: 60_000 });
    h.sim.faults.script('create', lostAnswers(1));
    const result = await h.execute({ shots: [shot('solo', 'Rain on a tin roof')], reconcileWindowMs: 0, resendUnknown: true, capMicroUsd: 1_000_000 });
    expect(result.outcome).toBe('completed');
    expect(h.sim.stats().billed.jobs).toBe(2);
    expect(result.totals).toMatchObject({ spentMicroUsd: cap, possiblyBilledMicroUsd: cap });
    // Without room for both, the resend is refused by the cap rather than paid.
    const tight = await startHarness({ listLagMs: 60_000 });
    try {
      tight.sim.faults.script('create', lostAnswers(1));
      const refused = await tight.execute({ shots: [shot('solo', 'Rain on a tin roof')], reconcileWindowMs: 0, resendUnknown: true, capMicroUsd: 600_000 });
      expect(tight.sim.stats().billed.jobs).toBe(1);
      expect(refused.shots[0]!.status).toBe('skipped');
    } finally {
      await tight.close();
    }
  });
});
