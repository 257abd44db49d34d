// End-to-end runs of fal shots: the CLI pointed at the simulator's fal face (RENDER_FAL_BASE_URL + FAL_KEY) as well as
// its OpenAI-protocol face, storyboards with fal's keys (reference, last-frame, references, extend-of), reference
// images made by ffmpeg, and per-prompt counts from the simulator's accounting.
import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { SimStats, Simulator } from '../../src/sim/index.js';
import { simEnv } from './run-harness.js';

const exec = promisify(execFile);

/** Both faces of one simulator: `--base-url` is still passed for the OpenAI protocol; fal comes from the env. */
export function falEnv(sim: Pick<Simulator, 'apiKey' | 'falBaseURL'>, extra: Record<string, string | undefined> = {}): Record<string, string> {
  return simEnv(sim, { FAL_KEY: sim.apiKey, RENDER_FAL_BASE_URL: sim.falBaseURL, ...extra });
}

export interface FalShotSpec {
  id: string;
  prompt: string;
  provider?: 'openai' | 'fal';
  model?: string;
  size?: string;
  seconds?: number;
  reference?: string;
  lastFrame?: string;
  references?: readonly string[];
  extendOf?: string;
  remixOf?: string;
  retries?: number;
}

const shotKeys: ReadonlyArray<[keyof FalShotSpec, string]> = [
  ['provider', 'provider'],
  ['model', 'model'],
  ['size', 'size'],
  ['seconds', 'seconds'],
  ['reference', 'reference'],
  ['lastFrame', 'last-frame'],
  ['references', 'references'],
  ['extendOf', 'extend-of'],
  ['remixOf', 'remix-of'],
  ['retries', 'retries'],
];

/**
 * A storyboard whose shots default to fal (`defaults.provider: fal`), one key a line so a test can count lines.
 * Values are written as JSON, which is YAML; `cut` lists the shots of the final cut (default: all), false for none.
 */
export function falStoryboardYaml(spec: {
  name: string;
  defaults: { model: string; size: string; seconds: number };
  shots: readonly FalShotSpec[];
  concurrency?: number;
  maxUsd?: number;
  cut?: readonly string[] | false;
}): string {
  const lines = [
    'version: 1',
    `name: ${spec.name}`,
    `defaults: {provider: fal, model: ${spec.defaults.model}, size: ${spec.defaults.size}, seconds: ${spec.defaults.seconds}}`,
    `concurrency: ${spec.concurrency ?? 4}`,
  ];
  if (spec.maxUsd !== undefined) lines.push(`budget: {max-usd: ${spec.maxUsd}}`);
  lines.push('shots:');
  for (const shot of spec.shots) {
    lines.push(`  - id: ${shot.id}`);
    for (const [field, key] of shotKeys) if (shot[field] !== undefined) lines.push(`    ${key}: ${JSON.stringify(shot[field])}`);
    lines.push(`    prompt: ${JSON.stringify(shot.prompt)}`);
  }
  if (spec.cut !== false) {
    const ids = spec.cut ?? spec.shots.map((s) => s.id);
    lines.push('cut:', `  output: ${spec.name}.mp4`, `  shots: [${ids.join(', ')}]`, '  transition: {type: cut}');
  }
  return `${lines.join('\n')}\n`;
}

/** A small 16:9 PNG of one colour (a first frame, a last frame, a style reference). */
export async function writeImage(path: string, colour: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await exec('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', `color=c=${colour}:s=64x36`, '-frames:v', '1', path]);
}

/** The three images the storyboards of these tests use, under `<dir>/refs/`. */
export async function writeRefs(dir: string): Promise<void> {
  await Promise.all([
    writeImage(join(dir, 'refs', 'first.png'), 'navy'),
    writeImage(join(dir, 'refs', 'last.png'), 'orange'),
    writeImage(join(dir, 'refs', 'style.png'), 'teal'),
  ]);
}

/** Jobs of the fal face whose prompt is `prompt`: submitted ones, charged or not. */
export function falJobs(stats: SimStats, prompt: string) {
  return stats.jobs.filter((job) => job.protocol === 'fal' && job.prompt === prompt);
}

/** How many charged jobs each prompt has (fal charges a job once it completed). */
export function chargedPerPrompt(stats: SimStats, prompts: Iterable<string>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const prompt of prompts) counts[prompt] = stats.jobs.filter((job) => job.prompt === prompt && job.charged).length;
  return counts;
}
