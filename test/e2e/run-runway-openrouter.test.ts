// Runway and OpenRouter shots through the built CLI against the simulator's faces, beside fal and sora-2 shots: a
// mixed storyboard renders (also on the in-process simulator), each shot billed once; dropped create answers are
// held as UNKNOWN_OUTCOME (neither has a job list) and settled by `render resolve`; Runway's THROTTLED queue and
// `providers.runway.concurrency` bound what runs at once; Runway's daily cap stops the run cleanly (QUOTA, exit 1);
// OpenRouter charging above its estimate never takes spent + held past the cap; neither key leaks anywhere.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/sim/index.js';
import { jobsOn, mixEnv, mixStoryboardYaml, snapshotClock, watchPeak, watchRunway, type MixShot } from '../support/provider-mix.js';
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

// Room for several runs side by side on two busy cores: Runway tasks are checked no sooner than every 5 s (its own
// guidance, which RENDER_POLL_MIN_MS does not lower), so one Runway shot takes about 6 s however fast the simulator.
const slow = 180_000;
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

/** A test's own simulator (fault scripts, limits and settings are per simulator), closed when the test ends. */
async function withSim<T>(options: SimulatorOptions, use: (sim: Simulator) => Promise<T>): Promise<T> {
  const sim = await startSimulator({ port: 0, timeScale: 0.01, rpm: 10_000, falConcurrency: 8, ...options });
  try {
    return await use(sim);
  } finally {
    await sim.close();
  }
}

const gen = (tag: string, count: number) => Array.from({ length: count }, (_, i): MixShot => ({ id: `s${i + 1}`, provider: 'runway', model: 'gen4.5', seconds: 2, prompt: `rwor ${tag}: take ${i + 1}` }));

