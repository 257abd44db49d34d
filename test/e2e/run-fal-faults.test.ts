// fal shots through the built CLI when things go wrong: dropped answers to paid submits never lead to a second
// submit (a shot is billed once, or held as UNKNOWN_OUTCOME and settled by the next run); kill -9 at the paid
// boundaries then a resume pays each shot once in all; and a budget cap over fal's per-video and per-second prices is
// never passed by what the simulator billed nor by what the run counts as spent or possibly billed.
// Each describe has its own simulator (fault scripts and rates are per simulator) and each test its own folder.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/sim/index.js';
import { chargedPerPrompt, falEnv, falJobs, falStoryboardYaml, type FalShotSpec } from '../support/fal-run.js';
import { explain, makeWorkspace, paidPerPrompt, probeClip, readReport, runRender, type Workspace } from '../support/run-harness.js';

const wan = { model: 'fal-ai/wan/v2.7', size: '1280x720', seconds: 2 };
/** Room for several runs on two busy cores: a fal job is checked no sooner than fal's own poll hints (1–2 s). */
const slow = 150_000;

const workspaces: Workspace[] = [];
afterAll(() => Promise.all(workspaces.map((ws) => ws.cleanup())));

async function workspace(name: string, shots: FalShotSpec[], extra: { concurrency?: number; cut?: readonly string[] } = {}) {
  const ws = await makeWorkspace(`render-fal-${name}-`);
  workspaces.push(ws);
  await ws.write('storyboard.yaml', falStoryboardYaml({ name, defaults: wan, shots, concurrency: extra.concurrency ?? 4, ...(extra.cut ? { cut: extra.cut } : {}) }));
  return ws;
}

const render = (sim: Simulator, ws: Workspace, args: string[] = []) => runRender(['storyboard.yaml', '--base-url', sim.baseURL, ...args], { cwd: ws.dir, env: falEnv(sim) });

/**
 * Settle what a run left unknown as a user would: look each open intent up in the provider's dashboard (the
 * simulator's accounting), attach the job when there is one, else declare it not created; then run again.
 */
async function settleUnknowns(sim: Simulator, ws: Workspace, shots: FalShotSpec[]): Promise<number> {
  const listed = await runRender(['resolve', 'storyboard.yaml', '--json'], { cwd: ws.dir, env: falEnv(sim) });
  expect(listed.code, explain(listed)).toBe(0);
  const { open } = JSON.parse(listed.stdout) as { open: Array<{ shotId: string }> };
  for (const intent of open) {
    const made = falJobs(sim.stats(), shots.find((s) => s.id === intent.shotId)!.prompt);
    expect(made.length, `${intent.shotId}: an unknown outcome was never sent twice`).toBeLessThanOrEqual(1);
    const how = made[0] ? ['--job', made[0].id] : ['--not-created'];
    const settled = await runRender(['resolve', 'storyboard.yaml', '--shot', intent.shotId, ...how, '--base-url', sim.baseURL], { cwd: ws.dir, env: falEnv(sim) });
    expect(settled.code, explain(settled)).toBe(0);
  }
  return open.length;
}

const once = (shots: FalShotSpec[]) => Object.fromEntries(shots.map((s) => [s.prompt, 1]));

/** A describe block's own simulator, on a free port (the workspaces are each test's own). */
function useSim(options: SimulatorOptions, assign: (sim: Simulator) => void): void {
  let sim: Simulator | undefined;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, ...options });
    assign(sim);
  });
  afterAll(() => sim?.close());
}

