// The executor bench's storyboards (as shot lists and YAML) and the makespan lower bound, computed with the
// simulator's own duration model (dist/sim/durations.js), so bound and simulator cannot drift apart.
import { defaultDurations, generationTimes } from '../dist/sim/durations.js';

const scenes = [
  'a lighthouse at dawn, waves breaking below', 'fishing boats leaving a harbour in fog', 'a night market with paper lanterns',
  'a desert road under a storm front', 'a kitchen at breakfast, steam over a kettle', 'a cyclist crossing a bridge at sunset',
  'snow falling on an empty playground', 'a greenhouse full of tomato plants', 'a train window, fields rushing past',
  'a violinist on a rooftop at dusk', 'a fox trotting through tall grass', 'rain on a bus stop shelter at night',
  'a potter shaping clay on a wheel', 'an old library with a rolling ladder', 'kites over a windy beach',
  'a subway platform as a train arrives', 'a chess game in a park, two old men', 'a hot-air balloon over vineyards',
  'a mechanic under a vintage car', 'children racing paper boats in a gutter', 'a glacier calving into the sea',
  'a barista pouring latte art', 'a lonely gas station in the rain', 'a lighthouse keeper climbing stairs',
  'fireflies over a meadow at night', 'a crowded ferry crossing a bay', 'a bakery at four in the morning',
  'a drone shot over a terraced rice field', 'a dog shaking off water on a dock', 'a blacksmith hammering a blade',
  'a city skyline as windows light up', 'a street in light rain, neon in puddles', 'a mountain hut in a blizzard',
  'a jazz trio in a smoky basement club', 'a lantern festival on a river', 'a beekeeper opening a hive',
  'a tram climbing a steep street', 'a wheat field in a summer wind', 'a florist arranging tulips', 'a tide pool with crabs',
  'a printing press running newspapers', 'an astronaut floating in a station module', 'a paper plane over a schoolyard',
  'a harbour crane unloading containers', 'a candlelit dinner for two', 'a waterfall in a jungle gorge',
  'a skateboarder in an empty pool', 'a clock tower at midnight', 'a sailboat heeling in a gust', 'a tea ceremony in a garden',
];
const look = 'Cinematic, 35 mm, shallow depth of field, natural light, slow dolly-in, no text on screen.';

/**
 * The 40-shot storyboard: 35 creates and 5 remixes. The five remix parents sit late in the file (shots 31–35, remixed
 * by 36–40), so a first-in-first-out scheduler would leave them for a third wave; the critical path decides.
 */
export function fortyShots({ model = 'sora-2', size = '1280x720', seconds = 4 } = {}) {
  const shots = [];
  for (let k = 1; k <= 35; k += 1) shots.push({ id: `s${String(k).padStart(2, '0')}`, prompt: `Shot ${k}: ${scenes[k - 1]}. ${look}`, model, size, seconds });
  for (let k = 36; k <= 40; k += 1) {
    const parent = k - 5;
    shots.push({ id: `s${k}`, remixOf: `s${parent}`, prompt: `Shot ${k}: the same scene as shot ${parent}, now at night in heavy rain. ${look}`, model, size, seconds });
  }
  return shots;
}

/**
 * `count` shots over 50 distinct prompts (take 1, 2, … for the repeats): every shot is its own paid job with its own
 * cache key, while the simulator renders only 50 distinct clips (its media cache is keyed by prompt, size, seconds).
 */
export function manyShots(count, { model, size, seconds }) {
  return Array.from({ length: count }, (_, i) => ({
    id: `s${String(i + 1).padStart(4, '0')}`,
    prompt: `Scene ${(i % scenes.length) + 1}: ${scenes[i % scenes.length]}. ${look}`,
    take: Math.floor(i / scenes.length) + 1,
    model,
    size,
    seconds,
  }));
}

const q = (text) => JSON.stringify(String(text)); // a JSON string is a valid YAML double-quoted scalar

export function storyboardYaml({ name, shots, concurrency, rpm, models }) {
  const lines = ['version: 1', `name: ${name}`, `concurrency: ${concurrency}`, `rate-limit: {rpm: ${rpm}}`];
  if (models) {
    lines.push('models:');
    for (const [id, m] of Object.entries(models)) {
      lines.push(`  ${id}:`, `    sizes: [${m.sizes.join(', ')}]`, `    seconds: [${m.seconds.join(', ')}]`);
      lines.push(`    price-per-second: {${Object.entries(m.pricePerSecondUsd).map(([s, usd]) => `${s}: ${usd}`).join(', ')}}`);
      lines.push(`    remix: ${m.remix}`, `    rpm: ${m.rpm}`);
    }
  }
  lines.push('shots:');
  for (const shot of shots) {
    lines.push(`  - id: ${shot.id}`, `    prompt: ${q(shot.prompt)}`);
    if (shot.remixOf) lines.push(`    remix-of: ${shot.remixOf}`);
    else lines.push(`    model: ${shot.model}`, `    size: ${shot.size}`, `    seconds: ${shot.seconds}`);
    if (shot.take && shot.take > 1) lines.push(`    take: ${shot.take}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Lower bound of the makespan (first paid request to last shot done), from the simulator's duration model:
 * max of (a) the critical path: the longest remix chain of generation times (queued + in progress);
 * (b) total generation time / concurrency; (c) the RPM floor: with a sliding one-minute window the first `rpm` calls
 * may go at once, so n paid calls need floor((n - 1) / rpm) minutes before the last one, plus its generation time.
 */
/** Generation time (queued + in progress) of one job, as the simulator computes it. */
export function generationMs(job, { timeScale, durations = {} }) {
  const t = generationTimes(job.model, job.size, Number(job.seconds), timeScale, { ...defaultDurations, ...durations });
  return t.queueMs + t.runMs;
}

export function makespanLowerBound(shots, { timeScale, durations = {}, concurrency, rpm }) {
  const model = { ...defaultDurations, ...durations };
  const gen = new Map();
  const chain = new Map();
  for (const shot of shots) {
    const t = generationTimes(shot.model, shot.size, shot.seconds, timeScale, model);
    gen.set(shot.id, t.queueMs + t.runMs);
    chain.set(shot.id, (shot.remixOf ? chain.get(shot.remixOf) : 0) + t.queueMs + t.runMs);
  }
  const all = [...gen.values()];
  const total = all.reduce((a, b) => a + b, 0);
  const critical = Math.max(...chain.values());
  const work = total / concurrency;
  const rpmFloor = Math.floor((shots.length - 1) / rpm) * 60_000 + Math.min(...all);
  const boundMs = Math.max(critical, work, rpmFloor);
  const firstJob = generationTimes(shots[0].model, shots[0].size, shots[0].seconds, timeScale, model);
  return { boundMs, critical, work, totalMs: total, rpmFloor, job: firstJob };
}
