#!/usr/bin/env node
// Batch bench (issue 14): "the executor bench's 40 shots on 1 worker and on 3 workers sharing one rate limit (rpm low
// enough to bind): makespan / lower bound of the shared limit, target <= 1.10 for both; database round trips per shot."
// The product is `render enqueue` then `render worker --until-idle` processes (bin/render.js, child processes) against
// one simulator per run, a throwaway PostgreSQL cluster with pg_stat_statements, and a file:// shared cache. The lower
// bound is the executor bench's (executor-storyboards.js: critical path, total generation / concurrency, and the rpm
// floor: floor((n - 1) / rpm) minutes + one job), with the concurrency of all workers together. Makespan: the first
// paid request (simulator log) to the last unit stored (render.units.updated_at). Database round trips are statements
// counted by pg_stat_statements in the run's database, from after the enqueue to the last worker's exit (pg-boss's
// own polling and maintenance included: that is what the database serves). Benches report; they do not fail on a
// missed target (exit 1 only when a run could not be measured). Knobs: BENCH_BATCH_TIME_SCALE, BENCH_BATCH_RPM.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { startSimulator } from '../dist/sim/index.js';
import { fortyShots, generationMs, makespanLowerBound, storyboardYaml } from './executor-storyboards.js';
import { startBenchPostgres } from './support/postgres.js';
import { quantile } from './support/quantile.js';
import { warmMedia } from './support/warm-media.js';

const here = dirname(fileURLToPath(import.meta.url));
const renderBin = join(here, '..', 'bin', 'render.js');
const mediaCacheDir = join(here, '.work', 'executor-media'); // the executor bench's clips (same prompts)

// At time scale 0.5 one sora-2 4 s 1280x720 job takes 11.5 s (1.5 s queued + 10 s generating). rpm 20 for 40 paid
// calls: the rpm floor (1 min + one job = 71.5 s) is three times the critical path (23 s) and the work bound: it binds.
const timeScale = Number(process.env.BENCH_BATCH_TIME_SCALE ?? 0.5);
const rpm = Number(process.env.BENCH_BATCH_RPM ?? 20);
const seed = 1;
const target = 1.1;
const runs = [
  { workers: 1, concurrency: 20 },
  { workers: 3, concurrency: 7 },
];

const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
const mark = (ok) => (ok ? 'PASS' : 'MISS');
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

function childEnv(extra) {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR, LANG: process.env.LANG ?? 'C.UTF-8', NO_COLOR: '1', CI: 'true', ...extra };
  return Object.fromEntries(Object.entries(env).filter(([, v]) => typeof v === 'string'));
}

function runCli(args, { cwd, env, timeoutMs }) {
  const child = spawn(process.execPath, [renderBin, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
  const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, stdout, stderr, exitedAtMs: Date.now() });
    });
  });
}

async function query(url, sql, params = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** Statements and transactions the run's database has served so far (the bench's own reads left out). */
async function dbCounters(url) {
  const [statements] = await query(
    url,
    `SELECT coalesce(sum(calls), 0)::bigint AS calls FROM pg_stat_statements
      WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query NOT ILIKE '%pg_stat%'`,
  );
  const [xacts] = await query(url, 'SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()');
  return { statements: Number(statements.calls), xacts: Number(xacts.n) };
}