describe('dropped fal submit answers', () => {
  let sim: Simulator;
  useSim({ timeScale: 0.01, seed: 41, rpm: 10_000, falConcurrency: 8 }, (s) => (sim = s));

  it('30 % of fal submit answers dropped while the request listing is down: each shot billed once or held UNKNOWN_OUTCOME, never twice; the next run settles', async () => {
    const shots: FalShotSpec[] = [
      ...Array.from({ length: 8 }, (_, i): FalShotSpec => ({ id: `boat${i + 1}`, prompt: `fal drops: a paper boat, take ${i + 1}` })),
      { id: 'title', provider: 'openai', model: 'sora-2', seconds: 4, prompt: 'fal drops: the title card' },
    ];
    const ws = await workspace('drops', shots);
    const prompts = shots.map((s) => s.prompt);
    // Billed, then the connection is cut before any byte of the answer: 3 of the 8 fal submits (the SDK's own resend
    // of one of them would be a ninth submit, and a second payment). With fal's request listing answering 503 the
    // run cannot find those jobs, so it must hold them as unknown rather than submit again.
    sim.faults.script('fal.submit', ['drop', 'pass', 'pass', 'drop', 'pass', 'pass', 'drop', 'pass']);
    sim.faults.always('fal.list', 'http503');
    let first;
    try {
      first = await render(sim, ws, ['--reconcile-window', '1']);
    } finally {
      sim.faults.clear();
    }
    let stats = sim.stats();
    const dropped = stats.jobs.filter((j) => j.prompt.startsWith('fal drops') && j.delivery === 'dropped');
    expect(dropped.length, 'the fault really hit three submits').toBe(3);
    expect(stats.requests.log.some((e) => e.route === 'fal.list' && e.status === 503), 'the run looked in the listing').toBe(true);
    expect(paidPerPrompt(stats, prompts), `no shot submitted twice\n${explain(first)}`).toEqual(once(shots));
    expect(first.code, explain(first)).toBe(1);
    const report = await readReport(join(ws.dir, 'out', 'drops'));
    const droppedPrompts = new Set(dropped.map((j) => j.prompt));
    for (const shot of report.shots) {
      const prompt = shots.find((s) => s.id === shot.id)!.prompt;
      if (droppedPrompts.has(prompt)) expect(shot, shot.id).toMatchObject({ status: 'failed', error: { code: 'UNKNOWN_OUTCOME' }, possiblyBilled: { microUsd: 200_000 }, cost: { microUsd: 0 } });
      else expect(shot, shot.id).toMatchObject({ status: 'completed', cache: 'paid' });
    }
    // Money held for an unknown outcome is counted as possibly billed, never as spent.
    expect(report.totals.possiblyBilled.microUsd).toBe(3 * 200_000);
    expect(report.totals.spent.microUsd).toBe(5 * 200_000 + 400_000);

    // The listing is back: the next run finds each unknown submit there and adopts it; nothing is submitted again.
    const second = await render(sim, ws, ['--reconcile-window', '2']);
    expect(second.code, explain(second)).toBe(0);
    expect(second.stderr.match(/adopted after an unanswered create/g)?.length, explain(second)).toBe(3);
    stats = sim.stats();
    expect(paidPerPrompt(stats, prompts)).toEqual(once(shots));
    expect(chargedPerPrompt(stats, prompts)).toEqual(once(shots));
    const settled = await readReport(join(ws.dir, 'out', 'drops'));
    expect(settled.outcome).toBe('completed');
    expect(settled.totals).toMatchObject({ spent: { microUsd: 0 }, possiblyBilled: { microUsd: 0 }, earlierRuns: { microUsd: 3 * 200_000 } });
    expect((await probeClip(join(ws.dir, 'out', 'drops', 'drops.mp4'), false)).durationSeconds).toBeCloseTo(8 * 2 + 4, 1);
  }, slow);
});

