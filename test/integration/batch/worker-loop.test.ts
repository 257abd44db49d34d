// The worker loop in-process against a real PostgreSQL, the real simulator over HTTP, real ffmpeg and a file://
// shared cache: units are claimed and stored once, a remix runs from its parent's job, each cut is made once and
// published, a unit already in the shared cache costs nothing, and --until-idle does not exit while a unit's job is
// held in pg-boss's retry backoff.
import { existsSync } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker } from '../../../src/batch/worker/start.js';
import { openSharedCache } from '../../../src/cache/shared/index.js';
import { cacheLayout } from '../../../src/cache/store.js';
import type { Simulator } from '../../../src/sim/index.js';
import { lazyFfmpeg } from '../../../src/run/tools.js';
import { runCli } from '../../support/cli.js';
import { startPostgres, type TestPostgres } from '../../support/postgres.js';
import { explain, paidPerPrompt, probeClip, remixesPerParentPrompt, runRender, simEnv, storyboardYaml, useSimAndWorkspace, type Workspace } from '../../support/run-harness.js';

let server: TestPostgres;
let sim: Simulator;
let ws: Workspace;
useSimAndWorkspace({ timeScale: 0.01, seed: 3, rpm: 10_000 }, 'render-worker-loop-', (s, w) => {
  sim = s;
  ws = w;
});
beforeAll(async () => {
  server = await startPostgres();
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

interface Setup {
  url: string;
  pool: pg.Pool;
  sharedDir: string;
  env: Record<string, string>;
}

async function setup(name: string): Promise<Setup> {
  const url = await server.newDatabase();
  const pool = new pg.Pool({ connectionString: url });
  pool.on('error', () => undefined);
  const sharedDir = join(ws.dir, `shared-${name}`);
  await mkdir(sharedDir, { recursive: true });
  return { url, pool, sharedDir, env: simEnv(sim, { DATABASE_URL: url, OPENAI_BASE_URL: sim.baseURL, RENDER_POLL_MIN_MS: '50' }) };
}

async function enqueue(s: Setup, files: string[]): Promise<string> {
  const result = await runCli(['enqueue', ...files, '--json'], { cwd: ws.dir, env: s.env });
  expect(result.code, explain(result)).toBe(0);
  return (JSON.parse(result.stdout) as { batch: string }).batch;
}

function worker(s: Setup, name: string, extra: { signal?: AbortSignal; untilIdle?: boolean } = {}) {
  const lines: string[] = [];
  const done = startWorker({
    databaseUrl: s.url,
    cacheUrl: pathToFileURL(s.sharedDir).href,
    cacheDir: join(ws.dir, `staging-${name}-${Date.now()}`),
    concurrency: 2,
    untilIdle: extra.untilIdle ?? true,
    signal: extra.signal ?? new AbortController().signal,
    provider: { kind: 'openai', env: s.env, defaultBaseUrl: sim.baseURL, apiKey: sim.apiKey },
    env: s.env,
    tools: lazyFfmpeg(process.env, new AbortController().signal),
    redact: (text) => text,
    log: (line) => lines.push(line),
    workerId: `test-${name}`,
    pollMinMs: 50,
    tickMs: 300,
  });
  return { done, lines };
}

const unitStates = async (s: Setup): Promise<Record<string, number>> => {
  const { rows } = await s.pool.query<{ state: string; n: string }>('SELECT state, count(*) AS n FROM render.units GROUP BY state');
  return Object.fromEntries(rows.map((row) => [row.state, Number(row.n)]));
};
const cuts = async (s: Setup, batch: string) =>
  (await s.pool.query<{ name: string; cut_state: string; cut_path: string | null; report_path: string | null; cut_error: string | null }>('SELECT name, cut_state, cut_path, report_path, cut_error FROM render.storyboards WHERE batch_id = $1 ORDER BY name', [batch])).rows;

describe('render worker loop', () => {
  it('two workers make every shot once (a remix from its parent), and each cut once', async () => {
    const s = await setup('two');
    const a = [{ id: 'pier', prompt: 'worker loop: a pier at dawn' }, { id: 'pier-rain', prompt: 'worker loop: the pier in rain', remixOf: 'pier' }];
    const b = [{ id: 'tower', prompt: 'worker loop: a clock tower' }, { id: 'pier', prompt: 'worker loop: a pier at dawn' }];
    await ws.write('a.yaml', storyboardYaml({ name: 'loop-a', shots: a }));
    await ws.write('b.yaml', storyboardYaml({ name: 'loop-b', shots: b }));
    const batch = await enqueue(s, ['a.yaml', 'b.yaml']);
    const [one, two] = [worker(s, 'one'), worker(s, 'two')];
    const exits = await Promise.all([one.done, two.done]);
    expect(exits.map((e) => e.exit), [...one.lines, ...two.lines].join('\n')).toEqual(['idle', 'idle']);
    const prompts = [...a, ...b].map((shot) => shot.prompt);
    // The shared 'pier' is one unit: billed once on the simulator's accounting, like every other shot.
    expect(paidPerPrompt(sim.stats(), prompts)).toEqual({ 'worker loop: a pier at dawn': 1, 'worker loop: the pier in rain': 1, 'worker loop: a clock tower': 1 });
    expect(remixesPerParentPrompt(sim.stats())['worker loop: a pier at dawn']).toBe(1);
    expect(await unitStates(s)).toEqual({ stored: 3 });
    const made = await cuts(s, batch);
    expect(made.map((cut) => [cut.name, cut.cut_state])).toEqual([['loop-a', 'done'], ['loop-b', 'done']]);
    for (const cut of made) {
      expect(existsSync(cut.cut_path!)).toBe(true);
      expect(existsSync(cut.report_path!)).toBe(true);
      expect((await probeClip(cut.cut_path!, false)).durationSeconds).toBeGreaterThan(7);
    }
    // Each cut was stitched by one worker only.
    const cutLines = [...one.lines, ...two.lines].filter((line) => line.startsWith('cut '));
    expect(cutLines).toHaveLength(2);
    const status = await runCli(['batch', 'status', batch, '--json'], { cwd: ws.dir, env: s.env });
    expect(status.code, explain(status)).toBe(0);
    const view = JSON.parse(status.stdout) as { storyboards: Array<{ cut: { state: string }; shots: Array<{ state: string }> }> };
    expect(view.storyboards.flatMap((sb) => sb.shots.map((shot) => shot.state))).toEqual(['stored', 'stored', 'stored', 'stored']);
    expect(view.storyboards.map((sb) => sb.cut.state)).toEqual(['done', 'done']);
    await s.pool.end();
  }, 120_000);

  it('stores a unit the shared cache already has without a paid call, and --until-idle waits out a job in retry backoff', async () => {
    const s = await setup('backoff');
    const shots = [{ id: 'lake', prompt: 'worker loop: a lake, made locally first' }];
    await ws.write('lake.yaml', storyboardYaml({ name: 'lake', shots }));
    // A local render made the clip; its key is pushed as a worker would have.
    const rendered = await runRender(['lake.yaml', '--base-url', sim.baseURL, '--cache-dir', 'lake-cache', '--no-stitch'], { cwd: ws.dir, env: simEnv(sim) });
    expect(rendered.code, explain(rendered)).toBe(0);
    const layout = cacheLayout(join(ws.dir, 'lake-cache'));
    const keys = (await readdir(layout.index, { recursive: true })).filter((name) => name.endsWith('.json')).map((name) => name.slice(-69, -5));
    const shared = openSharedCache(pathToFileURL(s.sharedDir).href, {});
    for (const key of keys) await shared.push(layout, key);
    const batch = await enqueue(s, ['lake.yaml']);
    // As after a kill -9: pg-boss holds the unit's job in retry backoff for a while.
    const backoffSeconds = 4;
    await s.pool.query(`UPDATE pgboss.job SET state = 'retry', start_after = now() + make_interval(secs => $1) WHERE name = 'render-shots'`, [backoffSeconds]);
    const paidBefore = sim.stats().billed.jobs;
    const started = Date.now();
    const w = worker(s, 'backoff');
    const { exit } = await w.done;
    expect(exit, w.lines.join('\n')).toBe('idle');
    expect(Date.now() - started).toBeGreaterThanOrEqual(backoffSeconds * 1000 - 500);
    expect(await unitStates(s)).toEqual({ stored: 1 });
    expect(sim.stats().billed.jobs).toBe(paidBefore);
    expect((await cuts(s, batch)).map((cut) => cut.cut_state)).toEqual(['done']);
    await s.pool.end();
  }, 120_000);

  it("gives a jobs-in-flight slot back when the unit's job completes, not after its slow download and push", async () => {
    const s = await setup('slot');
    // One job in flight for the provider, shared by every worker: the second unit waits for the first one's slot.
    const shots = [{ id: 'dune', prompt: 'worker loop: a dune, slot one' }, { id: 'reef', prompt: 'worker loop: a reef, slot two' }];
    await ws.write('slot.yaml', storyboardYaml({ name: 'slot', shots, concurrency: 1, cut: false }));
    await enqueue(s, ['slot.yaml']);
    const slowMs = 5_000;
    sim.faults.script('content', [{ slowMs }]);
    const logStart = sim.stats().requests.log.length;
    const w = worker(s, 'slot');
    const { exit } = await w.done;
    expect(exit, w.lines.join('\n')).toBe('idle');
    expect(await unitStates(s)).toEqual({ stored: 2 });
    const log = sim.stats().requests.log.slice(logStart);
    const creates = log.filter((entry) => entry.route === 'create');
    const firstContent = log.find((entry) => entry.route === 'content')!;
    expect(creates).toHaveLength(2);
    // The first unit cannot be stored before its slow download answers; the second create went out before that.
    expect(creates[1]!.atMs).toBeLessThan(firstContent.atMs + slowMs);
    // ...and not before the first job had finished generating: the slot still bounds jobs in flight.
    const finishes = sim.stats().jobs.filter((job) => shots.some((shot) => shot.prompt === job.prompt)).map((job) => job.finishedAtMs!).sort((a, b) => a - b);
    expect(creates[1]!.atMs).toBeGreaterThanOrEqual(finishes[0]!);
    await s.pool.end();
  }, 60_000);

  it('a stop gives the lease back and exits as stopped', async () => {
    const s = await setup('stop');
    await ws.write('stop.yaml', storyboardYaml({ name: 'stop', shots: [{ id: 'slow', prompt: 'worker loop: stopped mid-job' }] }));
    await enqueue(s, ['stop.yaml']);
    const controller = new AbortController();
    const w = worker(s, 'stop', { signal: controller.signal, untilIdle: false });
    // Wait until the unit is held, then stop.
    for (let i = 0; i < 200 && (await unitStates(s)).running !== 1; i += 1) await new Promise((r) => setTimeout(r, 50));
    controller.abort(new Error('SIGTERM'));
    const { exit } = await w.done;
    expect(exit).toBe('stopped');
    const { rows } = await s.pool.query<{ state: string; holder: string | null }>('SELECT state, holder FROM render.units');
    expect(rows).toEqual([{ state: 'queued', holder: null }]);
    const workers = await s.pool.query<{ stopped_at: Date | null }>('SELECT stopped_at FROM render.workers');
    expect(workers.rows[0]?.stopped_at).not.toBeNull();
    await s.pool.end();
  }, 60_000);
});