/** One run: fresh database, simulator and shared cache; enqueue the 40 shots; `workers` worker processes. */
async function batchRun(cluster, root, { workers, concurrency }) {
  const shots = fortyShots();
  const name = `bench_batch_${workers}w_${Date.now().toString(36)}`;
  await query(cluster.adminUrl, `CREATE DATABASE "${name}"`);
  const url = cluster.urlOf(name);
  await query(url, 'CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  const ws = join(root, `${workers}w`);
  mkdirSync(ws);
  const sim = await startSimulator({ timeScale, rpm, seed, mediaCacheDir });
  try {
    // The storyboard's `concurrency` is the provider's jobs in flight, shared by every worker in batch mode; a worker's
    // --concurrency is its own share. The storyboard gets the sum, as the lower bound does (it once got one worker's 7,
    // so three workers ran 7 jobs at once between them and the run was bound by that, not by the rpm).
    await writeFile(join(ws, 'storyboard.yaml'), storyboardYaml({ name: 'bench-40', shots, concurrency: workers * concurrency, rpm }));
    const env = childEnv({ OPENAI_API_KEY: sim.apiKey, OPENAI_BASE_URL: sim.baseURL, DATABASE_URL: url });
    const enq = await runCli(['enqueue', 'storyboard.yaml', '--json'], { cwd: ws, env, timeoutMs: 120_000 });
    if (enq.code !== 0) return { broken: `render enqueue exited ${enq.code ?? enq.signal}:\n${enq.stderr || enq.stdout}` };
    await query(url, 'SELECT pg_stat_statements_reset()');
    const before = await dbCounters(url);
    mkdirSync(join(ws, 'shared-cache'));
    const cacheUrl = pathToFileURL(join(ws, 'shared-cache')).href;
    const startedAtMs = Date.now();
    const loads = [];
    const sampler = setInterval(() => loads.push(loadavg()[0]), 5000);
    const results = await Promise.all(
      Array.from({ length: workers }, (_, i) =>
        runCli(['worker', '--cache-url', cacheUrl, '--cache-dir', join(ws, `staging-${i}`), '--concurrency', String(concurrency), '--until-idle'], { cwd: ws, env, timeoutMs: 20 * 60_000 }),
      ),
    );
    clearInterval(sampler);
    const after = await dbCounters(url);
    const units = await query(
      url,
      `SELECT b.shot_id, u.state, u.parent_key IS NOT NULL AS derived, extract(epoch FROM u.updated_at) * 1000 AS stored_ms
         FROM render.batch_shots b JOIN render.units u USING (key)`,
    );
    return { shots, workers, concurrency, results, units, stats: sim.stats(), counters: { statements: after.statements - before.statements, xacts: after.xacts - before.xacts }, startedAtMs, loads, loadEnd: load() };
  } finally {
    await sim.close();
  }
}

/** Where the time went: create → generation end → unit stored → child sent, and the paid calls against the rpm schedule. */
function timeline(run, firstPaid) {
  const promptOf = new Map(run.shots.map((shot) => [shot.prompt, shot]));
  const jobOf = new Map();
  for (const job of run.stats.jobs) jobOf.set(promptOf.get(job.prompt)?.id, job);
  const storedOf = new Map(run.units.map((u) => [u.shot_id, Number(u.stored_ms)]));
  const genEnd = (job) => job.createdAtMs + generationMs(job, { timeScale });
  const tails = [];
  const childWaits = [];
  for (const shot of run.shots) {
    const job = jobOf.get(shot.id);
    if (!job) continue;
    tails.push(storedOf.get(shot.id) - genEnd(job));
    if (shot.remixOf) {
      const parent = jobOf.get(shot.remixOf);
      if (parent) childWaits.push({ afterGen: job.createdAtMs - genEnd(parent), afterStored: job.createdAtMs - storedOf.get(shot.remixOf) });
    }
  }
  // The k-th paid call (0-based) can go at floor(k / rpm) minutes at the earliest: how late each one went.
  const paid = run.stats.requests.log.filter((e) => (e.route === 'create' || e.route === 'remix') && e.status >= 200 && e.status < 300).map((e) => e.atMs).sort((a, b) => a - b);
  const slips = paid.map((at, k) => at - firstPaid - Math.floor(k / rpm) * 60_000);
  const non2xx = run.stats.requests.log.filter((e) => typeof e.status !== 'number' || e.status >= 300).length;
  return { tails, childWaits, slips, paid: paid.length, non2xx, q: quantile };
}

function report(run, bound) {
  const ok = run.results.every((r) => r.code === 0) && run.units.length === run.shots.length && run.units.every((u) => u.state === 'stored');
  if (!ok) {
    const bad = run.results.find((r) => r.code !== 0) ?? run.results[0];
    console.log(`${run.workers} worker(s): the run did not complete (exits ${run.results.map((r) => r.code ?? r.signal).join(', ')}; units ${[...new Set(run.units.map((u) => u.state))].join(', ')}):\n${(bad.stderr || bad.stdout).trim().split('\n').slice(-15).join('\n')}`);
    return false;
  }
  const firstPaid = run.stats.requests.log.find((e) => e.route === 'create' || e.route === 'remix').atMs;
  const lastStored = Math.max(...run.units.map((u) => Number(u.stored_ms)));
  const makespan = lastStored - firstPaid;
  const ratio = makespan / bound.boundMs;
  const exited = Math.max(...run.results.map((r) => r.exitedAtMs)) - firstPaid;
  const t = timeline(run, firstPaid);
  const perShot = (n) => (n / run.shots.length).toFixed(1);
  console.log(`${run.workers} worker(s) x concurrency ${run.concurrency}: makespan ${s(makespan)} (first paid request -> last unit stored; last worker exit at ${s(exited)}; the first paid request ${s(firstPaid - run.startedAtMs)} after the workers started)`);
  console.log(`  makespan / lower bound  ${ratio.toFixed(3)}   target <= ${target}: ${mark(ratio <= target)}`);
  console.log(`  database round trips per shot: ${perShot(run.counters.statements)} statements (pg_stat_statements), ${perShot(run.counters.xacts)} transactions (pg_stat_database)`);
  console.log(`  jobs billed ${run.stats.jobs.length}, paid calls answered 2xx ${t.paid}, non-2xx answers ${t.non2xx}`);
  console.log(`  timeline: generation end -> unit stored median ${s(t.q(t.tails, 0.5))}, max ${s(Math.max(...t.tails))}; ` +
    `remix sent after parent generation end median ${s(t.q(t.childWaits.map((w) => w.afterGen), 0.5))}, max ${s(Math.max(...t.childWaits.map((w) => w.afterGen)))} ` +
    `(after parent stored: median ${s(t.q(t.childWaits.map((w) => w.afterStored), 0.5))})`);
  console.log(`  paid calls against the rpm schedule (k-th call at floor(k/${rpm}) min at the earliest): late by median ${s(t.q(t.slips, 0.5))}, p90 ${s(t.q(t.slips, 0.9))}, max ${s(Math.max(...t.slips))}; ` +
    `the last paid call at ${s(Math.max(...run.stats.requests.log.filter((e) => e.route === 'create' || e.route === 'remix').map((e) => e.atMs)) - firstPaid)}`);
  console.log(`  load average during the run (1 min, sampled every 5 s): ${run.loads.map((l) => l.toFixed(1)).join(' ') || 'n/a'}; at the end ${run.loadEnd}`);
  return true;
}

async function main() {
  mkdirSync(mediaCacheDir, { recursive: true });
  const root = await mkdtemp(join(tmpdir(), 'batch-bench-'));
  let broken = false;
  const cluster = await startBenchPostgres();
  try {
    const warm = await warmMedia(fortyShots(), mediaCacheDir);
    console.log(`media warm-up: ${warm.clips} distinct clips (${warm.runs} ffmpeg runs, ${warm.hits} cache hits) in ${s(warm.ms)}; load average ${load()}`);
    for (const config of runs) {
      const run = await batchRun(cluster, root, config);
      if (run.broken) {
        console.log(`${config.workers} worker(s): ${run.broken}`);
        broken = true;
        continue;
      }
      const bound = makespanLowerBound(run.shots, { timeScale, concurrency: config.workers * config.concurrency, rpm });
      console.log(`\n40 shots (35 creates + 5 remixes), sora-2 4 s 1280x720, simulator time scale ${timeScale}, shared rpm ${rpm}: ` +
        `lower bound = max(critical path ${s(bound.critical)}, total generation ${s(bound.totalMs)} / ${config.workers * config.concurrency} = ${s(bound.work)}, ` +
        `rpm floor((40 - 1) / ${rpm}) min + one job = ${s(bound.rpmFloor)}) = ${s(bound.boundMs)}`);
      if (!report(run, bound)) broken = true;
    }
  } finally {
    await cluster.stop();
    await rm(root, { recursive: true, force: true });
  }
  if (broken) process.exitCode = 1;
}

await main();