// Side by side: each run mostly waits on the simulator (fal's poll hints), and the three share no fault script.
describe.concurrent('kill -9, then resume', () => {
  let sim: Simulator;
  useSim({ timeScale: 0.01, seed: 44, rpm: 10_000, falConcurrency: 8 }, (s) => (sim = s));

  it.each(['after-intent-fsync', 'after-create-response', 'mid-poll'] as const)('at %s: each fal shot, the extension included, is paid once over both runs', async (point) => {
    const shots: FalShotSpec[] = [
      { id: 'fox', model: 'fal-ai/veo3.1/fast', seconds: 4, prompt: `fal crash ${point}: a fox in the snow` },
      { id: 'fox-more', extendOf: 'fox', prompt: `fal crash ${point}: the fox runs into the forest` },
    ];
    // The cut is the extension alone: a cut joining it to another clip fails the stitch's A/V check (see run-fal.test.ts).
    const ws = await workspace(`crash-${point}`, shots, { concurrency: 2, cut: ['fox-more'] });
    const crashed = await runRender(['storyboard.yaml', '--base-url', sim.baseURL], { cwd: ws.dir, env: falEnv(sim, { RENDER_CRASHPOINT: `${point}:1` }) });
    expect(crashed.signal, `the run should have killed itself at ${point}\n${explain(crashed)}`).toBe('SIGKILL');

    let resumed = await render(sim, ws, ['--reconcile-window', '2']);
    if (resumed.code !== 0) {
      // A kill between the intent's fsync and its send leaves an outcome nothing can prove: held, never resent.
      expect(resumed.code, explain(resumed)).toBe(1);
      expect(await settleUnknowns(sim, ws, shots), explain(resumed)).toBeGreaterThan(0);
      resumed = await render(sim, ws);
    }
    expect(resumed.code, explain(resumed)).toBe(0);
    const stats = sim.stats();
    const prompts = shots.map((s) => s.prompt);
    expect(paidPerPrompt(stats, prompts), 'submits per prompt, both runs').toEqual(once(shots));
    expect(chargedPerPrompt(stats, prompts)).toEqual(once(shots));
    const outDir = join(ws.dir, 'out', `crash-${point}`);
    expect((await readReport(outDir)).outcome).toBe('completed');
    expect((await probeClip(join(outDir, 'shots', 'fox-more.mp4'), false)).durationSeconds).toBeCloseTo(4 + 7, 1);
  }, slow);
});

describe('a failed fal generation, which fal does not charge', () => {
  let sim: Simulator;
  useSim({ timeScale: 0.01, seed: 43, rpm: 10_000, failRate: 1, falConcurrency: 8 }, (s) => (sim = s));

  // fal charges completed requests only, and a failed request ends as fal's own word that it was not: it is booked at
  // $0 (like a refunded Runway task), so spent never exceeds what the provider charged and nothing stays held.
  it('is booked at $0: spent never exceeds what the provider charged', async () => {
    const ws = await workspace('failed', [{ id: 'lost', prompt: 'fal failed: a generation that fails' }]);
    const result = await runRender(['storyboard.yaml', '--base-url', sim.baseURL], { cwd: ws.dir, env: falEnv(sim) });
    expect(result.code, explain(result)).toBe(1);
    const [job] = falJobs(sim.stats(), 'fal failed: a generation that fails');
    expect(job).toMatchObject({ status: 'failed', charged: false });
    expect(sim.stats().billed.microUsd).toBe(0);
    const report = await readReport(join(ws.dir, 'out', 'failed'));
    expect(report.shots[0]!.error?.code).toBe('GENERATION_FAILED');
    expect(report.totals.possiblyBilled.microUsd, 'nothing left held').toBe(0);
    expect(report.totals.spent.microUsd, 'spent is proven billed').toBe(0);
  });
});

