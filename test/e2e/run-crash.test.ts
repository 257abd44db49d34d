// kill -9 never pays twice and never loses work (scenarios R1, R2 in docs/design/scenarios.md): the CLI SIGKILLs itself
// at each named crash point, then a plain re-run completes. Ground truth is the simulator's billing: one job per shot,
// one remix per parent, across both runs; the outputs decode; no temp file is left behind. Also: a kill from outside
// while jobs are in flight, a kill during the stitch, and content that expired between the kill and the re-run (R10).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crashPointNames } from '../../src/execute/crashpoints.js';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import {
  explain,
  isTempFile,
  jobsFor,
  listFiles,
  makeWorkspace,
  paidPerPrompt,
  probeClip,
  readReport,
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
    { id: 'dawn', prompt: `crash ${tag}: dawn over a frozen lake` },
    { id: 'forest', prompt: `crash ${tag}: a fox trotting through a snowy forest` },
    { id: 'forest-night', remixOf: 'forest', prompt: `crash ${tag}: the same fox under the northern lights` },
  ];
}

/**
 * Re-run after a kill. A kill between an intent's fsync and its send leaves an outcome nothing can prove, so the
 * re-run holds it as unknown (exit 1) and sends it again never. Then the test does what a user would: look each open
 * intent up in the provider's dashboard (here, the simulator's accounting) and settle it with `render resolve`,
 * attaching the job when there is one and declaring it not created otherwise; the next run completes.
 */
async function resumeSettlingUnknowns(sim: Simulator, ws: Workspace, args: string[], shots: ShotSpec[]) {
  const resumed = await runRender([...args, '--reconcile-window', '2'], { cwd: ws.dir, env: simEnv(sim) });
  if (resumed.code === 0) return resumed;
  expect(resumed.code, explain(resumed)).toBe(1);
  expect(resumed.stderr + resumed.stdout).toMatch(/possibly billed/);
  const listed = await runRender(['resolve', 'storyboard.yaml', '--json'], { cwd: ws.dir, env: simEnv(sim) });
  const { open } = JSON.parse(listed.stdout) as { open: Array<{ shotId: string }> };
  expect(open.length, explain(resumed)).toBeGreaterThan(0);
  for (const intent of open) {
    const prompt = shots.find((s) => s.id === intent.shotId)!.prompt;
    const made = sim.stats().jobs.filter((job) => job.prompt === prompt);
    expect(made.length, 'an unknown outcome was never sent twice').toBeLessThanOrEqual(1);
    const how = made[0] ? ['--job', made[0].id] : ['--not-created'];
    const settled = await runRender(['resolve', 'storyboard.yaml', '--shot', intent.shotId, ...how, '--base-url', sim.baseURL], { cwd: ws.dir, env: simEnv(sim) });
    expect(settled.code, explain(settled)).toBe(0);
    expect(settled.stdout).toMatch(made[0] ? /attached to intent/ : /recorded as not created/);
  }
  return runRender(args, { cwd: ws.dir, env: simEnv(sim) });
}

async function expectPaidOnceAndIntact(sim: Simulator, ws: Workspace, name: string, shots: ShotSpec[]): Promise<void> {
  const stats = sim.stats();
  expect(paidPerPrompt(stats, shots.map((s) => s.prompt)), 'billed jobs per prompt (simulator accounting)').toEqual(
    Object.fromEntries(shots.map((s) => [s.prompt, 1])),
  );
  const parent = shots.find((s) => s.id === 'forest')!.prompt;
  expect(remixesPerParentPrompt(stats)[parent]).toBe(1);

  const outDir = join(ws.dir, 'out', name);
  const report = await readReport(outDir);
  expect(report.outcome).toBe('completed');
  const cut = await probeClip(join(outDir, `${name}.mp4`));
  expect(cut.durationSeconds).toBeCloseTo(12, 1);
  expect(cut.audio).toBeDefined();
  for (const shot of shots) {
    const clip = await probeClip(join(outDir, 'shots', `${shot.id}.mp4`));
    expect(clip.video).toMatchObject({ codec: 'h264', width: 1280, height: 720 });
    expect(clip.durationSeconds).toBeCloseTo(4, 1);
  }
  const files = await listFiles(ws.dir);
  expect(files.filter(isTempFile), 'temp files left behind').toEqual([]);
  expect(files, 'the cache lock is released after a finished run').not.toContain(join('.render', 'lock'));
}

