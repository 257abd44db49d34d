// Batch mode end to end under faults (issue 14's checks): three storyboards enqueued, three `render worker
// --until-idle` processes against a `render sim` process that drops 30 % of paid answers (billed, then the socket is
// cut), answers 5xx and storms 429 with Retry-After; real PostgreSQL, a file:// shared cache. The ground truth is the
// simulator's ledger and the database, never the workers' own word:
//   - every shot billed exactly once, or shown `unknown` by `render batch status --json` and billed at most once;
//   - every cut made once (one completed cut job, one cut file and one report per storyboard in the shared cache);
//   - no prefix of billed money in time order passes the cap (set just above the plan, below one more shot);
//   - the database's spent + held money covers every billed cent.
// Then the same with `kill -9` of a random worker every few seconds (a replacement started each time), and with the
// database server restarted mid-batch.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimStats } from '../../src/sim/index.js';
import { startPostgres, type TestPostgres } from '../support/postgres.js';
import { explain } from '../support/run-harness.js';
import {
  batchEnv,
  batchStatus,
  distinctPrompts,
  enqueue,
  filesUnder,
  makeBatchWorkspace,
  maxPrefixMicroUsd,
  ourJobs,
  publishedFile,
  renderCli,
  startSimProcess,
  startWorker,
  threeStoryboards,
  writeStoryboards,
  type BatchStatus,
  type BatchWorkspace,
  type SimProcess,
} from '../support/batch-harness.js';
import type { CliResult } from '../support/cli.js';

// sora-2, 4 s, 1280x720: $0.10/s.
const shotMicroUsd = 400_000;
// One job is ~0.7 s queued + generating at this scale: short, but long enough that shots overlap across workers.
const simFlags = ['--time-scale', '0.03', '--drop-rate', '0.3', '--error-rate', '0.1', '--rpm', '600'];

