// The API key never leaks (scenario R14, docs/design/scenarios.md): a random canary key is the simulator's only
// accepted key; whatever the run does (plain, --verbose with the SDK's debug log, --json, a failing shot, kill -9 and
// resume, a hostile server echoing the key in 401 and 5xx answers), neither the key nor any 10-character piece of it
// reaches stdout, stderr, or any file under the storyboard folder (cache, journal, out/, report.json/html).
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import {
  explain,
  filesContaining,
  listFiles,
  makeWorkspace,
  runRender,
  simEnv,
  storyboardYaml,
  type ShotSpec,
  type Workspace,
} from '../support/run-harness.js';

const secretPart = randomBytes(16).toString('hex');
const canary = `sk-canary-${secretPart}`;
/** The key itself and every 10-character window of its random part. */
const needles = [canary, ...Array.from({ length: secretPart.length - 9 }, (_, i) => secretPart.slice(i, i + 10))];

function leaks(text: string): string[] {
  return needles.filter((needle) => text.includes(needle));
}

describe(`the API key (canary ${canary.slice(0, 12)}…) appears nowhere`, () => {
  let sim: Simulator;
  let hostile: Simulator;
  let ws: Workspace;

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, apiKey: canary, timeScale: 0.01, seed: 21, rpm: 10_000 });
    hostile = await startSimulator({ port: 0, apiKey: canary, echoKey: true, timeScale: 0.01, seed: 22, rpm: 10_000 });
    ws = await makeWorkspace('render-secrets-');
  });
  afterAll(async () => {
    await sim?.close();
    await hostile?.close();
    await ws?.cleanup();
  });

  /** A storyboard in its own folder under the workspace; returns the folder. */
  async function board(name: string, shots: ShotSpec[]): Promise<string> {
    const dir = join(ws.dir, name);
    await mkdir(dir, { recursive: true });
    const yaml = storyboardYaml({ name, shots, rpm: 1000 });
    await ws.write(join(name, 'storyboard.yaml'), yaml);
    return dir;
  }

  async function render(dir: string, server: Simulator, extraArgs: string[] = [], env: Record<string, string> = {}) {
    const result = await runRender(['storyboard.yaml', '--base-url', server.baseURL, ...extraArgs], { cwd: dir, env: simEnv({ apiKey: canary }, env) });
    expect(leaks(result.stdout), `stdout leaks the key\n${explain(result)}`).toEqual([]);
    expect(leaks(result.stderr), `stderr leaks the key\n${explain(result)}`).toEqual([]);
    return result;
  }

  it('a plain run with --verbose and the SDK debug log (OPENAI_LOG=debug)', async () => {
    const dir = await board('plain', [
      { id: 'a', prompt: 'secrets: a kettle on a stove' },
      { id: 'b', prompt: 'secrets: a window with rain drops' },
    ]);
    const result = await render(dir, sim, ['--verbose'], { OPENAI_LOG: 'debug' });
    expect(result.code, explain(result)).toBe(0);
  });

  it('--json and --verbose', async () => {
    const dir = await board('json', [{ id: 'a', prompt: 'secrets json: a clock ticking' }]);
    const result = await render(dir, sim, ['--json', '--verbose']);
    expect(result.code, explain(result)).toBe(0);
  });

  it('a failing run (a moderated shot) with --verbose', async () => {
    const dir = await board('failing', [
      { id: 'ok', prompt: 'secrets failing: a paper boat' },
      { id: 'bad', prompt: 'secrets failing: MODERATION_TEST' },
    ]);
    const result = await render(dir, sim, ['--verbose']);
    expect(result.code, explain(result)).toBe(1);
  });

  it('kill -9 mid-poll, then resume', async () => {
    const dir = await board('crash', [
      { id: 'a', prompt: 'secrets crash: a train in snow' },
      { id: 'b', prompt: 'secrets crash: a station clock' },
    ]);
    const crashed = await render(dir, sim, ['--verbose'], { RENDER_CRASHPOINT: 'mid-poll:1' });
    expect(crashed.signal, explain(crashed)).toBe('SIGKILL');
    const resumed = await render(dir, sim, ['--verbose']);
    expect(resumed.code, explain(resumed)).toBe(0);
  });

  it('a hostile server echoing the key in 5xx messages and headers', async () => {
    const dir = await board('hostile', [
      { id: 'a', prompt: 'secrets hostile: a cracked mirror' },
      { id: 'b', prompt: 'secrets hostile: a candle flickering' },
    ]);
    hostile.faults.script('create', [{ status: 500, afterProcessing: true }, 'http503']);
    hostile.faults.script('retrieve', ['http500', 'http503']);
    hostile.faults.script('content', ['http500']);
    // The 503 on a create leaves that shot's outcome unknown (its message, echoing the key, goes into the report).
    const result = await render(dir, hostile, ['--verbose', '--json', '--reconcile-window', '1']);
    expect(hostile.stats().requests.log.some((e) => e.status === 500 || e.status === 503)).toBe(true);
    expect(result.code, explain(result)).toBe(1);
    expect(result.stdout).toContain('UNKNOWN_OUTCOME');
  });

  it('a hostile server answering 401 with the key echoed in the message', async () => {
    const wrong = await startSimulator({ port: 0, apiKey: 'sk-some-other-key-0123456789', echoKey: true, timeScale: 0.01 });
    try {
      const dir = await board('unauthorised', [{ id: 'a', prompt: 'secrets 401: a locked door' }]);
      const plain = await render(dir, wrong, ['--verbose']);
      expect(plain.code, explain(plain)).not.toBe(0);
      expect(plain.stderr).toMatch(/401|api key|auth/i);
      const json = await render(dir, wrong, ['--verbose', '--json']);
      expect(json.code, explain(json)).not.toBe(0);
      expect(wrong.stats().requests.log.some((e) => e.status === 401)).toBe(true);
    } finally {
      await wrong.close();
    }
  });

  it('no file under the storyboard folders (cache, journal, out/, reports) holds the key', async () => {
    const files = await listFiles(ws.dir);
    expect(files.some((f) => f.endsWith('journal.jsonl'))).toBe(true);
    expect(files.some((f) => f.endsWith('report.json'))).toBe(true);
    expect(files.some((f) => f.endsWith('report.html'))).toBe(true);
    expect(await filesContaining(ws.dir, needles)).toEqual([]);
  });
});
