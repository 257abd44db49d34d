// The executor over the run's routing provider, built by createRunProviders exactly as `--provider sim` builds it:
// the real Runway and OpenRouter adapters (and their SDKs) against the simulator's faces, a temp cache folder,
// fast polls and the events each run emitted.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { executeShots } from '../../src/execute/execute.js';
import type { ExecEvent } from '../../src/execute/events.js';
import type { ExecShot, ExecuteOptions, ExecuteResult } from '../../src/execute/types.js';
import type { VideoProvider } from '../../src/providers/provider.js';
import { createRunProviders } from '../../src/providers/wiring.js';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/sim/index.js';
import { fastExecuteOptions } from './executor-harness.js';

export interface RoutingHarness {
  sim: Simulator;
  provider: VideoProvider;
  cacheDir: string;
  events: ExecEvent[];
  execute(overrides?: Partial<ExecuteOptions>): Promise<ExecuteResult>;
  close(): Promise<void>;
}

export async function startRoutingHarness(used: string[], simOptions: SimulatorOptions = {}): Promise<RoutingHarness> {
  const sim = await startSimulator({ timeScale: 0.01, seed: 7, ...simOptions });
  const root = await mkdtemp(join(tmpdir(), 'render-routed-'));
  const cacheDir = join(root, '.render');
  const events: ExecEvent[] = [];
  const { provider } = await createRunProviders({
    used: new Set(used),
    settings: {},
    env: {},
    sim: { baseURL: sim.baseURL, falBaseURL: sim.falBaseURL, runwayBaseURL: sim.runwayBaseURL, openRouterBaseURL: sim.openRouterBaseURL, apiKey: sim.apiKey, timeScale: simOptions.timeScale ?? 0.01 },
  });
  return {
    sim,
    provider,
    cacheDir,
    events,
    execute: (overrides = {}) => executeShots({ ...fastExecuteOptions(provider, cacheDir, (event) => events.push(event)), ...overrides }),
    close: async () => {
      await sim.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** A Runway Gen-4.5 text shot, 1280x720: Runway estimates 12 credits ($0.12) a second. */
export function runwayShot(id: string, prompt: string, extra: Partial<ExecShot> = {}): ExecShot {
  const seconds = extra.seconds ?? 2;
  return { id, kind: 'create', provider: 'runway', model: 'gen4.5', size: '1280x720', seconds, prompt, take: 1, costMicroUsd: 120_000 * seconds, retries: 0, ...extra };
}

/** An OpenRouter Wan 3.0 text shot, 1280x720: $0.10 a second in the catalog. */
export function openRouterShot(id: string, prompt: string, extra: Partial<ExecShot> = {}): ExecShot {
  const seconds = extra.seconds ?? 2;
  return { id, kind: 'create', provider: 'openrouter', model: 'alibaba/wan-3.0', size: '1280x720', seconds, prompt, take: 1, costMicroUsd: 100_000 * seconds, retries: 0, ...extra };
}

/** Every budget event's spent + held: the cap must bound each of them. */
export function budgetLevels(events: readonly ExecEvent[]): number[] {
  return events.flatMap((e) => (e.type === 'budget' ? [e.spentMicroUsd + (e.earlierMicroUsd ?? 0) + e.reservedMicroUsd] : []));
}

/** The most jobs in flight at once, from `created` until a poll saw the job end, per the executor's own events. */
export function peakInFlight(events: readonly ExecEvent[]): number {
  const open = new Set<string>();
  let peak = 0;
  for (const e of events) {
    if (e.type === 'created' || e.type === 'adopted') open.add(e.jobId);
    if (e.type === 'progress' && (e.status === 'completed' || e.status === 'failed')) open.delete(e.jobId);
    if (e.type === 'shot-failed' && e.jobId) open.delete(e.jobId);
    peak = Math.max(peak, open.size);
  }
  return peak;
}
