// End-to-end runs mixing every provider: one simulator's four faces handed to the CLI through the environment (each
// provider's key and endpoint override), a storyboard writer whose shots each name their provider, model, size and
// seconds, and the per-provider `providers:` block.
import { runwayApiVersion } from '../../src/sim/faces/runway/face.js';
import type { SimStats, Simulator } from '../../src/sim/index.js';
import { simEnv } from './run-harness.js';

type Faces = Pick<Simulator, 'apiKey' | 'baseURL' | 'falBaseURL' | 'runwayBaseURL' | 'openRouterBaseURL'>;

/** Every face of one simulator: `--base-url` is still passed for the OpenAI protocol; the others come from the env. */
export function mixEnv(sim: Faces, extra: Record<string, string | undefined> = {}): Record<string, string> {
  return simEnv(sim, {
    FAL_KEY: sim.apiKey,
    RENDER_FAL_BASE_URL: sim.falBaseURL,
    RUNWAYML_API_SECRET: sim.apiKey,
    RENDER_RUNWAY_BASE_URL: sim.runwayBaseURL,
    OPENROUTER_API_KEY: sim.apiKey,
    RENDER_OPENROUTER_BASE_URL: sim.openRouterBaseURL,
    ...extra,
  });
}

export type MixProvider = 'openai' | 'fal' | 'runway' | 'openrouter';

export interface MixShot {
  id: string;
  provider: MixProvider;
  model: string;
  seconds: number;
  prompt: string;
  size?: string;
}

/**
 * A storyboard of shots that each name their provider and model (1280x720 unless said). `providers` becomes the
 * `providers:` block (e.g. `{runway: {concurrency: 1}}`); `cut` lists the cut's shots (default all), false for none.
 */
export function mixStoryboardYaml(spec: {
  name: string;
  shots: readonly MixShot[];
  concurrency?: number;
  maxUsd?: number;
  providers?: Partial<Record<MixProvider, Record<string, number | string>>>;
  cut?: readonly string[] | false;
}): string {
  const lines = ['version: 1', `name: ${spec.name}`, `concurrency: ${spec.concurrency ?? 4}`];
  if (spec.maxUsd !== undefined) lines.push(`budget: {max-usd: ${spec.maxUsd}}`);
  if (spec.providers) lines.push(`providers: ${JSON.stringify(spec.providers)}`);
  lines.push('shots:');
  for (const shot of spec.shots) {
    lines.push(`  - id: ${shot.id}`, `    provider: ${shot.provider}`, `    model: ${shot.model}`, `    size: ${shot.size ?? '1280x720'}`, `    seconds: ${shot.seconds}`, `    prompt: ${JSON.stringify(shot.prompt)}`);
  }
  if (spec.cut !== false) {
    const ids = spec.cut ?? spec.shots.map((s) => s.id);
    lines.push('cut:', `  output: ${spec.name}.mp4`, `  shots: [${ids.join(', ')}]`, '  transition: {type: cut}');
  }
  return `${lines.join('\n')}\n`;
}

/** Jobs of one face whose prompt is `prompt`: created ones, charged or not. */
export function jobsOn(stats: SimStats, protocol: string, prompt: string) {
  return stats.jobs.filter((job) => job.protocol === protocol && job.prompt === prompt);
}

/**
 * Samples the simulator's accounting every `everyMs` while a run goes on: the most jobs of `protocol` seen at once
 * in the given states (`in_progress`: running; add `queued` for everything created and not yet finished).
 */
export function watchPeak(sim: Pick<Simulator, 'stats'>, protocol: string, states: readonly string[], everyMs = 20): { stop(): number } {
  let peak = 0;
  const sample = () => {
    const now = sim.stats().jobs.filter((job) => job.protocol === protocol && states.includes(job.status)).length;
    peak = Math.max(peak, now);
  };
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}

/**
 * A simulator clock (`startSimulator({clock})`) that can stand still while a test reads several tasks, so what it
 * sees is one instant (a snapshot), not tasks read a few milliseconds apart. Otherwise it is the wall clock.
 */
export function snapshotClock(): { now: () => number; at<T>(read: () => Promise<T>): Promise<T> } {
  let frozen: number | undefined;
  return {
    now: () => frozen ?? Date.now(),
    async at(read) {
      frozen = Date.now();
      try {
        return await read();
      } finally {
        frozen = undefined;
      }
    },
  };
}

export interface RunwayPeaks {
  /** Most tasks holding a concurrency slot at once: PENDING, or RUNNING with work left (progress < 1). */
  holding: number;
  /** Most tasks waiting THROTTLED at once. */
  throttled: number;
}

/**
 * Samples what Runway shows (`GET /v1/tasks/{id}`) for every task of `prompts` while a run goes on, each sample one
 * instant of the simulator's `clock`. A RUNNING task at
 * progress 1 has given its slot back (the simulator frees the slot when the work is done, and may still be writing
 * the clip), so it is not counted as holding one.
 */
export function watchRunway(sim: Pick<Simulator, 'stats' | 'runwayBaseURL' | 'apiKey'>, clock: ReturnType<typeof snapshotClock>, prompts: readonly string[], everyMs = 25): { stop(): Promise<RunwayPeaks> } {
  const wanted = new Set(prompts);
  const peaks: RunwayPeaks = { holding: 0, throttled: 0 };
  const headers = { authorization: `Bearer ${sim.apiKey}`, 'x-runway-version': runwayApiVersion };
  let stopped = false;
  const sample = async () => {
    const ids = sim.stats().jobs.filter((job) => job.protocol === 'runway' && wanted.has(job.prompt)).map((job) => job.id);
    const views = await clock.at(() => Promise.all(ids.map(async (id) => (await fetch(`${sim.runwayBaseURL}/v1/tasks/${id}`, { headers })).json() as Promise<{ status: string; progress?: number }>)));
    const holding = views.filter((v) => v.status === 'PENDING' || (v.status === 'RUNNING' && (v.progress ?? 0) < 1)).length;
    peaks.holding = Math.max(peaks.holding, holding);
    peaks.throttled = Math.max(peaks.throttled, views.filter((v) => v.status === 'THROTTLED').length);
  };
  const loop = (async () => {
    while (!stopped) {
      await sample();
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return peaks;
    },
  };
}
