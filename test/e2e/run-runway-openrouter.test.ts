// Runway and OpenRouter shots through the built CLI against the simulator's faces, beside fal and sora-2 shots: a
// mixed storyboard renders (also on the in-process simulator), each shot billed once; dropped create answers are
// held as UNKNOWN_OUTCOME (neither has a job list) and settled by `render resolve`; Runway's THROTTLED queue and
// `providers.runway.concurrency` bound what runs at once; Runway's daily cap stops the run cleanly (QUOTA, exit 1);
// OpenRouter charging above its estimate never takes spent + held past the cap; neither key leaks anywhere.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/sim/index.js';
import { jobsOn, mixEnv, mixStoryboardYaml, watchPeak, type MixShot } from '../support/provider-mix.js';
import {
  baseEnv,
  explain,
  filesContaining,
  listFiles,
  makeWorkspace,
  paidPerPrompt,
  probeClip,
  readReport,
  runRender,
  type Workspace,
} from '../support/run-harness.js';

const slow = 120_000;
const noStack = /\n\s+at .+:\d+:\d+/;
const once = (shots: readonly MixShot[]) => Object.fromEntries(shots.map((s) => [s.prompt, 1]));
const prompts = (shots: readonly MixShot[]) => shots.map((s) => s.prompt);

interface ShotMoney {
  id: string;
  provider: string;
  status: string;
  cache: string;
  jobId: string | null;
  error: { code: string; message: string } | null;
  cost: { microUsd: number };
  estimate: { microUsd: number };
  charged: { microUsd: number } | null;
  possiblyBilled: { microUsd: number };
}
interface MoneyTotals {
  spent: { microUsd: number };
  possiblyBilled: { microUsd: number };
  estimate: { microUsd: number };
  charged: { microUsd: number };
  chargedMinusEstimate: { microUsd: number };
}
async function moneyReport(dir: string, name: string) {
  const report = (await readReport(join(dir, 'out', name))) as unknown as { outcome: string; totals: MoneyTotals; shots: ShotMoney[] };
  return { ...report, byId: Object.fromEntries(report.shots.map((s) => [s.id, s])) };
}

const workspaces: Workspace[] = [];
afterAll(() => Promise.all(workspaces.map((ws) => ws.cleanup())));

async function board(name: string, shots: readonly MixShot[], extra: Omit<Parameters<typeof mixStoryboardYaml>[0], 'name' | 'shots'> = {}): Promise<Workspace> {
  const ws = await makeWorkspace(`render-rwor-${name}-`);
  workspaces.push(ws);
  await ws.write('storyboard.yaml', mixStoryboardYaml({ name, shots, cut: false, ...extra }));
  return ws;
}

/** A describe block's own simulator, on a free port. */
function useSim(options: SimulatorOptions, assign: (sim: Simulator) => void): void {
  let sim: Simulator | undefined;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, timeScale: 0.01, rpm: 10_000, falConcurrency: 8, ...options });
    assign(sim);
  });
  afterAll(() => sim?.close());
}

const render = (sim: Simulator, ws: Workspace, args: string[] = [], env: Record<string, string> = mixEnv(sim)) =>
  runRender(['storyboard.yaml', '--base-url', sim.baseURL, ...args], { cwd: ws.dir, env });