// Side by side: each run mostly waits on the provider's poll hints, and each test has its own simulator.
describe.concurrent('Runway and OpenRouter when things go wrong', () => {
  it('dropped create answers: each shot billed at most once; the held ones UNKNOWN_OUTCOME with their money possibly billed; render resolve settles them; the next run pays nothing twice', () =>
    withSim({ seed: 52, runway: { tier: 5 } }, async (sim) => {
      const shots: MixShot[] = [
        { id: 'rw1', provider: 'runway', model: 'gen4.5', seconds: 2, prompt: 'rwor drops: a lighthouse beam in fog' },
        { id: 'rw2', provider: 'runway', model: 'gen4.5', seconds: 2, prompt: 'rwor drops: gulls over a harbour' },
        { id: 'or1', provider: 'openrouter', model: 'alibaba/wan-3.0', seconds: 2, prompt: 'rwor drops: rain on a tin roof' },
        { id: 'or2', provider: 'openrouter', model: 'alibaba/wan-3.0', seconds: 2, prompt: 'rwor drops: a kettle on a stove' },
      ];
      const ws = await board('drops', shots, { concurrency: 4 });
      // The first create of each face is billed, then its connection is cut before any byte of the answer.
      sim.faults.script('runway.create', ['drop']);
      sim.faults.script('openrouter.submit', ['drop']);
      const first = await render(sim, ws);
      sim.faults.clear();
      let stats = sim.stats();
      expect(paidPerPrompt(stats, prompts(shots)), `no shot sent twice\n${explain(first)}`).toEqual(once(shots));
      const dropped = stats.jobs.filter((j) => j.delivery === 'dropped');
      expect(dropped.map((j) => j.protocol).sort(), 'the faults really hit one create on each face').toEqual(['openrouter', 'runway']);
      const lost = dropped.map((job) => ({ job, shot: shots.find((s) => s.prompt === job.prompt)! }));
      expect(first.code, explain(first)).toBe(1);
      expect(first.stderr).not.toMatch(noStack);
      const report = await moneyReport(ws.dir, 'drops');
      // Held, never spent: Runway's price (24 credits = $0.24) and OpenRouter's reserve ($0.20 estimate × 1.25).
      const held: Record<string, number> = { runway: 240_000, openrouter: 250_000 };
      for (const { shot } of lost) {
        expect(report.byId[shot.id], shot.id).toMatchObject({ status: 'failed', error: { code: 'UNKNOWN_OUTCOME' }, cost: { microUsd: 0 }, possiblyBilled: { microUsd: held[shot.provider] } });
        expect(report.byId[shot.id]!.error!.message).toMatch(/no job list to search/);
      }
      for (const shot of shots.filter((s) => !lost.some((l) => l.shot === s))) expect(report.byId[shot.id], shot.id).toMatchObject({ status: 'completed', cache: 'paid' });
      expect(report.totals.possiblyBilled.microUsd).toBe(240_000 + 250_000);
      expect(report.totals.spent.microUsd).toBe(240_000 + 200_000);

      const listed = await runRender(['resolve', 'storyboard.yaml', '--json'], { cwd: ws.dir, env: mixEnv(sim) });
      expect(listed.code, explain(listed)).toBe(0);
      expect((JSON.parse(listed.stdout) as { open: Array<{ shotId: string }> }).open.map((o) => o.shotId).sort()).toEqual(lost.map((l) => l.shot.id).sort());
      // Settle each with the id the provider's dashboard (the simulator's accounting) shows.
      for (const { job, shot } of lost) {
        const settled = await runRender(['resolve', 'storyboard.yaml', '--shot', shot.id, '--job', `${shot.provider}:${job.id}`, '--base-url', sim.baseURL], { cwd: ws.dir, env: mixEnv(sim) });
        expect(settled.code, explain(settled)).toBe(0);
      }

      const second = await render(sim, ws);
      expect(second.code, explain(second)).toBe(0);
      stats = sim.stats();
      expect(paidPerPrompt(stats, prompts(shots)), 'nothing paid twice over both runs').toEqual(once(shots));
      const settledReport = await moneyReport(ws.dir, 'drops');
      expect(settledReport.outcome).toBe('completed');
      expect(settledReport.totals).toMatchObject({ spent: { microUsd: 0 }, possiblyBilled: { microUsd: 0 } });
      for (const { shot } of lost) expect(settledReport.byId[shot.id], shot.id).toMatchObject({ status: 'completed', cache: 'paid', cost: { microUsd: 0 } });
    }),
  slow);

  it('THROTTLED storm: concurrency 6 against a limit of 2 gen4.5 tasks: every shot done, never more than 2 running at once', () => {
    const clock = snapshotClock();
    // Each task holds its slot at least 1.5 s (PENDING), so six creates sent together surely queue however busy the
    // machine is.
    return withSim({ seed: 53, clock: clock.now, runway: { tier: 5, pendingMs: 1_500, limits: { 'gen4.5': { maxConcurrentGenerations: 2 } } } }, async (sim) => {
      const shots = gen('throttled', 6);
      const ws = await board('throttled', shots, { concurrency: 6 });
      const watch = watchRunway(sim, clock, prompts(shots));
      const result = await render(sim, ws);
      const peaks = await watch.stop();
      expect(result.code, explain(result)).toBe(0);
      expect(paidPerPrompt(sim.stats(), prompts(shots))).toEqual(once(shots));
      expect(peaks.holding, 'tasks holding a slot at once').toBeLessThanOrEqual(2);
      expect(peaks.throttled, 'tasks really waited THROTTLED').toBeGreaterThan(0);
      const report = await moneyReport(ws.dir, 'throttled');
      expect(report.outcome).toBe('completed');
      expect(report.shots.map((s) => s.status)).toEqual(Array(6).fill('completed'));
    });
  }, slow);

  it('providers.runway.concurrency: 1: never more than one Runway task in flight', () =>
    withSim({ seed: 56, runway: { tier: 5 } }, async (sim) => {
      const shots = gen('one at a time', 3);
      const ws = await board('one', shots, { concurrency: 6, providers: { runway: { concurrency: 1 } } });
      const open = watchPeak(sim, 'runway', ['queued', 'in_progress']);
      const result = await render(sim, ws);
      const peak = open.stop();
      expect(result.code, explain(result)).toBe(0);
      const tasks = sim.stats().jobs.filter((j) => j.protocol === 'runway').sort((a, b) => a.createdAtMs - b.createdAtMs);
      expect(tasks).toHaveLength(3);
      expect(peak).toBe(1);
      // Each task was created only after the one before it had finished.
      for (let i = 1; i < tasks.length; i += 1) expect(tasks[i]!.createdAtMs, tasks[i]!.prompt).toBeGreaterThanOrEqual(tasks[i - 1]!.finishedAtMs!);
    }),
  slow);

  it("Runway's daily cap: a clean stop, QUOTA exit 1 (docs/errors.md), a message naming the limit and what to do, no stack trace, report written", () =>
    withSim({ seed: 54, runway: { tier: 5, limits: { 'gen4.5': { maxDailyGenerations: 2 } } } }, async (sim) => {
      const shots = gen('daily', 4);
      const ws = await board('daily', shots, { concurrency: 1 });
      const result = await render(sim, ws);
      expect(result.code, explain(result)).toBe(1);
      expect(result.stderr).not.toMatch(noStack);
      expect(result.stderr).toMatch(/daily generation limit for gen4\.5 is reached \(You have exceeded the daily generation limit of 2 tasks/);
      expect(result.stderr).toMatch(/a higher usage tier raises it/);
      expect(result.stderr).toMatch(/run the same command again once the 24-hour window has room/);
      expect(sim.stats().jobs, 'no submit after the cap').toHaveLength(2);
      const report = await moneyReport(ws.dir, 'daily');
      expect(report.shots.map((s) => [s.id, s.status, s.error?.code ?? null])).toEqual([
        ['s1', 'completed', null],
        ['s2', 'completed', null],
        ['s3', 'failed', 'QUOTA'],
        ['s4', 'skipped', null],
      ]);
      expect(report.totals.spent.microUsd).toBe(2 * 240_000);
    }),
  slow);

  it('OpenRouter charging 1.2 × its estimate: the report records charged > estimate and the difference; spent + held never passes --max-usd at any instant', () =>
    withSim({ seed: 55, openRouter: { costFactor: 1.2 } }, async (sim) => {
      const shots = Array.from({ length: 3 }, (_, i): MixShot => ({ id: `o${i + 1}`, provider: 'openrouter', model: 'alibaba/wan-3.0', seconds: 4, prompt: `rwor dear: a market at noon, take ${i + 1}` }));
      const ws = await board('dear', shots, { concurrency: 3 });
      const capMicroUsd = 1_600_000;
      const result = await render(sim, ws, ['--json', '--max-usd', String(capMicroUsd / 1e6)]);
      expect(result.code, explain(result)).toBe(0);
      const report = await moneyReport(ws.dir, 'dear');
      for (const shot of shots) expect(report.byId[shot.id], shot.id).toMatchObject({ estimate: { microUsd: 400_000 }, charged: { microUsd: 480_000 }, cost: { microUsd: 480_000 } });
      expect(report.totals).toMatchObject({ estimate: { microUsd: 1_200_000 }, charged: { microUsd: 1_440_000 }, chargedMinusEstimate: { microUsd: 240_000 }, spent: { microUsd: 1_440_000 } });
      const budget = result.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as { type: string; spentMicroUsd: number; reservedMicroUsd: number; capMicroUsd?: number }).filter((e) => e.type === 'budget');
      expect(budget.length, 'a budget event at each change').toBeGreaterThan(3);
      for (const event of budget) {
        expect(event.capMicroUsd).toBe(capMicroUsd);
        expect(event.spentMicroUsd + event.reservedMicroUsd, JSON.stringify(event)).toBeLessThanOrEqual(capMicroUsd);
      }
      expect(budget.at(-1)).toMatchObject({ spentMicroUsd: 1_440_000, reservedMicroUsd: 0 });
      expect(report.totals.spent.microUsd + report.totals.possiblyBilled.microUsd).toBeLessThanOrEqual(capMicroUsd);
      expect(sim.stats().billed.microUsd).toBe(1_440_000);
    }),
  slow);
});

