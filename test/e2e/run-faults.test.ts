// A hostile backend (scenarios R3, R7 in docs/design/scenarios.md): dropped answers to paid creates never lead to a
// second payment, a 429 storm's Retry-After is honoured by every worker, and a moderated prompt fails only its own
// shot, named as such.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type HttpErrorFault, type Simulator } from '../../src/sim/index.js';
import {
  explain,
  jobsFor,
  makeWorkspace,
  paidPerPrompt,
  readReport,
  remixesPerParentPrompt,
  runRender,
  simEnv,
  storyboardYaml,
  type ShotSpec,
  type Workspace,
} from '../support/run-harness.js';

describe('render against a faulty provider', () => {
  let sim: Simulator;
  const workspaces: Workspace[] = [];

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, timeScale: 0.01, seed: 5, rpm: 10_000 });
  });
  afterAll(async () => {
    await sim?.close();
    await Promise.all(workspaces.map((ws) => ws.cleanup()));
  });

  async function workspace(name: string, shots: ShotSpec[], concurrency = 4) {
    const ws = await makeWorkspace(`render-${name}-`);
    workspaces.push(ws);
    await ws.write('storyboard.yaml', storyboardYaml({ name, shots, concurrency, rpm: 1000 }));
    return ws;
  }

  it('dropped answers to most paid calls: each shot is paid exactly once and the run completes', async () => {
    const shots: ShotSpec[] = [
      { id: 'one', prompt: 'drops: a red kite over a beach' },
      { id: 'two', prompt: 'drops: a sandcastle washed by a wave' },
      { id: 'two-b', remixOf: 'two', prompt: 'drops: the sandcastle at low tide' },
      { id: 'three', prompt: 'drops: a dog chasing a ball on the sand' },
      { id: 'four', prompt: 'drops: surfers at sunset' },
      { id: 'five', prompt: 'drops: a lifeguard tower in fog' },
      { id: 'six', prompt: 'drops: footprints filling with water' },
    ];
    const ws = await workspace('drops', shots);
    // Billed, then the connection is cut before any byte of the answer: 4 of the 7 paid calls (never 5 in a row).
    sim.faults.script('paid', ['drop', 'pass', 'drop', 'pass', 'drop', 'pass', 'drop']);
    let result;
    try {
      result = await runRender(['storyboard.yaml', '--base-url', sim.baseURL], { cwd: ws.dir, env: simEnv(sim) });
    } finally {
      sim.faults.clear();
    }
    expect(result.code, explain(result)).toBe(0);
    const stats = sim.stats();
    const jobs = jobsFor(stats, shots.map((s) => s.prompt));
    expect(jobs.filter((j) => j.delivery === 'dropped').length, 'the fault really hit the paid calls').toBe(4);
    expect(paidPerPrompt(stats, shots.map((s) => s.prompt))).toEqual(Object.fromEntries(shots.map((s) => [s.prompt, 1])));
    expect(remixesPerParentPrompt(stats)[shots[1]!.prompt]).toBe(1);
    // SDK retries are off for paid calls: the SDK's own resend of a dropped create would pay twice.
    expect(jobs.map((j) => j.retryCount ?? 0)).toEqual(jobs.map(() => 0));
  });

  // An unanswered create whose job reconciliation adopts is not a failing provider: the breaker must not trip.
  it('five dropped answers in a row, each adopted: the run still completes every shot', async () => {
    const shots: ShotSpec[] = [1, 2, 3, 4, 5, 6].map((n) => ({ id: `d${n}`, prompt: `drops in a row: shot ${n}` }));
    const ws = await workspace('drops-row', shots, 1);
    sim.faults.script('create', ['drop', 'drop', 'drop', 'drop', 'drop']);
    let result;
    try {
      result = await runRender(['storyboard.yaml', '--base-url', sim.baseURL], { cwd: ws.dir, env: simEnv(sim) });
    } finally {
      sim.faults.clear();
    }
    const counts = paidPerPrompt(sim.stats(), shots.map((s) => s.prompt));
    expect(Math.max(...Object.values(counts)), 'no shot paid twice').toBe(1);
    expect(result.code, explain(result)).toBe(0);
    expect(counts).toEqual(Object.fromEntries(shots.map((s) => [s.prompt, 1])));
  });

  it('a 429 storm on creates: no create reaches the provider before the announced Retry-After, and the run completes', async () => {
    const shots: ShotSpec[] = [
      { id: 'north', prompt: 'storm: wind turbines on a ridge' },
      { id: 'south', prompt: 'storm: a ferry crossing choppy water' },
      { id: 'east', prompt: 'storm: lightning over wheat fields' },
      { id: 'west', prompt: 'storm: a lighthouse beam in rain' },
    ];
    const ws = await workspace('storm', shots, 4);
    const steps: HttpErrorFault[] = [
      { status: 429, retryAfterSeconds: 2 },
      { status: 429, retryAfterSeconds: 2 },
      { status: 429, retryAfterSeconds: 1, retryAfterMs: 1000 },
      { status: 429, retryAfterSeconds: 2 },
      { status: 429, retryAfterSeconds: 1 },
    ];
    const logStart = sim.stats().requests.log.length;
    sim.faults.script('create', steps);
    const result = await runRender(['storyboard.yaml', '--base-url', sim.baseURL], { cwd: ws.dir, env: simEnv(sim) });
    expect(result.code, explain(result)).toBe(0);
    expect(sim.faults.pending('create')).toBe(0);

    const log = sim.stats().requests.log.slice(logStart);
    const creates = log.filter((e) => e.route === 'create');
    expect(creates.slice(0, steps.length).map((e) => e.status)).toEqual(steps.map(() => 429));
    // The first four creates (one per shot, concurrency 4) left together at the start. After that, a request that
    // left the client before it saw a 429 may arrive just after it; anything later must wait for the announced time.
    const inFlightMs = 150;
    const resends = creates.slice(shots.length);
    const violations: string[] = [];
    creates.slice(0, steps.length).forEach((refused, i) => {
      const step = steps[i]!;
      const until = refused.atMs + (step.retryAfterMs ?? step.retryAfterSeconds! * 1000);
      for (const later of resends) {
        if (later.atMs > refused.atMs + inFlightMs && later.atMs < until - 50) {
          violations.push(`create at +${later.atMs - refused.atMs} ms after a 429 that announced ${until - refused.atMs} ms`);
        }
      }
    });
    expect(violations).toEqual([]);
    expect(paidPerPrompt(sim.stats(), shots.map((s) => s.prompt))).toEqual(Object.fromEntries(shots.map((s) => [s.prompt, 1])));
  });

  it('a moderated prompt: exit 1, that shot reported as moderation with the provider message, the others done, no final cut', async () => {
    const shots: ShotSpec[] = [
      { id: 'calm', prompt: 'moderation: a quiet library' },
      { id: 'blocked', prompt: 'moderation: MODERATION_TEST a crowded stadium' },
      { id: 'after', prompt: 'moderation: a reading lamp switching off' },
    ];
    const ws = await workspace('moderated', shots);
    const result = await runRender(['storyboard.yaml', '--base-url', sim.baseURL], { cwd: ws.dir, env: simEnv(sim) });
    expect(result.code, explain(result)).toBe(1);
    expect(result.stderr).toMatch(/blocked: .*moderation/i);

    const outDir = join(ws.dir, 'out', 'moderated');
    const report = await readReport(outDir);
    const byId = Object.fromEntries(report.shots.map((s) => [s.id, s]));
    expect(byId.blocked!.status).toBe('failed');
    expect(byId.blocked!.error).toMatchObject({ moderation: true });
    expect(byId.blocked!.error!.code).toMatch(/moderation/i);
    expect(byId.blocked!.error!.message).toContain('Your request was blocked by our moderation system.');
    expect(byId.calm!.status).toBe('completed');
    expect(byId.after!.status).toBe('completed');
    expect(report.cut).toBeNull();
    expect(report.cutError).toBeTruthy();
    expect(existsSync(join(outDir, 'moderated.mp4'))).toBe(false);
    // Paid once (no retries configured), as the simulator bills moderated jobs.
    expect(paidPerPrompt(sim.stats(), shots.map((s) => s.prompt))).toEqual(Object.fromEntries(shots.map((s) => [s.prompt, 1])));
  });
});
