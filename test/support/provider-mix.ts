// End-to-end runs mixing every provider: one simulator's four faces handed to the CLI through the environment (each
// provider's key and endpoint override), a storyboard writer whose shots each name their provider, model, size and
// seconds, and the per-provider `providers:` block.
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