// No skip without PostgreSQL: like the other batch tests, this file fails loudly when the server binaries are missing
// (scripts/env.sh installs them for the tests).
describe('batch mode across worker processes, under faults', () => {
  let postgres: TestPostgres;
  const cleanups: Array<() => Promise<unknown>> = [];

  beforeAll(async () => {
    postgres = await startPostgres();
  }, 120_000);
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    await postgres?.stop();
  }, 120_000);

  interface Scenario {
    ws: BatchWorkspace;
    sim: SimProcess;
    url: string;
    env: Record<string, string>;
    batchId: string;
    prompts: Map<string, string[]>;
    capMicroUsd: number;
    db: pg.Client;
  }

  /** Fresh database, simulator and workspace; the three storyboards enqueued with a cap just above their plan. */
  async function scenario(tag: string, seed: number, capKind: 'batch' | 'day'): Promise<Scenario> {
    const ws = await makeBatchWorkspace(`render-batch-${tag}-`);
    cleanups.push(ws.cleanup);
    const sim = await startSimProcess([...simFlags, '--seed', String(seed)], ws.dir);
    cleanups.push(sim.stop);
    // On top of the random 30 %: the first and third creates dropped, so every run meets the trap.
    await sim.faults({ script: { target: 'create', steps: ['drop', 'pass', 'drop'] } });
    const url = await postgres.newDatabase();
    const env = batchEnv(sim, url);
    const boards = threeStoryboards(tag);
    const files = await writeStoryboards(ws, boards);
    const prompts = distinctPrompts(boards);
    // Just above the plan, below the plan plus one more shot: a shot paid twice would have to pass the cap.
    const planMicroUsd = prompts.size * shotMicroUsd;
    const capMicroUsd = planMicroUsd + shotMicroUsd / 2;
    const capUsd = String(capMicroUsd / 1e6);
    if (capKind === 'day') {
      const caps = await renderCli(['batch', 'caps', '--per-day', capUsd, '--json'], ws, env);
      expect(caps.code, explain(caps)).toBe(0);
    }
    const { batchId, result } = await enqueue(files, ws, env, capKind === 'batch' ? ['--max-usd', capUsd] : []);
    const summary = JSON.parse(result.stdout) as { units: number; estimatedUsd: number };
    expect(summary.units, 'one unit per distinct recipe (the shared opening is one unit)').toBe(prompts.size);
    expect(Math.round(summary.estimatedUsd * 1e6)).toBe(planMicroUsd);
    const db = new pg.Client({ connectionString: url });
    db.on('error', () => undefined);
    await db.connect();
    cleanups.push(() => db.end());
    return { ws, sim, url, env, batchId, prompts, capMicroUsd, db };
  }

  const storedUnits = async (s: Scenario): Promise<number> => {
    try {
      const { rows } = await s.db.query<{ n: string }>("SELECT count(*) AS n FROM render.units WHERE state = 'stored'");
      return Number(rows[0]!.n);
    } catch {
      return -1; // the server is down (restart test): not a figure
    }
  };

  /** Every worker's result; past the deadline the stragglers are killed and their output shown. */
  async function allDone(workers: ReadonlyArray<ReturnType<typeof startWorker>>, timeoutMs: number, s?: Scenario): Promise<CliResult[]> {
    let open = '';
    const timer = setTimeout(async () => {
      // What was left, for the failure message: the units not stored and their journal.
      open = await s?.db
        .query("SELECT u.key, u.state, u.holder, u.lease_until, u.job_id, (SELECT json_agg(j.rec ORDER BY j.seq) FROM render.journal j WHERE j.key = u.key) AS journal FROM render.units u WHERE u.state <> 'stored'")
        .then((r) => JSON.stringify(r.rows, null, 1), (e: unknown) => String(e)) ?? '';
      open += JSON.stringify(((await s?.sim.stats())?.jobs ?? []).slice(-40).map((j) => JSON.stringify(j).slice(0, 300)), null, 1);
      workers.forEach((w) => w.kill('SIGKILL'));
    }, timeoutMs);
    const results = await Promise.all(workers.map((w) => w.done));
    clearTimeout(timer);
    const hung = results.filter((r) => r.signal === 'SIGKILL');
    if (hung.length > 0) throw new Error(`${hung.length} worker(s) still running after ${timeoutMs / 1000} s (killed); units not stored: ${open}\n${hung.map((r) => explain(r)).join('\n')}`);
    return results;
  }

  async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /**
   * A few 429 storms on the paid routes, `everyMs` apart from the start, while paid calls flow: each storm answers the
   * next three paid calls 429 with Retry-After 1 s. Few, and early: script steps queue up until paid calls take them.
   */
  function storms(sim: SimProcess, everyMs: number, count = 3): { stop(): void } {
    let sent = 0;
    const timer = setInterval(() => {
      sent += 1;
      if (sent >= count) clearInterval(timer);
      const step = { status: 429, retryAfterSeconds: 1 };
      void sim.faults({ script: { target: 'paid', steps: [step, step, step] } }).catch(() => undefined);
    }, everyMs);
    return { stop: () => clearInterval(timer) };
  }

  /** What a user would check once the workers are gone, against the ledger and the database. */
  async function assertMoneyAndCuts(s: Scenario, workers: readonly CliResult[], context: string): Promise<{ stats: SimStats; status: BatchStatus }> {
    const stats = await s.sim.stats();
    const status = await batchStatus(s.batchId, s.ws, s.env);
    const why = `${context}\n--- batch status\n${JSON.stringify(status, null, 2)}\n--- workers\n${workers.map((w) => explain(w)).join('\n')}`;
    const jobs = ourJobs(stats, s.prompts.keys());

    // The faults really happened: dropped paid answers, 5xx, 429s.
    expect(jobs.some((j) => j.delivery === 'dropped'), 'some paid answers were dropped').toBe(true);
    expect(stats.requests.log.some((e) => e.status === 429), 'some requests met a 429').toBe(true);
    expect(stats.requests.log.some((e) => typeof e.status === 'number' && e.status >= 500), 'some requests met a 5xx').toBe(true);
    // The SDK never resends a paid call on its own (its resend of a dropped create would pay twice).
    expect(jobs.filter((j) => (j.retryCount ?? 0) > 0).map((j) => j.prompt), why).toEqual([]);

    // Every shot: stored and billed exactly once, or unknown (shown as such) and billed at most once. The only failure
    // allowed is a derived shot whose parent ended unknown: it cannot be sent (REMIX_SOURCE_GONE) and is never billed.
    const shots = status.storyboards.flatMap((b) => b.shots.map((shot) => ({ ...shot, storyboard: b.name })));
    expect(shots.length, why).toBe([...s.prompts.values()].flat().length);
    const sourceGone = (shot: (typeof shots)[number]) => shot.state === 'failed' && /REMIX_SOURCE_GONE/.test(JSON.stringify(shot.error));
    expect(shots.filter((shot) => shot.state !== 'stored' && shot.state !== 'unknown' && !sourceGone(shot)).map((shot) => `${shot.storyboard}/${shot.id}: ${shot.state} ${JSON.stringify(shot.error)}`), why).toEqual([]);
    const billed = new Map<string, number>();
    for (const job of jobs) billed.set(job.prompt, (billed.get(job.prompt) ?? 0) + 1);
    const stateOf = new Map<string, string>();
    for (const shot of shots) stateOf.set(`${shot.storyboard}/${shot.id}`, shot.state);
    for (const [prompt, users] of s.prompts) {
      const states = new Set(users.map((u) => stateOf.get(u)));
      expect(states.size, `${prompt}: one unit, one state for every storyboard using it\n${why}`).toBe(1);
      const n = billed.get(prompt) ?? 0;
      const billedJobs = JSON.stringify(jobs.filter((j) => j.prompt === prompt).map((j) => ({ id: j.id, kind: j.kind, at: j.createdAtMs, delivery: j.delivery, retryCount: j.retryCount, status: j.status })));
      if (states.has('stored')) expect(n, `${prompt}: stored, billed exactly once; billed jobs ${billedJobs}\n${why}`).toBe(1);
      else if (states.has('failed')) expect(n, `${prompt}: its parent unknown, never sent\n${why}`).toBe(0);
      else expect(n, `${prompt}: unknown, billed at most once\n${why}`).toBeLessThanOrEqual(1);
    }
    // A stored shot's job id is the job the simulator billed for its prompt.
    const jobIdsByPrompt = new Map(jobs.map((j) => [j.prompt, j.id]));
    const promptOf = new Map<string, string>();
    for (const [prompt, users] of s.prompts) for (const u of users) promptOf.set(u, prompt);
    for (const shot of shots.filter((x) => x.state === 'stored')) {
      expect(shot.jobId, `${shot.storyboard}/${shot.id}\n${why}`).toBe(jobIdsByPrompt.get(promptOf.get(`${shot.storyboard}/${shot.id}`)!));
    }

    // No prefix of billed money passes the cap, and the database accounts every billed cent.
    expect(maxPrefixMicroUsd(jobs), why).toBeLessThanOrEqual(s.capMicroUsd);
    const billedMicroUsd = jobs.reduce((sum, j) => sum + j.priceMicroUsd, 0);
    expect(Math.round((status.batch.spentUsd + status.batch.heldUsd) * 1e6), why).toBeGreaterThanOrEqual(billedMicroUsd);
    const { rows: overCap } = await s.db.query<{ n: string }>(
      "SELECT count(*) AS n FROM render.holds WHERE state = 'held' AND key IN (SELECT key FROM render.units WHERE state = 'stored')",
    );
    expect(Number(overCap[0]!.n), `a stored unit keeps no held money\n${why}`).toBe(0);

    // Every cut: done once its shots are all stored (else skipped with a reason), made once, its files in the cache.
    const { rows: cutJobs } = await s.db.query<{ key: string; state: string; n: string }>(
      "SELECT singleton_key AS key, state, count(*) AS n FROM pgboss.job WHERE name = 'render-cuts' GROUP BY 1, 2",
    );
    for (const board of status.storyboards) {
      const allStored = board.shots.every((shot) => shot.state === 'stored');
      if (!allStored) {
        expect(board.cut.state, why).toBe('skipped');
        expect(board.cut.error, why).toBeTruthy();
        continue;
      }
      expect(board.cut.state, `${board.name}\n${why}`).toBe('done');
      const cutFile = publishedFile(s.ws, board.cut.path!);
      const reportFile = publishedFile(s.ws, board.cut.reportPath!);
      expect(existsSync(cutFile), cutFile).toBe(true);
      expect(existsSync(reportFile), reportFile).toBe(true);
      expect((await readFile(cutFile)).subarray(4, 8).toString('latin1'), 'an MP4').toBe('ftyp');
      const mine = cutJobs.filter((row) => row.key === `${s.batchId}/${board.name}`);
      expect(mine.map((row) => `${row.state} x${row.n}`), `${board.name}: one cut job, completed\n${why}`).toEqual(['completed x1']);
    }
    // Nothing half-written under a final name, nothing but the published cuts in the batch's cut folder.
    const published = await filesUnder(`${s.ws.cacheDir}/cuts/${s.batchId}`);
    const expectedCuts = status.storyboards.filter((b) => b.cut.state === 'done').length;
    expect(published.filter((f) => f.endsWith('.mp4')).length, published.join('\n')).toBe(expectedCuts);
    expect(status.batch.state, why).toBe('done');
    // Every unit terminal and no lease left behind.
    const { rows: open } = await s.db.query<{ key: string; state: string }>("SELECT key, state FROM render.units WHERE state IN ('queued', 'running')");
    expect(open, why).toEqual([]);
    return { stats, status };
  }

  it('three workers, dropped answers, 5xx and 429 storms: each shot billed once, each cut made once, the cap never passed', async () => {
    const s = await scenario('faults', 11, 'batch');
    const storm = storms(s.sim, 1500);
    const workers = [startWorker(s.ws, s.env), startWorker(s.ws, s.env), startWorker(s.ws, s.env)];
    const results = await allDone(workers, 120_000, s);
    storm.stop();
    for (const r of results) expect(r.code, explain(r)).toBe(0);
    const { stats } = await assertMoneyAndCuts(s, results, 'three workers');
    // A 429 seen by one worker pauses them all: after a storm's first 429 on a paid call (Retry-After 1 s), no paid
    // request arrives from any worker during the pause (a margin for requests already on their way and a busy machine).
    const paidLog = stats.requests.log.filter((e) => e.route === 'create' || e.route === 'remix').sort((a, b) => a.atMs - b.atMs);
    const stormStarts = paidLog.filter((e, i) => e.status === 429 && !(i > 0 && paidLog[i - 1]!.status === 429 && e.atMs - paidLog[i - 1]!.atMs < 1000));
    for (const first of stormStarts) {
      const during = paidLog.filter((e) => e.atMs > first.atMs + 300 && e.atMs < first.atMs + 800);
      expect(during.map((e) => `${e.route} ${e.status} at +${e.atMs - first.atMs} ms`), `paid requests during a shared 429 pause from ${first.atMs}`).toEqual([]);
    }
  }, 150_000);

  it('kill -9 of a random worker every few seconds, a replacement each time: the same result', async () => {
    const s = await scenario('kill9', 12, 'day');
    const storm = storms(s.sim, 2000);
    const live = new Set([startWorker(s.ws, s.env), startWorker(s.ws, s.env), startWorker(s.ws, s.env)]);
    const finished: CliResult[] = [];
    const killed: string[] = [];
    const track = (w: ReturnType<typeof startWorker>) => void w.done.then((r) => (live.delete(w), finished.push(r)));
    for (const w of live) track(w);
    // Kill while there is work left (the last units and the cuts too), up to 4 times.
    while (killed.length < 4 && live.size > 0 && (await storedUnits(s)) < s.prompts.size) {
      await new Promise((r) => setTimeout(r, 1500 + Math.random() * 1500));
      const candidates = [...live];
      const victim = candidates[Math.floor(Math.random() * candidates.length)];
      if (!victim || victim.child.exitCode !== null) continue;
      victim.kill('SIGKILL');
      killed.push(`${victim.name} at ${await storedUnits(s)} stored`);
      const result = await victim.done;
      expect(result.signal, explain(result)).toBe('SIGKILL');
      const replacement = startWorker(s.ws, s.env);
      live.add(replacement);
      track(replacement);
    }
    expect(killed.length, 'at least one worker was killed mid-batch').toBeGreaterThan(0);
    await waitUntil('every worker exited', async () => live.size === 0, 120_000);
    storm.stop();
    const survivors = finished.filter((r) => r.signal !== 'SIGKILL');
    for (const r of survivors) expect(r.code, `${explain(r)}\nkilled: ${killed.join(', ')}`).toBe(0);
    await assertMoneyAndCuts(s, finished, `killed: ${killed.join(', ')}`);
  }, 240_000);

  it('a database restart mid-batch: the workers wait, carry on, and nothing is lost or paid twice', async () => {
    const s = await scenario('restart', 13, 'batch');
    const storm = storms(s.sim, 2000);
    const workers = [startWorker(s.ws, s.env), startWorker(s.ws, s.env), startWorker(s.ws, s.env)];
    await waitUntil('two units are stored', async () => (await storedUnits(s)) >= 2, 60_000);
    await postgres.stopServer();
    await new Promise((r) => setTimeout(r, 3000));
    // The workers are still there, waiting for the database (none gave up or exited as if idle).
    const early = workers.filter((w) => w.child.exitCode !== null || w.child.signalCode !== null);
    await postgres.startServer();
    expect(early.map((w) => explain({ code: w.child.exitCode, signal: w.child.signalCode, stdout: w.stdout, stderr: w.stderr })), 'a worker exited while the database was down').toEqual([]);
    await s.db.end().catch(() => undefined);
    s.db = new pg.Client({ connectionString: s.url });
    s.db.on('error', () => undefined);
    await s.db.connect();
    cleanups.push(() => s.db.end());
    const results = await allDone(workers, 120_000, s);
    storm.stop();
    for (const r of results) expect(r.code, explain(r)).toBe(0);
    await assertMoneyAndCuts(s, results, 'database restarted');
  }, 150_000);
});
