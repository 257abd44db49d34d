// End-to-end harness for `render storyboard.yaml`: spawn the built binary as a user would (with a clean environment),
// watch its output while it runs, send it signals, and read the ground truth from the simulator's own accounting.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll } from 'vitest';
import { startSimulator, type SimJobStats, type SimStats, type Simulator, type SimulatorOptions } from '../../src/sim/index.js';
import { renderBin, type CliResult } from './cli.js';

const exec = promisify(execFile);

/**
 * The child's environment: only what a shell user would have, never the test runner's OPENAI_* variables, so a test
 * decides exactly which key and base URL the CLI sees.
 */
export function baseEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TMPDIR: process.env.TMPDIR,
    LANG: process.env.LANG ?? 'C.UTF-8',
    NO_COLOR: '1',
    CI: 'true',
    ...extra,
  };
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** What a test sets to point the CLI at a simulator it controls, with a fast poll floor. */
export function simEnv(sim: Pick<Simulator, 'apiKey'>, extra: Record<string, string | undefined> = {}): Record<string, string> {
  return baseEnv({ OPENAI_API_KEY: sim.apiKey, RENDER_POLL_MIN_MS: '50', ...extra });
}

export interface RunningCli {
  child: ChildProcess;
  readonly stdout: string;
  readonly stderr: string;
  /** Resolves with the output so far once `pattern` matches stdout + stderr; rejects on exit or timeout. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  done: Promise<CliResult & { exitedAtMs: number }>;
  kill(signal: NodeJS.Signals): void;
}

/** Spawn `node bin/render.js ...args` in `cwd` with exactly `env` (see baseEnv). */
export function startCli(args: string[], options: { cwd: string; env: Record<string, string>; timeoutMs?: number }): RunningCli {
  const child = spawn(process.execPath, [renderBin, ...args], { cwd: options.cwd, env: options.env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const watchers: Array<{ pattern: RegExp; resolve: (s: string) => void }> = [];
  const check = () => {
    for (const watcher of [...watchers]) {
      if (watcher.pattern.test(stdout + stderr)) {
        watchers.splice(watchers.indexOf(watcher), 1);
        watcher.resolve(stdout + stderr);
      }
    }
  };
  child.stdout!.setEncoding('utf8').on('data', (d: string) => ((stdout += d), check()));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => ((stderr += d), check()));
  child.stdin!.end('');
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 90_000);
  const done = new Promise<CliResult & { exitedAtMs: number }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, exitedAtMs: Date.now() });
    });
  });
  return {
    child,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    waitFor(pattern, timeoutMs = 30_000) {
      return new Promise<string>((resolve, reject) => {
        const timeout = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}\n--- stdout\n${stdout}\n--- stderr\n${stderr}`)), timeoutMs);
        const watcher = {
          pattern,
          resolve: (s: string) => {
            clearTimeout(timeout);
            resolve(s);
          },
        };
        watchers.push(watcher);
        check();
        void done.then((r) => {
          if (!watchers.includes(watcher)) return;
          clearTimeout(timeout);
          reject(new Error(`render exited (${r.code ?? r.signal}) before ${pattern}\n--- stdout\n${stdout}\n--- stderr\n${stderr}`));
        });
      });
    },
    done,
    kill(signal) {
      child.kill(signal);
    },
  };
}

/** Run the CLI to completion. */
export function runRender(args: string[], options: { cwd: string; env: Record<string, string>; timeoutMs?: number }) {
  return startCli(args, options).done;
}

/** Everything a failing assertion should show about a run. */
export function explain(result: { code: number | null; signal?: NodeJS.Signals | null; stdout: string; stderr: string }): string {
  return `exit ${result.code ?? result.signal}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
}

export interface Workspace {
  dir: string;
  write(name: string, text: string): Promise<string>;
  cleanup(): Promise<void>;
}

export async function makeWorkspace(prefix = 'render-run-'): Promise<Workspace> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return {
    dir,
    async write(name, text) {
      const path = join(dir, name);
      await writeFile(path, text);
      return path;
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

export interface ShotSpec {
  id: string;
  prompt: string;
  remixOf?: string;
  retries?: number;
}

/** A small storyboard: sora-2, 4 s shots, hard cuts (the stitch's fast path), every shot in the cut. */
export function storyboardYaml(spec: {
  name: string;
  shots: readonly ShotSpec[];
  size?: string;
  concurrency?: number;
  rpm?: number;
  maxUsd?: number;
  cut?: boolean;
}): string {
  const lines = [
    'version: 1',
    `name: ${spec.name}`,
    'defaults:',
    '  model: sora-2',
    `  size: ${spec.size ?? '1280x720'}`,
    '  seconds: 4',
    `concurrency: ${spec.concurrency ?? 3}`,
  ];
  if (spec.rpm !== undefined) lines.push(`rate-limit: {rpm: ${spec.rpm}}`);
  if (spec.maxUsd !== undefined) lines.push(`budget: {max-usd: ${spec.maxUsd}}`);
  lines.push('shots:');
  for (const shot of spec.shots) {
    lines.push(`  - id: ${shot.id}`, `    prompt: ${JSON.stringify(shot.prompt)}`);
    if (shot.remixOf) lines.push(`    remix-of: ${shot.remixOf}`);
    if (shot.retries !== undefined) lines.push(`    retries: ${shot.retries}`);
  }
  if (spec.cut !== false) {
    lines.push('cut:', `  output: ${spec.name}.mp4`, `  shots: [${spec.shots.map((s) => s.id).join(', ')}]`, '  transition: {type: cut}');
  }
  return `${lines.join('\n')}\n`;
}

/** Billed jobs of the simulator whose prompt is one of `prompts` (so tests sharing a simulator stay apart). */
export function jobsFor(stats: SimStats, prompts: Iterable<string>): SimJobStats[] {
  const wanted = new Set(prompts);
  return stats.jobs.filter((job) => wanted.has(job.prompt));
}

/** How many billed jobs each prompt has (creates and remixes alike), from the simulator's accounting. */
export function paidPerPrompt(stats: SimStats, prompts: Iterable<string>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const prompt of prompts) counts[prompt] = 0;
  for (const job of jobsFor(stats, Object.keys(counts))) counts[job.prompt] = (counts[job.prompt] ?? 0) + 1;
  return counts;
}

/** Remix jobs grouped by the prompt of the job they remix: each parent should have exactly its one child. */
export function remixesPerParentPrompt(stats: SimStats): Record<string, number> {
  const byId = new Map(stats.jobs.map((job) => [job.id, job]));
  const counts: Record<string, number> = {};
  for (const job of stats.jobs) {
    if (job.kind !== 'remix' || !job.remixedFromVideoId) continue;
    const parent = byId.get(job.remixedFromVideoId)?.prompt ?? `?${job.remixedFromVideoId}`;
    counts[parent] = (counts[parent] ?? 0) + 1;
  }
  return counts;
}

export interface Probe {
  durationSeconds: number;
  video?: { codec: string; width: number; height: number };
  audio?: { codec: string };
}

/** ffprobe a file; also decodes it fully (`-xerror`), so a truncated MP4 that ffprobe alone accepts fails here. */
export async function probeClip(file: string, fullDecode = true): Promise<Probe> {
  const { stdout } = await exec('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type,codec_name,width,height:format=duration', '-of', 'json', file]);
  const info = JSON.parse(stdout) as { streams?: Array<{ codec_type: string; codec_name: string; width?: number; height?: number }>; format?: { duration?: string } };
  if (fullDecode) await exec('ffmpeg', ['-v', 'error', '-xerror', '-i', file, '-f', 'null', '-']);
  const video = info.streams?.find((s) => s.codec_type === 'video');
  const audio = info.streams?.find((s) => s.codec_type === 'audio');
  return {
    durationSeconds: Number(info.format?.duration),
    ...(video ? { video: { codec: video.codec_name, width: video.width ?? 0, height: video.height ?? 0 } } : {}),
    ...(audio ? { audio: { codec: audio.codec_name } } : {}),
  };
}

/** Every file under `dir`, relative to it, sorted (dot-folders included). */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

/** Leftovers of an unfinished write: *.part, *.tmp, anything in .render/tmp/, a stitch work folder. */
export function isTempFile(path: string): boolean {
  return /\.part$|\.tmp$|(^|\/)tmp\/|(^|\/)\.stitch-|(^|\/)\.render-tmp-|\.partial$|~$/.test(path);
}

/** Files under `dir` whose bytes contain any of `needles`. */
export async function filesContaining(dir: string, needles: readonly string[]): Promise<string[]> {
  const hits: string[] = [];
  for (const file of await listFiles(dir)) {
    const bytes = await readFile(join(dir, file));
    if (needles.some((needle) => bytes.includes(Buffer.from(needle)))) hits.push(file);
  }
  return hits;
}

export interface ReportShot {
  provider: string;
  id: string;
  kind: string;
  status: 'completed' | 'failed' | 'skipped';
  cache: 'hit' | 'paid' | 'none';
  jobId: string | null;
  attempts: number;
  error: { code: string; message: string; moderation: boolean } | null;
  skipReason: string | null;
  cost: { microUsd: number; usd: string };
  possiblyBilled: { microUsd: number; usd: string };
  earlierRuns: { microUsd: number; usd: string };
  saved: { microUsd: number; usd: string };
  file: string | null;
}

export interface Report {
  outcome: string;
  totals: {
    spent: { microUsd: number };
    possiblyBilled: { microUsd: number };
    earlierRuns: { microUsd: number };
    savedByCache: { microUsd: number };
    reserved: { microUsd: number };
    cap: { microUsd: number } | null;
    shots: { total: number; completed: number; cached: number; failed: number; skipped: number };
  };
  cut: { file: string; durationSeconds: number } | null;
  cutError: string | null;
  contactSheet: string | null;
  shots: ReportShot[];
}

export async function readReport(outDir: string): Promise<Report> {
  return JSON.parse(await readFile(join(outDir, 'report.json'), 'utf8')) as Report;
}

/** Job ids the plain view announced (`job <id> created` / `adopted` / `re-attached to job <id>`). */
export function announcedJobIds(output: string): string[] {
  return [...output.matchAll(/job (video_[0-9a-f]+) (?:created|adopted)/g)].map((m) => m[1]!);
}

/** A describe block's own simulator (on a free port) and temp workspace, started before its tests, removed after. */
export function useSimAndWorkspace(options: SimulatorOptions, prefix: string, assign: (sim: Simulator, ws: Workspace) => void): void {
  let sim: Simulator | undefined;
  let ws: Workspace | undefined;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, ...options });
    ws = await makeWorkspace(prefix);
    assign(sim, ws);
  });
  afterAll(async () => {
    await sim?.close();
    await ws?.cleanup();
  });
}
