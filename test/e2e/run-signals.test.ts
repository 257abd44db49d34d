// SIGTERM (a CI job cancelled, `kill`) and SIGHUP (a closed terminal or SSH session) behave like the first Ctrl-C:
// no new jobs, in-flight ones journaled, a report, the lock released, and the exit code of the signal (143, 129).
// Mid-stitch, the run is reported `interrupted` (not `completed`) and no partial cut is left under its final name.
// Whatever the moment, the next run pays for nothing twice (the simulator's own billing).
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import {
  explain,
  isTempFile,
  listFiles,
  paidPerPrompt,
  readReport,
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
    { id: 'pier', prompt: `signal ${tag}: a wooden pier at low tide` },
    { id: 'gulls', prompt: `signal ${tag}: gulls over the water` },
    { id: 'boat', prompt: `signal ${tag}: a small boat rowing out` },
    { id: 'storm', prompt: `signal ${tag}: storm clouds gathering` },
  ];
}

/** A cut with a crossfade and loudness normalisation (two passes): a real encode, long enough to be interrupted. */
function slowCutYaml(name: string, shots: readonly ShotSpec[]): string {
  const plain = storyboardYaml({ name, shots, concurrency: 4, rpm: 1000, cut: false });
  return `${plain}cut:\n  output: ${name}.mp4\n  shots: [${shots.map((s) => s.id).join(', ')}]\n  transition: {type: crossfade, seconds: 0.5}\n  audio: {loudnorm: true}\n`;
}

describe('SIGTERM and SIGHUP stop a run the way Ctrl-C does', () => {
  let sim: Simulator;
  let ws: Workspace;
  useSimAndWorkspace({ timeScale: 0.1, seed: 5, rpm: 10_000 }, 'render-sig-', (s, w) => {
    sim = s;
    ws = w;
  });

  /** Each test in its own folder (its own cache and output) under the block's workspace. */
  async function setup(tag: string, yaml: (name: string, shots: ShotSpec[]) => string, count = 4) {
    const dir = join(ws.dir, tag);
    await mkdir(dir);
    const shots = shotsFor(tag).slice(0, count);
    const name = `sig-${tag}`;
    await ws.write(join(tag, 'storyboard.yaml'), yaml(name, shots));
    return { dir, shots, name, outDir: join(dir, 'out', name), args: ['storyboard.yaml', '--base-url', sim.baseURL] };
  }

  async function expectStoppedCleanly(dir: string, outDir: string, code: number | null, expected: number, output: string) {
    expect(code, output).toBe(expected);
    expect(output).not.toMatch(/internal error|\n\s+at .+:\d+:\d+/);
    expect((await readReport(outDir)).outcome, output).toBe('interrupted');
    expect(existsSync(join(dir, '.render', 'lock')), 'the lock is released').toBe(false);
  }

  async function resumePaysNothingTwice(dir: string, shots: ShotSpec[], args: string[]) {
    const resumed = await runRender(args, { cwd: dir, env: simEnv(sim) });
    expect(resumed.code, explain(resumed)).toBe(0);
    expect(paidPerPrompt(sim.stats(), shots.map((s) => s.prompt))).toEqual(Object.fromEntries(shots.map((s) => [s.prompt, 1])));
    expect((await listFiles(join(dir, '.render'))).filter(isTempFile)).toEqual([]);
  }

  for (const [signal, code] of [['SIGTERM', 143], ['SIGHUP', 129]] as const) {
    it(`${signal} while jobs are in flight: exit ${code}, a report, no lock; the resume pays nothing twice`, async () => {
      const { dir, shots, outDir, args } = await setup(`${signal}-run`, (name, s) => storyboardYaml({ name, shots: s, concurrency: 2, rpm: 1000 }));
      const run = startCli(args, { cwd: dir, env: simEnv(sim) });
      await run.waitFor(/job video_\w+ created/);
      run.kill(signal);
      const result = await run.done;
      await expectStoppedCleanly(dir, outDir, result.code, code, explain(result));
      expect(result.stderr).toMatch(/run the same command again to resume/);
      const paid = Object.values(paidPerPrompt(sim.stats(), shots.map((s) => s.prompt))).filter((n) => n > 0).length;
      expect(paid, 'the signal stopped submitting').toBeLessThan(shots.length);
      await resumePaysNothingTwice(dir, shots, args);
    }, 120_000);

    it(`${signal} during the stitch: outcome interrupted, exit ${code}, no partial cut; the resume pays nothing`, async () => {
      const { dir, shots, name, outDir, args } = await setup(`${signal}-stitch`, slowCutYaml, 2);
      const run = startCli(args, { cwd: dir, env: simEnv(sim) });
      await run.waitFor(/stitch: start/, 60_000);
      run.kill(signal);
      const result = await run.done;
      await expectStoppedCleanly(dir, outDir, result.code, code, explain(result));
      const report = await readReport(outDir);
      expect(report.cut).toBeNull();
      expect(existsSync(join(outDir, `${name}.mp4`)), 'no cut under its final name').toBe(false);
      expect((await listFiles(outDir)).filter(isTempFile)).toEqual([]);
      await resumePaysNothingTwice(dir, shots, args);
      expect(existsSync(join(outDir, `${name}.mp4`))).toBe(true);
    }, 120_000);
  }

  it('a second SIGTERM exits at once with 143', async () => {
    const { dir, shots, args } = await setup('twice', (name, s) => storyboardYaml({ name, shots: s, concurrency: 2, rpm: 1000 }));
    const run = startCli(args, { cwd: dir, env: simEnv(sim) });
    await run.waitFor(/job video_\w+ created/);
    const sentAt = Date.now();
    run.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 20));
    run.kill('SIGTERM');
    const result = await run.done;
    expect(result.code, explain(result)).toBe(143);
    expect(result.exitedAtMs - sentAt).toBeLessThan(1_500);
    expect(result.stderr).toMatch(/interrupted again/);
    await resumePaysNothingTwice(dir, shots, args);
  }, 120_000);
});