describe('the Runway and OpenRouter keys appear nowhere', () => {
  // Random canaries, each served by its own simulator; any 10 characters of either secret part count as a leak.
  const runwaySecret = randomBytes(24).toString('hex');
  const openRouterSecret = randomBytes(24).toString('hex');
  const runwayKey = `key_${runwaySecret}`;
  const openRouterKey = `sk-or-v1-${openRouterSecret}`;
  const windows = (secret: string) => Array.from({ length: secret.length - 9 }, (_, i) => secret.slice(i, i + 10));
  const needles = [runwayKey, openRouterKey, ...windows(runwaySecret), ...windows(openRouterSecret)];
  const leaks = (text: string) => needles.filter((needle) => text.includes(needle));
  const keyEnv = (runway: Simulator, openRouter: Simulator) =>
    baseEnv({ RUNWAYML_API_SECRET: runwayKey, RENDER_RUNWAY_BASE_URL: runway.runwayBaseURL, OPENROUTER_API_KEY: openRouterKey, RENDER_OPENROUTER_BASE_URL: openRouter.openRouterBaseURL, RENDER_POLL_MIN_MS: '50' });
  const shots: MixShot[] = [
    { id: 'rw1', provider: 'runway', model: 'gen4.5', seconds: 2, prompt: 'rwor secrets: a cracked mirror' },
    { id: 'rw2', provider: 'runway', model: 'gen4.5', seconds: 2, prompt: 'rwor secrets: a candle flickering' },
    { id: 'rw3', provider: 'runway', model: 'gen4.5', seconds: 2, prompt: 'rwor secrets: a locked door' },
    { id: 'or1', provider: 'openrouter', model: 'alibaba/wan-3.0', seconds: 2, prompt: 'rwor secrets: a key under a mat' },
    { id: 'or2', provider: 'openrouter', model: 'alibaba/wan-3.0', seconds: 2, prompt: 'rwor secrets: a safe swinging open' },
  ];
  const check = (result: { code: number | null; stdout: string; stderr: string }) => {
    expect(leaks(result.stdout), `stdout leaks a key\n${explain(result)}`).toEqual([]);
    expect(leaks(result.stderr), `stderr leaks a key\n${explain(result)}`).toEqual([]);
    return result;
  };

  it('--verbose --json runs with dropped and failed creates, render resolve, and the run that settles them', async () => {
    const runway = await startSimulator({ port: 0, apiKey: runwayKey, echoKey: true, timeScale: 0.01, seed: 57, rpm: 10_000, runway: { tier: 5 } });
    const openRouter = await startSimulator({ port: 0, apiKey: openRouterKey, echoKey: true, timeScale: 0.01, seed: 58, rpm: 10_000 });
    try {
      const ws = await board('secrets', shots, { concurrency: 5 });
      const env = keyEnv(runway, openRouter);
      runway.faults.script('runway.create', ['drop', { status: 500, afterProcessing: true }]);
      openRouter.faults.script('openrouter.submit', ['drop']);
      const first = check(await runRender(['storyboard.yaml', '--verbose', '--json'], { cwd: ws.dir, env }));
      expect(first.code, explain(first)).toBe(1);
      // Each simulator accepts only its canary: tasks were made, so each key really was sent.
      expect(runway.stats().jobs.filter((j) => j.protocol === 'runway')).toHaveLength(3);
      expect(openRouter.stats().jobs.filter((j) => j.protocol === 'openrouter')).toHaveLength(2);
      const listed = check(await runRender(['resolve', 'storyboard.yaml', '--json'], { cwd: ws.dir, env }));
      const { open } = JSON.parse(listed.stdout) as { open: Array<{ shotId: string }> };
      expect(open.length, explain(first)).toBe(3);
      for (const { shotId } of open) {
        const shot = shots.find((s) => s.id === shotId)!;
        const [job] = jobsOn((shot.provider === 'runway' ? runway : openRouter).stats(), shot.provider, shot.prompt);
        check(await runRender(['resolve', 'storyboard.yaml', '--shot', shotId, '--job', `${shot.provider}:${job!.id}`, '--verbose'], { cwd: ws.dir, env }));
      }
      const second = check(await runRender(['storyboard.yaml', '--verbose', '--json'], { cwd: ws.dir, env }));
      expect(second.code, explain(second)).toBe(0);
      // Nor any file the runs wrote: cache, journal, out/, report.json and report.html.
      const files = await listFiles(ws.dir);
      expect(files.some((f) => f.endsWith('journal.jsonl'))).toBe(true);
      expect(files.some((f) => f.endsWith('report.json'))).toBe(true);
      expect(await filesContaining(ws.dir, needles)).toEqual([]);
    } finally {
      await Promise.all([runway.close(), openRouter.close()]);
    }
  }, slow);

  it('faces refusing the keys (401), the Runway face echoing the key it got', async () => {
    const wrong = await startSimulator({ port: 0, apiKey: 'key_some-other-organization-0123456789', echoKey: true, timeScale: 0.01 });
    try {
      const ws = await board('unauthorised', [shots[0]!, shots[3]!]);
      const result = check(await runRender(['storyboard.yaml', '--verbose', '--json'], { cwd: ws.dir, env: keyEnv(wrong, wrong) }));
      expect(result.code, explain(result)).not.toBe(0);
      expect(wrong.stats().requests.log.filter((e) => e.status === 401).length, explain(result)).toBeGreaterThan(0);
      const said = result.stdout + result.stderr;
      expect(said).toMatch(/refused the API key \(401\)/);
      expect(said).toContain('check RUNWAYML_API_SECRET and the base URL');
      expect(said).toContain('check OPENROUTER_API_KEY and the base URL');
      expect(await filesContaining(ws.dir, needles)).toEqual([]);
    } finally {
      await wrong.close();
    }
  }, slow);
});
