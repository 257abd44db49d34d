// Ctrl-C (scenario R15 a, b in docs/design/scenarios.md): the first SIGINT stops submitting, records what is in flight
// and exits 130 with a note that the next run resumes; a second SIGINT exits at once. Either way the re-run pays for no
// shot twice.
// Two runs started together on one storyboard (R15 d): one is refused with the owner's pid, nothing is paid twice.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import {
  announcedJobIds,
  explain,
  isTempFile,
  listFiles,
  makeWorkspace,
  paidPerPrompt,
  probeClip,
  remixesPerParentPrompt,
  runRender,
  simEnv,
  startCli,
  storyboardYaml,
  type ShotSpec,
  type Workspace,
  useSimAndWorkspace,
} from '../support/run-harness.js';

function shotsFor(tag: string): ShotSpec[] {
  return [
    { id: 'market', prompt: `interrupt ${tag}: a night market, lanterns swaying` },
    { id: 'stall', prompt: `interrupt ${tag}: steam rising from a noodle stall` },
    { id: 'stall-close', remixOf: 'stall', prompt: `interrupt ${tag}: close-up of the noodles being served` },
    { id: 'alley', prompt: `interrupt ${tag}: a cat crossing a wet alley` },
    { id: 'crowd', prompt: `interrupt ${tag}: a crowd under umbrellas` },
  ];
}

describe('Ctrl-C while jobs are in flight', () => {
  let sim: Simulator;
  const workspaces: Workspace[] = [];

  beforeAll(async () => {
    // Jobs take about 2 s, so they are still rendering when the signal arrives.
    sim = await startSimulator({ port: 0, timeScale: 0.1, seed: 3, rpm: 10_000 });
  });
  afterAll(async () => {
    await sim?.close();
    await Promise.all(workspaces.map((ws) => ws.cleanup()));
  });

  async function setup(tag: string) {
    const ws = await makeWorkspace(`render-int-${tag}-`);
    workspaces.push(ws);
    const shots = shotsFor(tag);
    const name = `int-${tag}`;
    await ws.write('storyboard.yaml', storyboardYaml({ name, shots, concurrency: 2, rpm: 1000 }));
    return { ws, shots, name, args: ['storyboard.yaml', '--base-url', sim.baseURL] };
  }

  async function resumeAndCheck(ws: Workspace, shots: ShotSpec[], name: string, args: string[], before: Set<string>) {
    const jobsBefore = sim.stats().jobs.length;
    const resumed = await runRender(args, { cwd: ws.dir, env: simEnv(sim) });
    expect(resumed.code, explain(resumed)).toBe(0);
    const stats = sim.stats();
    // No new paid job for a shot whose job was created before the interrupt: each shot paid once overall.
    const fresh = stats.jobs.slice(jobsBefore);
    for (const job of fresh) expect(before.has(job.prompt), `re-paid ${job.prompt}`).toBe(false);
    expect(paidPerPrompt(stats, shots.map((s) => s.prompt))).toEqual(Object.fromEntries(shots.map((s) => [s.prompt, 1])));
    expect(remixesPerParentPrompt(stats)[shots[1]!.prompt]).toBe(1);
    const outDir = join(ws.dir, 'out', name);
    expect((await probeClip(join(outDir, `${name}.mp4`))).durationSeconds).toBeCloseTo(4 * shots.length, 1);
    // The cache folder holds no download or journal temp files once the re-run is done.
    expect((await listFiles(join(ws.dir, '.render'))).filter(isTempFile)).toEqual([]);
  }

  it('one SIGINT: exits 130 within a few seconds with a note that the next run resumes; the re-run pays nothing twice', async () => {
    const { ws, shots, name, args } = await setup('once');
    const run = startCli(args, { cwd: ws.dir, env: simEnv(sim) });
    await run.waitFor(/job video_\w+ created/);
    const sentAt = Date.now();
    run.kill('SIGINT');
    const result = await run.done;
    expect(result.code, explain(result)).toBe(130);
    expect(result.exitedAtMs - sentAt, 'exit within a few seconds of Ctrl-C').toBeLessThan(5_000);
    const notes = result.stderr.split('\n').filter((line) => /resume/i.test(line));
    expect(notes.length, explain(result)).toBeGreaterThanOrEqual(1);
    expect(notes.some((line) => /next run|run .*again/i.test(line))).toBe(true);
    expect(result.stderr).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/); // no stack trace

    const created = new Set(sim.stats().jobs.filter((j) => shots.some((s) => s.prompt === j.prompt)).map((j) => j.prompt));
    expect(created.size).toBeGreaterThan(0);
    // Every job the run announced is one the simulator billed.
    const ids = new Set(sim.stats().jobs.map((j) => j.id));
    for (const id of announcedJobIds(result.stderr)) expect(ids.has(id)).toBe(true);
    // The first Ctrl-C stopped submitting: not every shot was paid for yet.
    expect(created.size).toBeLessThan(shots.length);
    await resumeAndCheck(ws, shots, name, args, created);
  });

  it('two SIGINTs: exits at once with 130; the re-run still pays each shot once', async () => {
    const { ws, shots, name, args } = await setup('twice');
    // The second create is billed at once but answered 5 s late: the first Ctrl-C's wind-down must wait for that
    // answer, so the second Ctrl-C lands while it waits (a wind-down over within 20 ms left nothing to cut short).
    sim.faults.script('create', ['pass', { slowMs: 5_000 }]);
    const jobsBefore = sim.stats().jobs.length;
    const run = startCli(args, { cwd: ws.dir, env: simEnv(sim) });
    await run.waitFor(/job video_\w+ created/);
    while (sim.stats().jobs.length < jobsBefore + 2) await new Promise((r) => setTimeout(r, 10));
    const sentAt = Date.now();
    run.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 20));
    run.kill('SIGINT');
    const result = await run.done;
    expect(result.code, explain(result)).toBe(130);
    expect(result.exitedAtMs - sentAt, 'the second Ctrl-C exits at once').toBeLessThan(1_500);
    expect(result.stderr).toMatch(/interrupted again/);
    const created = new Set(sim.stats().jobs.filter((j) => shots.some((s) => s.prompt === j.prompt)).map((j) => j.prompt));
    expect(created.size).toBeGreaterThan(0);
    await resumeAndCheck(ws, shots, name, args, created);
  });
});

