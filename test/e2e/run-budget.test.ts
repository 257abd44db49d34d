// The hard dollar cap (scenario R5, docs/design/scenarios.md), proven from the simulator's billing: a plan over the cap
// is refused before any paid call; under concurrency 8 with failed generations, retries, 429s and 5xx, no time-ordered
// prefix of the billed jobs ever passes the cap, and the run stops with exit 3, skipped shots named, nothing stitched.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { explain, jobsFor, makeWorkspace, readReport, runRender, simEnv, storyboardYaml, type ShotSpec, type Workspace } from '../support/run-harness.js';

describe('render --max-usd', () => {
  let sim: Simulator;
  const workspaces: Workspace[] = [];

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, timeScale: 0.01, seed: 11, rpm: 10_000 });
  });
  afterAll(async () => {
    await sim?.close();
    await Promise.all(workspaces.map((ws) => ws.cleanup()));
  });

  describe('a plan over the cap', () => {
    let result: Awaited<ReturnType<typeof runRender>>;
    let logStart = 0;
    beforeAll(async () => {
      const ws = await makeWorkspace('render-budget-refuse-');
      workspaces.push(ws);
      const shots: ShotSpec[] = [1, 2, 3].map((n) => ({ id: `s${n}`, prompt: `budget refuse: shot ${n}` }));
      await ws.write('storyboard.yaml', storyboardYaml({ name: 'refuse', shots }));
      logStart = sim.stats().requests.log.length;
      // Three 4 s sora-2 shots at $0.10/s: $1.20 against a $0.50 cap, $0.70 over.
      result = await runRender(['storyboard.yaml', '--base-url', sim.baseURL, '--max-usd', '0.5'], { cwd: ws.dir, env: simEnv(sim) });
    });

    it('exits 3 before any paid call, naming the cost and the cap, without a stack trace', () => {
      expect(result.code, explain(result)).toBe(3);
      expect(sim.stats().jobs.length).toBe(0);
      expect(sim.stats().requests.log.slice(logStart).filter((e) => e.route === 'create' || e.route === 'remix')).toEqual([]);
      expect(result.stderr).toContain('$1.20');
      expect(result.stderr).toContain('$0.50');
      expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    });

    it('says by how much the plan is over the cap', () => {
      expect(result.stderr, 'the message says by how much the plan is over the cap').toContain('$0.70');
    });
  });

  it('concurrency 8 with failures, retries, 429s and 5xx: every prefix of billed spend stays within the cap; exit 3, skipped shots listed, no cut', async () => {
    const ws = await makeWorkspace('render-budget-midrun-');
    workspaces.push(ws);
    const shots: ShotSpec[] = Array.from({ length: 12 }, (_, i) => ({ id: `shot${i + 1}`, prompt: `budget midrun: shot ${i + 1} of a long montage`, retries: 2 }));
    await ws.write('storyboard.yaml', storyboardYaml({ name: 'midrun', shots, concurrency: 8, rpm: 1000 }));
    // Every attempt of every shot: 12 × 3 × $0.40 = $14.40; the cap is 55 % of that. The base plan ($4.80) fits.
    const worstCase = 12 * 3 * 400_000;
    const capMicroUsd = Math.floor(worstCase * 0.55);
    sim.faults.set({ failRate: 0.8, errorRate: 0.05, lateErrorRate: 0.1 });
    sim.faults.script('create', [{ status: 429, retryAfterSeconds: 1 }, 'pass', 'pass', { status: 429, retryAfterMs: 500 }]);
    let result;
    try {
      // A 5xx on create leaves its outcome unknown: a short search window keeps the test quick.
      result = await runRender(['storyboard.yaml', '--base-url', sim.baseURL, '--max-usd', String(capMicroUsd / 1e6), '--reconcile-window', '1'], { cwd: ws.dir, env: simEnv(sim), timeoutMs: 120_000 });
    } finally {
      sim.faults.set({ failRate: 0, errorRate: 0, lateErrorRate: 0 });
      sim.faults.clear();
    }
    expect(result.code, explain(result)).toBe(3);

    const jobs = jobsFor(sim.stats(), shots.map((s) => s.prompt)).sort((a, b) => a.createdAtMs - b.createdAtMs);
    expect(jobs.filter((j) => j.status === 'failed').length, 'generations really failed').toBeGreaterThan(0);
    let prefix = 0;
    let maxPrefix = 0;
    for (const job of jobs) {
      prefix += job.priceMicroUsd;
      maxPrefix = Math.max(maxPrefix, prefix);
    }
    expect(maxPrefix, `billed ${maxPrefix} µUSD against a cap of ${capMicroUsd}`).toBeLessThanOrEqual(capMicroUsd);
    // Retries happened within budget: some prompt was billed more than once, never more than 1 + retries.
    const perPrompt = new Map<string, number>();
    for (const job of jobs) perPrompt.set(job.prompt, (perPrompt.get(job.prompt) ?? 0) + 1);
    expect(Math.max(...perPrompt.values())).toBeGreaterThan(1);
    expect(Math.max(...perPrompt.values())).toBeLessThanOrEqual(3);

    const outDir = join(ws.dir, 'out', 'midrun');
    const report = await readReport(outDir);
    expect(report.outcome).toBe('budget');
    const skipped = report.shots.filter((s) => s.status === 'skipped');
    expect(skipped.length, 'some shots were skipped for the budget').toBeGreaterThan(0);
    for (const shot of skipped) expect(shot.skipReason, shot.id).toMatch(/budget|cap/i);
    expect(report.shots.every((s) => ['completed', 'failed', 'skipped'].includes(s.status))).toBe(true);
    expect(report.cut).toBeNull();
    expect(existsSync(join(outDir, 'midrun.mp4'))).toBe(false);
    // No job escapes the ledger: spent is proven billed, and what may be billed (lost answers) is still counted.
    const billed = jobs.reduce((sum, j) => sum + j.priceMicroUsd, 0);
    expect(report.totals.spent.microUsd).toBeLessThanOrEqual(billed);
    expect(report.totals.spent.microUsd + report.totals.possiblyBilled.microUsd).toBeGreaterThanOrEqual(billed);
  });
});