describe('a storyboard mixing Runway, OpenRouter, fal and sora-2 shots', () => {
  let sim: Simulator;
  useSim({ seed: 51, runway: { tier: 5 } }, (s) => (sim = s));

  const shots: MixShot[] = [
    { id: 'title', provider: 'openai', model: 'sora-2', seconds: 4, prompt: 'rwor mixed: the title card' },
    { id: 'gen', provider: 'runway', model: 'gen4.5', seconds: 4, prompt: 'rwor mixed: a lighthouse in fog' },
    { id: 'veo', provider: 'runway', model: 'veo3.1_fast', seconds: 4, prompt: 'rwor mixed: waves on rocks' },
    { id: 'wan', provider: 'openrouter', model: 'alibaba/wan-3.0', seconds: 4, prompt: 'rwor mixed: gulls over a harbour' },
    { id: 'kling', provider: 'openrouter', model: 'kwaivgi/kling-v3.0-std', seconds: 5, prompt: 'rwor mixed: a boat leaves port' },
    { id: 'nets', provider: 'fal', model: 'fal-ai/wan/v2.7', seconds: 2, prompt: 'rwor mixed: nets drying in the sun' },
  ];
  // gen4.5 12 credits/s; Veo 3.1 Fast on Runway 15 credits/s with audio; Wan 3.0 $0.10/s at 720p; Kling 3.0 Std
  // $0.084/s; fal's Wan 2.7 $0.10/s; sora-2 $0.10/s.
  const expectedCost: Record<string, number> = { title: 400_000, gen: 480_000, veo: 600_000, wan: 400_000, kling: 420_000, nets: 200_000 };
  const total = Object.values(expectedCost).reduce((a, b) => a + b, 0);
  let ws: Workspace;
  let plan: { shots: Array<{ id: string; provider: string; costMicroUsd: number }>; totalMicroUsd: number };
  let result: Awaited<ReturnType<typeof runRender>>;

  beforeAll(async () => {
    ws = await board('mixed', shots, { cut: shots.map((s) => s.id) });
    const planned = await runRender(['plan', 'storyboard.yaml', '--base-url', sim.baseURL, '--json'], { cwd: ws.dir, env: mixEnv(sim) });
    expect(planned.code, explain(planned)).toBe(0);
    plan = JSON.parse(planned.stdout) as typeof plan;
    result = await render(sim, ws);
  }, slow);

  it('renders offline: exit 0, each shot in report.json with its provider, estimate and charged', async () => {
    expect(Object.fromEntries(plan.shots.map((s) => [s.id, s.costMicroUsd]))).toEqual(expectedCost);
    expect(result.code, explain(result)).toBe(0);
    const report = await moneyReport(ws.dir, 'mixed');
    expect(report.outcome).toBe('completed');
    for (const shot of shots) {
      const row = report.byId[shot.id]!;
      expect(row, shot.id).toMatchObject({ status: 'completed', cache: 'paid', provider: shot.provider, cost: { microUsd: expectedCost[shot.id] }, estimate: { microUsd: expectedCost[shot.id] } });
      // Runway and OpenRouter say what they charged; the others' price is the catalog's (charged null).
      if (shot.provider === 'runway' || shot.provider === 'openrouter') expect(row.charged, shot.id).toEqual(expect.objectContaining({ microUsd: expectedCost[shot.id] }));
      else expect(row, shot.id).toHaveProperty('charged');
    }
    expect(report.byId.gen!.jobId).toMatch(/^runway:/);
    expect(report.byId.wan!.jobId).toMatch(/^openrouter:/);
    expect(report.totals).toMatchObject({ spent: { microUsd: total }, estimate: { microUsd: total }, chargedMinusEstimate: { microUsd: 0 } });
  });

  it('the cut is as long as the plan says: 4 + 4 + 4 + 4 + 5 + 2 s', async () => {
    const final = await probeClip(join(ws.dir, 'out', 'mixed', 'mixed.mp4'), false);
    expect(final.durationSeconds).toBeCloseTo(23, 1);
  });

  it('each shot billed exactly once, on its own face, at the plan\'s price', () => {
    const stats = sim.stats();
    expect(paidPerPrompt(stats, prompts(shots))).toEqual(once(shots));
    for (const shot of shots) expect(jobsOn(stats, shot.provider, shot.prompt), shot.id).toEqual([expect.objectContaining({ charged: true, priceMicroUsd: expectedCost[shot.id], delivery: 'answered' })]);
    expect(stats.billed.microUsd).toBe(total);
  });

  it('a re-run is all cache: nothing submitted, nothing spent', async () => {
    const jobsBefore = sim.stats().jobs.length;
    const again = await render(sim, ws, ['--no-stitch']);
    expect(again.code, explain(again)).toBe(0);
    expect(again.stderr).toMatch(/6 done, 6 cached/);
    expect(sim.stats().jobs.length).toBe(jobsBefore);
    expect((await moneyReport(ws.dir, 'mixed')).totals.spent.microUsd).toBe(0);
  }, slow);

  it('the same storyboard with --provider sim (in-process simulator, no keys in the environment) exits 0', async () => {
    const own = await board('mixed', shots, { cut: shots.map((s) => s.id) });
    const offline = await runRender(['storyboard.yaml', '--provider', 'sim', '--no-stitch'], { cwd: own.dir, env: baseEnv({ RENDER_SIM_TIME_SCALE: '0.01', RENDER_POLL_MIN_MS: '50' }) });
    expect(offline.code, explain(offline)).toBe(0);
    const report = await moneyReport(own.dir, 'mixed');
    expect(report.shots.map((s) => [s.id, s.provider, s.status])).toEqual(shots.map((s) => [s.id, s.provider, 'completed']));
    expect(report.totals.spent.microUsd).toBe(total);
  }, slow);
});
