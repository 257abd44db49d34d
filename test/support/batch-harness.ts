// End-to-end harness for batch mode: a `render sim` process (its accounting and fault controls over HTTP), storyboards
// in a temp folder, `render enqueue`, `render worker` processes, `render batch status --json`, and the ground truth
// read from the simulator's ledger and from the database itself. Everything is a real process or a real server.
import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { StatusJson } from '../../src/batch/batch-view.js';
import type { SimJobStats, SimStats } from '../../src/sim/index.js';
import { runCli, type CliResult } from './cli.js';
import { baseEnv, explain, startCli, storyboardYaml, type RunningCli, type ShotSpec } from './run-harness.js';

export interface SimProcess {
  baseURL: string;
  apiKey: string;
  /** The simulator's own accounting (GET /v1/sim/stats). */
  stats(): Promise<SimStats>;
  /** POST /v1/sim/faults: `{set}`, `{script: {target, steps}}`, `{always}`, `{clear: true}`. */
  faults(body: Record<string, unknown>): Promise<void>;
  stop(): Promise<CliResult>;
}

/** `render sim --port 0 ...flags` as a child process; resolves once it prints its base URL. */
export async function startSimProcess(flags: string[], cwd: string): Promise<SimProcess> {
  const child = startCli(['sim', '--port', '0', ...flags], { cwd, env: baseEnv(), timeoutMs: 10 * 60_000 });
  const out = await child.waitFor(/OPENAI_API_KEY=\S+/, 30_000);
  const baseURL = /OPENAI_BASE_URL=(\S+)/.exec(out)![1]!;
  const apiKey = /OPENAI_API_KEY=(\S+)/.exec(out)![1]!;
  const call = async (path: string, init: RequestInit = {}): Promise<unknown> => {
    const response = await fetch(`${baseURL}/sim/${path}`, {
      ...init,
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', ...(init.headers ?? {}) },
    });
    if (!response.ok) throw new Error(`sim ${path}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  return {
    baseURL,
    apiKey,
    stats: async () => (await call('stats')) as SimStats,
    faults: async (body) => void (await call('faults', { method: 'POST', body: JSON.stringify(body) })),
    stop: async () => {
      child.kill('SIGTERM');
      return child.done;
    },
  };
}

export interface BatchWorkspace {
  dir: string;
  /** The shared cache folder every worker reaches (file://). */
  cacheDir: string;
  cacheUrl: string;
  cleanup(): Promise<void>;
}

export async function makeBatchWorkspace(prefix: string): Promise<BatchWorkspace> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  await chmod(dir, 0o755);
  // The shared folder exists, as a mounted share does (a worker refuses a missing one).
  const cacheDir = join(dir, 'shared-cache');
  await mkdir(cacheDir);
  return { dir, cacheDir, cacheUrl: pathToFileURL(cacheDir).href, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export interface StoryboardSpec {
  name: string;
  shots: ShotSpec[];
}

/**
 * Three small storyboards, prompts tagged with `tag` so runs stay apart in the ledger: four shots each, one remix in
 * each, and one shot that the first two share (same recipe, one cache key: one unit, paid once).
 */
export function threeStoryboards(tag: string): StoryboardSpec[] {
  const shared: ShotSpec = { id: 'opening', prompt: `${tag}: the shared opening, a city waking up` };
  const board = (name: string, scenes: string[], first?: ShotSpec): StoryboardSpec => {
    const shots: ShotSpec[] = scenes.map((scene, i) => ({ id: `${name}-${i + 1}`, prompt: `${tag}/${name}: ${scene}` }));
    if (first) shots.unshift(first);
    shots.push({ id: `${name}-remix`, remixOf: shots[1]!.id, prompt: `${tag}/${name}: the same scene at night` });
    return { name, shots };
  };
  return [
    board('alpha', ['a red kite over a beach', 'a dog chasing a ball'], shared),
    board('beta', ['rain on a bus stop', 'a tram on a steep street'], shared),
    board('gamma', ['a fox in tall grass', 'a glacier calving', 'a potter at the wheel']),
  ];
}

/** The distinct paid recipes of the storyboards (a shared shot counts once): prompt → shot ids using it. */
export function distinctPrompts(boards: readonly StoryboardSpec[]): Map<string, string[]> {
  const prompts = new Map<string, string[]>();
  for (const board of boards) for (const shot of board.shots) prompts.set(shot.prompt, [...(prompts.get(shot.prompt) ?? []), `${board.name}/${shot.id}`]);
  return prompts;
}

export async function writeStoryboards(ws: BatchWorkspace, boards: readonly StoryboardSpec[]): Promise<string[]> {
  const files: string[] = [];
  for (const board of boards) {
    const file = `${board.name}.yaml`;
    // rpm well above what the run needs: the simulator's own limit and the injected storms are the 429s.
    await writeFile(join(ws.dir, file), storyboardYaml({ name: board.name, shots: board.shots, concurrency: 3, rpm: 600 }));
    files.push(file);
  }
  return files;
}

/** The environment every batch process gets: the simulator as provider, a fast poll floor. */
export function batchEnv(sim: Pick<SimProcess, 'apiKey' | 'baseURL'>, databaseUrl: string): Record<string, string> {
  return baseEnv({ OPENAI_API_KEY: sim.apiKey, OPENAI_BASE_URL: sim.baseURL, DATABASE_URL: databaseUrl, RENDER_POLL_MIN_MS: '50' });
}

export async function renderCli(args: string[], ws: BatchWorkspace, env: Record<string, string>, timeoutMs = 60_000): Promise<CliResult> {
  return runCli(args, { cwd: ws.dir, env, timeoutMs });
}

export async function enqueue(files: string[], ws: BatchWorkspace, env: Record<string, string>, extra: string[] = []): Promise<{ batchId: string; result: CliResult }> {
  const result = await renderCli(['enqueue', ...files, '--json', ...extra], ws, env);
  if (result.code !== 0) throw new Error(`render enqueue failed\n${explain(result)}`);
  const summary = JSON.parse(result.stdout) as { batchId?: string; batch?: string | { id: string }; id?: string };
  const batchId = summary.batchId ?? (typeof summary.batch === 'string' ? summary.batch : summary.batch?.id) ?? summary.id;
  if (!batchId) throw new Error(`render enqueue --json printed no batch id\n${result.stdout}`);
  return { batchId, result };
}

let workerCount = 0;
/** `render worker --until-idle` with its own local staging folder. */
export function startWorker(ws: BatchWorkspace, env: Record<string, string>, concurrency = 3): RunningCli & { name: string } {
  workerCount += 1;
  const name = `w${workerCount}`;
  // A create answered 500 may or may not have made a job: the worker looks for it for the reconcile window before it
  // calls the outcome unknown (money held, never re-sent). The default 3 min would outlast the tests.
  const args = ['worker', '--cache-url', ws.cacheUrl, '--cache-dir', join(ws.dir, `staging-${name}`), '--concurrency', String(concurrency), '--until-idle', '--reconcile-window', '10'];
  return Object.assign(startCli(args, { cwd: ws.dir, env, timeoutMs: 5 * 60_000 }), { name });
}

/** `render batch status --json`, the shape in the design doc (the command's own type). */
export type BatchStatus = StatusJson;

export async function batchStatus(batchId: string, ws: BatchWorkspace, env: Record<string, string>): Promise<BatchStatus> {
  const result = await renderCli(['batch', 'status', batchId, '--json'], ws, env);
  if (result.code !== 0) throw new Error(`render batch status failed\n${explain(result)}`);
  return JSON.parse(result.stdout) as BatchStatus;
}

/** Where a cut's published path is on disk: a file:// URL, an absolute path, or a name inside the shared cache. */
export function publishedFile(ws: BatchWorkspace, path: string): string {
  if (path.startsWith('file:')) return fileURLToPath(path);
  return isAbsolute(path) ? path : join(ws.cacheDir, path);
}

export async function filesUnder(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/** The billed jobs whose prompt is one of ours, in billing order. */
export function ourJobs(stats: SimStats, prompts: Iterable<string>): SimJobStats[] {
  const wanted = new Set(prompts);
  return stats.jobs.filter((job) => wanted.has(job.prompt)).sort((a, b) => a.createdAtMs - b.createdAtMs);
}

/** The largest running total of billed money over the ledger in time order (every prefix of spend). */
export function maxPrefixMicroUsd(jobs: readonly SimJobStats[]): number {
  let sum = 0;
  let max = 0;
  for (const job of jobs) {
    sum += job.priceMicroUsd;
    max = Math.max(max, sum);
  }
  return max;
}
