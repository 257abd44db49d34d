// Setup mistakes a user makes before anything is paid for: no ffmpeg, no API key, no such storyboard. Each exits 2
// with a hint on what to do, never a stack trace.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { baseEnv, explain, makeWorkspace, runRender, storyboardYaml, type Workspace } from '../support/run-harness.js';

const stackTrace = /\n\s+at .+:\d+:\d+/;

describe('render: setup problems', () => {
  let ws: Workspace;
  let sim: Simulator;
  let emptyBin: string;

  beforeAll(async () => {
    ws = await makeWorkspace('render-usage-');
    emptyBin = join(ws.dir, 'empty-bin');
    await mkdir(emptyBin);
    await ws.write('storyboard.yaml', storyboardYaml({ name: 'usage', shots: [{ id: 'a', prompt: 'usage: a single shot' }] }));
    // A live server that must see no paid call from any of these runs.
    sim = await startSimulator({ port: 0, timeScale: 0.01 });
  });
  afterAll(async () => {
    await sim?.close();
    await ws?.cleanup();
  });

  const noPaidCall = () => expect(sim.stats().jobs).toEqual([]);

  it('FFMPEG_PATH pointing at a missing file: exit 2 with an install hint, nothing paid', async () => {
    const env = baseEnv({ OPENAI_API_KEY: sim.apiKey, FFMPEG_PATH: join(ws.dir, 'no-such-ffmpeg') });
    const result = await runRender(['storyboard.yaml', '--base-url', sim.baseURL], { cwd: ws.dir, env });
    expect(result.code, explain(result)).toBe(2);
    expect(result.stderr).toMatch(/ffmpeg/i);
    expect(result.stderr).toMatch(/install|apt|brew|hint/i);
    expect(result.stderr).not.toMatch(stackTrace);
    noPaidCall();
  });

  it('no ffmpeg on PATH: exit 2 with an install hint, nothing paid', async () => {
    const env = baseEnv({ OPENAI_API_KEY: sim.apiKey, PATH: emptyBin });
    const result = await runRender(['storyboard.yaml', '--base-url', sim.baseURL], { cwd: ws.dir, env });
    expect(result.code, explain(result)).toBe(2);
    expect(result.stderr).toMatch(/ffmpeg was not found/i);
    expect(result.stderr).toMatch(/install|apt|brew|hint/i);
    expect(result.stderr).not.toMatch(stackTrace);
    noPaidCall();
  });

  it('no OPENAI_API_KEY with --provider openai: exit 2 with a hint', async () => {
    const result = await runRender(['storyboard.yaml', '--provider', 'openai', '--base-url', sim.baseURL], { cwd: ws.dir, env: baseEnv() });
    expect(result.code, explain(result)).toBe(2);
    expect(result.stderr).toMatch(/OPENAI_API_KEY/);
    expect(result.stderr).toMatch(/export OPENAI_API_KEY|--provider sim/);
    expect(result.stderr).not.toMatch(stackTrace);
    noPaidCall();
  });

  it('a storyboard file that does not exist: exit 2 naming the file', async () => {
    const result = await runRender(['missing.yaml', '--base-url', sim.baseURL], { cwd: ws.dir, env: baseEnv({ OPENAI_API_KEY: sim.apiKey }) });
    expect(result.code, explain(result)).toBe(2);
    expect(result.stderr).toContain('missing.yaml');
    expect(result.stderr).not.toMatch(stackTrace);
    expect(result.stderr).not.toMatch(/internal error/);
    noPaidCall();
  });
});
