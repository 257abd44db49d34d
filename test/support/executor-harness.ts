// Executor tests against the real simulator over HTTP with the real SDK: a temp cache folder, real ffprobe checks,
// fast poll timings, and the events each run emitted.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { executeShots } from '../../src/execute/execute.js';
import type { ExecEvent } from '../../src/execute/events.js';
import { systemClock, type Random } from '../../src/execute/clock.js';
import type { ClipExpectation, ExecShot, ExecuteOptions, ExecuteResult } from '../../src/execute/types.js';
import { createOpenAIVideosProvider } from '../../src/providers/openai-videos.js';
import type { VideoProvider } from '../../src/providers/provider.js';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/sim/index.js';

const run = promisify(execFile);

/** ffprobe size and duration (± 1 frame at 24–30 fps), then optionally a full `-xerror` decode. */
export function ffprobeVerifier(fullDecode = false) {
  return async (file: string, expect: ClipExpectation, signal: AbortSignal): Promise<void> => {
    const { stdout } = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height:format=duration', '-of', 'json', file], { signal });
    const info = JSON.parse(stdout) as { streams?: Array<{ width: number; height: number }>; format?: { duration?: string } };
    const stream = info.streams?.[0];
    const duration = Number(info.format?.duration);
    if (!stream || stream.width !== expect.width || stream.height !== expect.height) throw new Error(`wrong size ${stream?.width}x${stream?.height}`);
    if (!(Math.abs(duration - expect.seconds) <= 0.05)) throw new Error(`wrong duration ${duration}`);
    if (fullDecode) await run('ffmpeg', ['-v', 'error', '-xerror', '-i', file, '-f', 'null', '-'], { signal });
  };
}

export function seeded(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const fastPoll = { initialMs: 40, minMs: 20, maxMs: 250, factor: 1.5 };

/** A sora-2 720x1280 shot at $0.10/s. */
export function shot(id: string, prompt: string, extra: Partial<ExecShot> = {}): ExecShot {
  const seconds = extra.seconds ?? 4;
  return { id, kind: extra.remixOf ? 'remix' : 'create', model: 'sora-2', size: '720x1280', seconds, prompt, take: 1, costMicroUsd: 100_000 * seconds, retries: 0, ...extra };
}

/** The executor's options for tests: real ffprobe checks, fast polls and backoff, a fixed seed, no cap. */
export function fastExecuteOptions(provider: VideoProvider, cacheDir: string, onEvent: (event: ExecEvent) => void): ExecuteOptions {
  return {
    shots: [],
    provider,
    cacheDir,
    providerIdentity: 'sim',
    countFailed: true,
    concurrency: 4,
    rpm: 10_000,
    pollPolicy: fastPoll,
    retryBackoff: { baseMs: 20, capMs: 200 },
    reconcileWindowMs: 1_000,
    clock: systemClock,
    random: seeded(1),
    signal: new AbortController().signal,
    onEvent,
    verifyClip: ffprobeVerifier(),
  };
}

export interface Harness {
  sim: Simulator;
  /** The run's provider: the real SDK pointed at the simulator. */
  provider: VideoProvider;
  cacheDir: string;
  events: ExecEvent[];
  execute(overrides?: Partial<ExecuteOptions>): Promise<ExecuteResult>;
  /** Billed micro-dollars per prompt, from the simulator's own accounting. */
  billedByPrompt(): Map<string, number>;
  close(): Promise<void>;
}

/** `providerKey` lets a test send a key other than the one the simulator accepts (a 401). */
export async function startHarness(simOptions: SimulatorOptions = {}, providerKey?: string): Promise<Harness> {
  const sim = await startSimulator({ timeScale: 0.01, seed: 7, ...simOptions });
  const root = await mkdtemp(join(tmpdir(), 'render-exec-'));
  const cacheDir = join(root, '.render');
  const events: ExecEvent[] = [];
  const provider = createOpenAIVideosProvider({ apiKey: providerKey ?? sim.apiKey, baseURL: sim.baseURL, paidTimeoutMs: 10_000, readTimeoutMs: 10_000 });
  return {
    sim,
    provider,
    cacheDir,
    events,
    execute: (overrides = {}) => executeShots({ ...fastExecuteOptions(provider, cacheDir, (event) => events.push(event)), ...overrides }),
    billedByPrompt: () => {
      const byPrompt = new Map<string, number>();
      for (const job of sim.stats().jobs) byPrompt.set(job.prompt, (byPrompt.get(job.prompt) ?? 0) + job.priceMicroUsd);
      return byPrompt;
    },
    close: async () => {
      await sim.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}
