// `render enqueue` + `render worker --until-idle` processes as a team runs them: a real PostgreSQL, a `render sim`
// process both workers share (one account), real ffmpeg, a file:// shared cache. Every shot billed once on the
// simulator's accounting, each cut made once, batch status shows it; a worker killed with -9 mid-job is finished
// by the other one without a second create; a shared cache that cannot be written stops a worker with exit 1.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimStats } from '../../src/sim/stats.js';
import { runCli } from '../support/cli.js';
import { startPostgres, type TestPostgres } from '../support/postgres.js';
import { baseEnv, explain, makeWorkspace, paidPerPrompt, remixesPerParentPrompt, startCli, storyboardYaml, type RunningCli, type Workspace } from '../support/run-harness.js';

let server: TestPostgres;
let ws: Workspace;
let sim: RunningCli;
let baseURL: string;
let apiKey: string;

beforeAll(async () => {
  server = await startPostgres();
  ws = await makeWorkspace('render-batch-worker-');
  // Slow enough that a kill lands mid-job (a 4 s shot takes about a second), fast enough for CI.
  sim = startCli(['sim', '--port', '0', '--time-scale', '0.2', '--rpm', '10000'], { cwd: ws.dir, env: baseEnv(), timeoutMs: 10 * 60_000 });
  const out = await sim.waitFor(/OPENAI_API_KEY=\S+/, 30_000);
  baseURL = /OPENAI_BASE_URL=(\S+)/.exec(out)![1]!;
  apiKey = /OPENAI_API_KEY=(\S+)/.exec(out)![1]!;
}, 120_000);
afterAll(async () => {
  sim?.kill('SIGTERM');
  await sim?.done.catch(() => undefined);
  await server?.stop();
  await ws?.cleanup();
});

const stats = async (): Promise<SimStats> => (await (await fetch(`${baseURL}/sim/stats`, { headers: { authorization: `Bearer ${apiKey}` } })).json()) as SimStats;

async function team(name: string) {
  const url = await server.newDatabase();
  const pool = new pg.Pool({ connectionString: url });
  pool.on('error', () => undefined);
  const shared = join(ws.dir, `shared-${name}`);
  await mkdir(shared, { recursive: true });
  const env = baseEnv({ OPENAI_API_KEY: apiKey, OPENAI_BASE_URL: baseURL, DATABASE_URL: url, RENDER_POLL_MIN_MS: '50' });
  const worker = (id: string, extra: string[] = []) =>
    startCli(['worker', '--cache-url', pathToFileURL(shared).href, '--cache-dir', join(ws.dir, `staging-${name}-${id}`), '--concurrency', '2', '--until-idle', ...extra], { cwd: ws.dir, env, timeoutMs: 4 * 60_000 });
  return { url, pool, shared, env, worker };
}