describe('a budget cap over fal prices per video (Hailuo 2.3) and per second (Wan 2.7)', () => {
  let sim: Simulator;
  useSim({ timeScale: 0.01, seed: 42, rpm: 10_000, falConcurrency: 8 }, (s) => (sim = s));

  // Hailuo 2.3 Standard: $0.28 per 6 s video; Wan 2.7 at 720p: $0.10 per second, 2 s. Three of each: $1.44.
  const hailuoPrice = 280_000;
  const wanPrice = 200_000;
  function shots(tag: string, retries?: number): FalShotSpec[] {
    return [1, 2, 3].flatMap((n): FalShotSpec[] => [
      { id: `video${n}`, model: 'fal-ai/minimax/hailuo-2.3/standard', size: '1366x768', seconds: 6, prompt: `fal budget ${tag}: a per-video shot ${n}`, ...(retries === undefined ? {} : { retries }) },
      { id: `second${n}`, prompt: `fal budget ${tag}: a per-second shot ${n}`, ...(retries === undefined ? {} : { retries }) },
    ]);
  }
  async function board(name: string, list: FalShotSpec[]): Promise<Workspace> {
    const ws = await makeWorkspace(`render-fal-budget-${name}-`);
    workspaces.push(ws);
    await ws.write('storyboard.yaml', falStoryboardYaml({ name, defaults: wan, shots: list, concurrency: 6, cut: false }));
    return ws;
  }

  it('a plan over the cap: exit 3 before any fal submit, naming the plan\'s cost, the cap and by how much', async () => {
    const list = shots('refuse');
    const ws = await board('refuse', list);
    const planned = await runRender(['plan', 'storyboard.yaml', '--json'], { cwd: ws.dir, env: falEnv(sim) });
    expect(JSON.parse(planned.stdout)).toMatchObject({ totalMicroUsd: 3 * (hailuoPrice + wanPrice) });
    const logStart = sim.stats().requests.log.length;
    const result = await runRender(['storyboard.yaml', '--base-url', sim.baseURL, '--max-usd', '1'], { cwd: ws.dir, env: falEnv(sim) });
    expect(result.code, explain(result)).toBe(3);
    expect(result.stderr).toContain('$1.44');
    expect(result.stderr).toContain('$1.00');
    expect(result.stderr).toContain('$0.44');
    expect(sim.stats().requests.log.slice(logStart).filter((e) => e.route.startsWith('fal.') || e.route === 'create')).toEqual([]);
    expect(sim.stats().jobs).toEqual([]);
  });

  it('failed generations and retries under concurrency 6: what is charged plus what is in flight never passes the cap', async () => {
    const list = shots('midrun', 2);
    const ws = await board('midrun', list);
    // The plan ($1.44) just fits the cap; retries of failed generations are free on fal (booked at $0) but each
    // attempt in flight is held at its price, so the cap bounds charged + in flight at every instant.
    const capMicroUsd = 1_500_000;
    sim.faults.set({ failRate: 0.8 });
    let result;
    try {
      result = await runRender(['storyboard.yaml', '--base-url', sim.baseURL, '--max-usd', String(capMicroUsd / 1e6), '--reconcile-window', '1'], { cwd: ws.dir, env: falEnv(sim) });
    } finally {
      sim.faults.set({ failRate: 0 });
    }
    expect([0, 1], explain(result)).toContain(result.code);

    const jobs = sim.stats().jobs.filter((j) => j.prompt.startsWith('fal budget midrun')).sort((a, b) => a.createdAtMs - b.createdAtMs);
    expect(jobs.filter((j) => j.status === 'failed').length, 'generations really failed').toBeGreaterThan(0);
    expect(jobs.length, 'failed attempts were retried').toBeGreaterThan(list.length);
    expect(new Set(jobs.map((j) => j.priceMicroUsd))).toEqual(new Set([hailuoPrice, wanPrice]));
    // At each submission: what fal has charged for jobs already finished, plus every job still in flight.
    for (const job of jobs) {
      const at = job.createdAtMs;
      const charged = jobs.filter((j) => j.charged && j.finishedAtMs !== null && j.finishedAtMs <= at).reduce((sum, j) => sum + j.priceMicroUsd, 0);
      const inFlight = jobs.filter((j) => j.createdAtMs <= at && (j.finishedAtMs === null || j.finishedAtMs > at)).reduce((sum, j) => sum + j.priceMicroUsd, 0);
      expect(charged + inFlight, `charged ${charged} + in flight ${inFlight} µUSD when ${job.id} was submitted, against a cap of ${capMicroUsd}`).toBeLessThanOrEqual(capMicroUsd);
    }
    const billed = sim.stats().billed.microUsd;
    expect(billed).toBeLessThanOrEqual(capMicroUsd);

    const report = await readReport(join(ws.dir, 'out', 'midrun'));
    expect(report.totals.cap?.microUsd).toBe(capMicroUsd);
    // Spent is exactly what fal charged; nothing failed stays held.
    expect(report.totals.spent.microUsd).toBe(billed);
    expect(report.totals.spent.microUsd + report.totals.possiblyBilled.microUsd).toBeLessThanOrEqual(capMicroUsd);
  }, slow);
});