describe('kill -9 at each named crash point, then re-run: each shot paid exactly once', () => {
  let sim: Simulator;
  const workspaces: Workspace[] = [];

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, timeScale: 0.01, seed: 1, rpm: 10_000 });
  });
  afterAll(async () => {
    await sim?.close();
    await Promise.all(workspaces.map((ws) => ws.cleanup()));
  });

  it.each(crashPointNames)('%s', async (point) => {
    const ws = await makeWorkspace(`render-crash-${point}-`);
    workspaces.push(ws);
    const name = `crash-${point}`;
    const shots = shotsFor(point);
    await ws.write('storyboard.yaml', storyboardYaml({ name, shots, concurrency: 2, rpm: 1000 }));
    const args = ['storyboard.yaml', '--base-url', sim.baseURL];

    const crashed = await runRender(args, { cwd: ws.dir, env: simEnv(sim, { RENDER_CRASHPOINT: `${point}:1` }) });
    expect(crashed.signal, `the run should have killed itself at ${point}\n${explain(crashed)}`).toBe('SIGKILL');

    const resumed = await resumeSettlingUnknowns(sim, ws, args, shots);
    expect(resumed.code, explain(resumed)).toBe(0);
    await expectPaidOnceAndIntact(sim, ws, name, shots);
    // Up to five runs of the CLI and a stitch: ~20 s alone, over a minute beside the rest of the suite on two cores.
  }, 180_000);
});

describe('kill -9 from outside while jobs are in flight, then re-run', () => {
  let sim: Simulator;
  let ws: Workspace;

  // Slower jobs (about a second each) so the kill lands while several are queued or rendering.
  useSimAndWorkspace({ timeScale: 0.05, seed: 2, rpm: 10_000 }, 'render-crash-random-', (s, w) => {
    sim = s;
    ws = w;
  });

  it('pays each shot exactly once and completes', async () => {
    const shots: ShotSpec[] = [
      ...shotsFor('random'),
      { id: 'village', prompt: 'crash random: smoke rising from a village chimney' },
      { id: 'road', prompt: 'crash random: a sled on a mountain road' },
    ];
    const name = 'crash-random';
    await ws.write('storyboard.yaml', storyboardYaml({ name, shots, concurrency: 4, rpm: 1000 }));
    const args = ['storyboard.yaml', '--base-url', sim.baseURL];

    const first = startCli(args, { cwd: ws.dir, env: simEnv(sim) });
    await first.waitFor(/job video_\w+ created/);
    first.kill('SIGKILL');
    const killed = await first.done;
    expect(killed.signal).toBe('SIGKILL');
    expect(sim.stats().jobs.length, 'at least one job was paid for before the kill').toBeGreaterThan(0);

    const resumed = await resumeSettlingUnknowns(sim, ws, args, shots);
    expect(resumed.code, explain(resumed)).toBe(0);
    const stats = sim.stats();
    expect(paidPerPrompt(stats, shots.map((s) => s.prompt))).toEqual(Object.fromEntries(shots.map((s) => [s.prompt, 1])));
    expect(remixesPerParentPrompt(stats)[shots[1]!.prompt]).toBe(1);
    const outDir = join(ws.dir, 'out', name);
    expect((await probeClip(join(outDir, `${name}.mp4`))).durationSeconds).toBeCloseTo(20, 1);
    for (const shot of shots) expect((await probeClip(join(outDir, 'shots', `${shot.id}.mp4`))).durationSeconds).toBeCloseTo(4, 1);
    expect((await listFiles(ws.dir)).filter(isTempFile)).toEqual([]);
  });
});

describe('kill -9 during the stitch, then re-run', () => {
  let sim: Simulator;
  let ws: Workspace;

  useSimAndWorkspace({ timeScale: 0.01, seed: 4, rpm: 10_000 }, 'render-crash-stitch-', (s, w) => {
    sim = s;
    ws = w;
  });

  // Publishing an unchanged clip once left `.<id>.mp4.<pid>.tmp` behind (rename of two links to one inode is a no-op).
  // Killed at the stitch's first progress (a named crash point, not a race with the output), the run leaves its work
  // folder, and once its partial cut; the re-run must remove them, not only avoid making more.
  it('the re-run pays nothing, makes an intact cut and leaves no stitch work files behind', async () => {
    const shots = shotsFor('stitch');
    const name = 'crash-stitch';
    await ws.write('storyboard.yaml', storyboardYaml({ name, shots, rpm: 1000 }));
    const args = ['storyboard.yaml', '--base-url', sim.baseURL];
    const first = await runRender(args, { cwd: ws.dir, env: simEnv(sim, { RENDER_CRASHPOINT: 'mid-stitch:1' }) });
    expect(first.signal, explain(first)).toBe('SIGKILL');
    expect((await listFiles(ws.dir)).filter((file) => file.includes('.render-tmp-stitch.')).length, 'the kill left stitch work files').toBeGreaterThan(0);
    const jobsAfterKill = sim.stats().jobs.length;

    const resumed = await runRender(args, { cwd: ws.dir, env: simEnv(sim) });
    expect(resumed.code, explain(resumed)).toBe(0);
    expect(sim.stats().jobs.length, 'the re-run paid for nothing').toBe(jobsAfterKill);
    await expectPaidOnceAndIntact(sim, ws, name, shots);
  });
});