describe('render worker (processes)', () => {
  it('two workers: every shot billed once (a remix included), each cut made once, batch status says so', async () => {
    const t = await team('pair');
    const a = [{ id: 'dune', prompt: 'e2e worker: dunes at noon' }, { id: 'dune-night', prompt: 'e2e worker: the dunes at night', remixOf: 'dune' }];
    const b = [{ id: 'cliff', prompt: 'e2e worker: a sea cliff' }, { id: 'cave', prompt: 'e2e worker: a sea cave' }];
    await writeFile(join(ws.dir, 'pair-a.yaml'), storyboardYaml({ name: 'pair-a', shots: a }));
    await writeFile(join(ws.dir, 'pair-b.yaml'), storyboardYaml({ name: 'pair-b', shots: b }));
    const enq = await runCli(['enqueue', 'pair-a.yaml', 'pair-b.yaml', '--json'], { cwd: ws.dir, env: t.env });
    expect(enq.code, explain(enq)).toBe(0);
    const batch = (JSON.parse(enq.stdout) as { batch: string }).batch;
    const workers = [t.worker('w1'), t.worker('w2')];
    const ends = await Promise.all(workers.map((w) => w.done));
    for (const end of ends) expect(end.code, explain(end)).toBe(0);
    const billed = await stats();
    expect(paidPerPrompt(billed, [...a, ...b].map((s) => s.prompt))).toEqual(Object.fromEntries([...a, ...b].map((s) => [s.prompt, 1])));
    expect(remixesPerParentPrompt(billed)['e2e worker: dunes at noon']).toBe(1);
    const cutLines = ends.flatMap((end) => end.stderr.split('\n')).filter((line) => line.startsWith('cut '));
    expect(cutLines.sort()).toEqual([expect.stringContaining(`cut ${batch}/pair-a: done`), expect.stringContaining(`cut ${batch}/pair-b: done`)]);
    const status = await runCli(['batch', 'status', batch, '--json'], { cwd: ws.dir, env: t.env });
    expect(status.code, explain(status)).toBe(0);
    const view = JSON.parse(status.stdout) as { storyboards: Array<{ name: string; cut: { state: string; path: string | null }; shots: Array<{ state: string; costUsd: number }> }> };
    for (const sb of view.storyboards) {
      expect(sb.shots.map((shot) => shot.state)).toEqual(['stored', 'stored']);
      expect(sb.cut.state).toBe('done');
      expect(existsSync(sb.cut.path!)).toBe(true);
    }
    await t.pool.end();
  }, 240_000);

  it('a worker killed with -9 mid-job: the other finishes the shot by re-attaching, with no second create', async () => {
    const t = await team('kill');
    const shots = [{ id: 'glacier', prompt: 'e2e worker: a glacier, killed mid-job' }];
    await writeFile(join(ws.dir, 'kill.yaml'), storyboardYaml({ name: 'kill', shots }));
    const enq = await runCli(['enqueue', 'kill.yaml', '--json'], { cwd: ws.dir, env: t.env });
    expect(enq.code, explain(enq)).toBe(0);
    const first = t.worker('victim');
    // Mid-job: the unit is held and its create is journaled with the job's id (more than the intent alone).
    let journaled = 0;
    for (let i = 0; i < 400 && journaled < 2; i += 1) {
      journaled = Number((await t.pool.query<{ n: string }>("SELECT count(*) AS n FROM render.journal j JOIN render.units u ON u.key = j.key WHERE u.state = 'running'")).rows[0]?.n);
      if (journaled < 2) await new Promise((r) => setTimeout(r, 25));
    }
    expect(journaled).toBeGreaterThanOrEqual(2);
    first.kill('SIGKILL');
    await first.done;
    const second = t.worker('rescuer');
    const end = await second.done;
    expect(end.code, explain(end)).toBe(0);
    expect(paidPerPrompt(await stats(), [shots[0]!.prompt])).toEqual({ [shots[0]!.prompt]: 1 });
    const { rows } = await t.pool.query<{ state: string }>('SELECT state FROM render.units');
    expect(rows).toEqual([{ state: 'stored' }]);
    const cut = await t.pool.query<{ cut_state: string }>('SELECT cut_state FROM render.storyboards');
    expect(cut.rows).toEqual([{ cut_state: 'done' }]);
    await t.pool.end();
  }, 240_000);

  it('SIGTERM stops a worker that waits for work with exit 143 and marks its row stopped', async () => {
    const t = await team('term');
    const w = startCli(['worker', '--cache-url', pathToFileURL(t.shared).href, '--cache-dir', join(ws.dir, 'staging-term')], { cwd: ws.dir, env: t.env, timeoutMs: 60_000 });
    await w.waitFor(/worker \S+: working/, 30_000);
    w.kill('SIGTERM');
    const end = await w.done;
    expect(end.code, explain(end)).toBe(143);
    const { rows } = await t.pool.query<{ stopped_at: Date | null }>('SELECT stopped_at FROM render.workers');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.stopped_at).not.toBeNull();
    await t.pool.end();
  }, 60_000);

  it('a shared cache that cannot be written stops the worker at start with CACHE_STORE_FAILED, exit 1', async () => {
    const t = await team('probe');
    await writeFile(join(ws.dir, 'not-a-folder'), 'x');
    const result = await runCli(['worker', '--cache-url', pathToFileURL(join(ws.dir, 'not-a-folder', 'cache')).href, '--until-idle'], { cwd: ws.dir, env: t.env });
    expect(result.code, explain(result)).toBe(1);
    expect(result.stderr).toMatch(/shared cache/);
    expect(result.stderr).not.toMatch(/at .*\.js:\d+/);
    await t.pool.end();
  }, 60_000);
});