describe('two runs on one storyboard at once (R15 d)', () => {
  let sim: Simulator;
  let ws: Workspace;

  useSimAndWorkspace({ timeScale: 0.05, seed: 8, rpm: 10_000 }, 'render-overlap-', (s, w) => {
    sim = s;
    ws = w;
  });

  it('the second run is refused while the first holds the cache; nothing is paid twice', async () => {
    const shots = shotsFor('overlap');
    const name = 'overlap';
    await ws.write('storyboard.yaml', storyboardYaml({ name, shots, concurrency: 2, rpm: 1000 }));
    const args = ['storyboard.yaml', '--base-url', sim.baseURL];
    const first = startCli(args, { cwd: ws.dir, env: simEnv(sim) });
    await new Promise((r) => setTimeout(r, 100));
    const second = startCli(args, { cwd: ws.dir, env: simEnv(sim) });
    const [a, b] = await Promise.all([first.done, second.done]);
    const codes = [a.code, b.code];
    expect(codes, `${explain(a)}\n=====\n${explain(b)}`).toContain(0);
    const [winner, loser] = a.code === 0 ? [first, b] : [second, a];
    if (loser.code !== 0) {
      // "the cache folder is in use by render (pid N …)": the user learns who holds it.
      expect(loser.stderr).toMatch(/in use|lock/i);
      expect(loser.stderr).toContain(`pid ${winner.child.pid}`);
      expect(loser.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    }
    expect(paidPerPrompt(sim.stats(), shots.map((s) => s.prompt))).toEqual(Object.fromEntries(shots.map((s) => [s.prompt, 1])));
  });
});

