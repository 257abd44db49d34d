// The nightly workflow's own shell steps, run as the runner runs them (bash -eo pipefail, the workflow's env, under
// GITHUB_ACTIONS) against a repository made by `render init`, with `render` on PATH pointed at the simulator: the
// files land where the artifact paths look, the summary and JUnit are written, and an exit code is explained.
import { spawnSync } from 'node:child_process';
import { chmod, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { workflowCommands } from '../support/github-actions.js';
import { baseEnv, makeWorkspace, runRender, type Workspace } from '../support/run-harness.js';
import { renderBin } from '../support/cli.js';

const workflowFile = fileURLToPath(new URL('../../examples/ci/nightly.yml', import.meta.url));
interface Step { name?: string; run?: string; env?: Record<string, string> }
const workflow = parse(await readFile(workflowFile, 'utf8')) as { env: Record<string, string | number>; jobs: { render: { steps: Step[] } } };
const stepNamed = (name: string) => workflow.jobs.render.steps.find((s) => s.name === name)!;

describe('examples/ci/nightly.yml, its validate and render steps', () => {
  let ws: Workspace;
  let env: Record<string, string>;
  const runStep = (name: string, extra: Record<string, string> = {}) => {
    const step = stepNamed(name);
    // Secrets the repository does not have arrive as empty variables.
    const stepEnv = Object.fromEntries(Object.keys(step.env ?? {}).map((key) => [key, '']));
    return spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run!], { cwd: ws.dir, env: { ...env, ...stepEnv, ...extra }, encoding: 'utf8', timeout: 150_000 });
  };

  beforeAll(async () => {
    ws = await makeWorkspace('render-nightly-');
    const bin = join(ws.dir, '.bin');
    await mkdir(bin);
    // `render` as the install step leaves it, but every paid call on the simulator.
    const shim = join(bin, 'render');
    await writeFile(shim, `#!/bin/sh\nif [ "$1" = validate ]; then exec "${process.execPath}" "${renderBin}" "$@"; fi\nexec "${process.execPath}" "${renderBin}" "$@" --provider sim\n`);
    await chmod(shim, 0o755);
    const workflowEnv = Object.fromEntries(Object.entries(workflow.env).map(([k, v]) => [k, String(v)]));
    env = baseEnv({ ...workflowEnv, PATH: `${bin}:${process.env.PATH}`, GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: join(ws.dir, 'summary.md'), RENDER_SIM_TIME_SCALE: '0.01', RENDER_POLL_MIN_MS: '50' });
    const init = await runRender(['init'], { cwd: ws.dir, env: baseEnv() });
    expect(init.code).toBe(0);
  });
  afterAll(async () => ws?.cleanup());

  it('validates, renders, and leaves the cut, report.html and the JUnit file where the artifact paths look', async () => {
    const validate = runStep('Validate the storyboard');
    expect(validate.status, validate.stderr).toBe(0);
    const render = runStep('Render');
    expect(render.status, `${render.stdout}\n${render.stderr}`).toBe(0);
    const out = join(ws.dir, env.OUT_DIR!);
    const [name] = await readdir(out, { withFileTypes: true }).then((entries) => entries.filter((e) => e.isDirectory()).map((e) => e.name));
    const files = await readdir(join(out, name!));
    expect(files.filter((f) => f.endsWith('.mp4'))).toHaveLength(1);
    expect(files).toContain('report.html');
    expect(await readFile(join(out, 'junit.xml'), 'utf8')).toContain('<testcase');
    expect(await readFile(join(ws.dir, 'summary.md'), 'utf8')).toContain('| shot | status |');
    expect((await readdir(join(ws.dir, env.CACHE_DIR!))).length).toBeGreaterThan(0);
  }, 180_000);

  it('fails the step with render\'s exit code, and says what the code means', () => {
    // A fresh cache: the first test's clip would make the plan free.
    const render = runStep('Render', { MAX_USD: '0.01', CACHE_DIR: 'another-cache' });
    expect(render.status).toBe(3);
    expect(workflowCommands(render.stdout)).toContainEqual(expect.objectContaining({ command: 'error', properties: { title: 'render exit 3' } }));
  }, 120_000);
});