describe('kill -9 after the jobs completed, content expired before the re-run (R10)', () => {
  let sim: Simulator;
  let ws: Workspace;

  useSimAndWorkspace({ timeScale: 0.01, seed: 6, rpm: 10_000 }, 'render-crash-expired-', (s, w) => {
    sim = s;
    ws = w;
  });

  it('reports "paid, content expired, not re-generated" without paying again; --regenerate-expired pays once more', async () => {
    const shots: ShotSpec[] = [
      { id: 'tide', prompt: 'expired: the tide coming in over rocks' },
      { id: 'shell', prompt: 'expired: a shell on wet sand' },
    ];
    const name = 'crash-expired';
    await ws.write('storyboard.yaml', storyboardYaml({ name, shots, concurrency: 2, rpm: 1000 }));
    const args = ['storyboard.yaml', '--base-url', sim.baseURL];
    const crashed = await runRender(args, { cwd: ws.dir, env: simEnv(sim, { RENDER_CRASHPOINT: 'mid-download:1' }) });
    expect(crashed.signal, explain(crashed)).toBe('SIGKILL');
    for (const job of jobsFor(sim.stats(), shots.map((s) => s.prompt))) sim.expire(job.id);
    const paidBefore = sim.stats().jobs.length;

    const resumed = await runRender(args, { cwd: ws.dir, env: simEnv(sim) });
    expect(resumed.code, explain(resumed)).toBe(1);
    expect(sim.stats().jobs.length, 'nothing re-generated without being asked').toBe(paidBefore);
    const report = await readReport(join(ws.dir, 'out', name));
    const expired = report.shots.filter((s) => s.error?.code === 'CONTENT_EXPIRED');
    expect(expired.length, JSON.stringify(report.shots, null, 2)).toBeGreaterThanOrEqual(1);
    for (const shot of expired) {
      expect(shot.status).toBe('failed');
      expect(shot.error!.message).toMatch(/paid.*expired.*not re-generated/i);
    }
    expect(report.shots.every((s) => s.status === 'completed' || s.error?.code === 'CONTENT_EXPIRED')).toBe(true);
    expect(resumed.stderr).toMatch(/expired/);

    // Asked explicitly: each expired shot is paid for exactly once more, the others not at all.
    const regenerated = await runRender([...args, '--regenerate-expired'], { cwd: ws.dir, env: simEnv(sim) });
    expect(regenerated.code, explain(regenerated)).toBe(0);
    const counts = paidPerPrompt(sim.stats(), shots.map((s) => s.prompt));
    for (const shot of shots) expect(counts[shot.prompt], shot.id).toBe(expired.some((e) => e.id === shot.id) ? 2 : 1);
  });
});

describe('kill -9 while shots wait for the rate limit, then re-run', () => {
  let sim: Simulator;
  let ws: Workspace;

  useSimAndWorkspace({ timeScale: 0.01, seed: 7, rpm: 10_000 }, 'render-crash-rate-wait-', (s, w) => {
    sim = s;
    ws = w;
  });

  // A shot waiting for its rate slot has sent nothing; once it also had its intent journaled, so a kill during the
  // wait (a minute at rpm 1, longer when workers share a limit) left an outcome nobody could prove: the re-run held
  // it as unknown and the user had to settle it by hand. The intent is now written only once the slot is taken.
  it('leaves nothing to settle: the waiting shots were never journaled, and the re-run sends each once', async () => {
    const shots: ShotSpec[] = [
      { id: 'first', prompt: 'rate wait: a lighthouse at dusk' },
      { id: 'second', prompt: 'rate wait: gulls over the harbour' },
      { id: 'third', prompt: 'rate wait: a ferry leaving at night' },
    ];
    const name = 'crash-rate-wait';
    await ws.write('storyboard.yaml', storyboardYaml({ name, shots, concurrency: 3, rpm: 1 }));
    const args = ['storyboard.yaml', '--base-url', sim.baseURL];
    const first = startCli(args, { cwd: ws.dir, env: simEnv(sim) });
    await first.waitFor(/job video_\w+ created/);
    // The other two now wait for a slot a minute away.
    await new Promise((resolve) => setTimeout(resolve, 500));
    first.kill('SIGKILL');
    expect((await first.done).signal).toBe('SIGKILL');
    expect(sim.stats().jobs.length, 'only the first create left before the kill').toBe(1);

    const listed = await runRender(['resolve', 'storyboard.yaml', '--json'], { cwd: ws.dir, env: simEnv(sim) });
    expect(listed.code, explain(listed)).toBe(0);
    expect((JSON.parse(listed.stdout) as { open: unknown[] }).open, 'intents left open by the kill').toEqual([]);

    await ws.write('storyboard.yaml', storyboardYaml({ name, shots, concurrency: 3, rpm: 1000 }));
    const resumed = await runRender(args, { cwd: ws.dir, env: simEnv(sim) });
    expect(resumed.code, explain(resumed)).toBe(0);
    expect(paidPerPrompt(sim.stats(), shots.map((s) => s.prompt))).toEqual(Object.fromEntries(shots.map((s) => [s.prompt, 1])));
  });
});
