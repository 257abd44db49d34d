#!/usr/bin/env node
// Runway and OpenRouter status-waiting bench (npm run build first). The task's check:
//   "requests per shot and median/p90 completion-to-noticed latency, ours against each provider's own way of waiting,
//   on the same simulated jobs, side by side in one run. Targets: fewer requests than each, noticed sooner than each."
// One simulator (its Runway and OpenRouter faces) serves four sides at the same time:
//   Runway     (a) the product: the real executor (dist/execute/execute.js, default poll policy) over the Runway adapter
//                  with its defaults; (b) @runwayml/sdk's own `create(...).waitForTaskOutput()` (a wait of 6 ± 1.5 s,
//                  then a retrieve every 6 ± 1.5 s; the SDK's default retries), same bodies (the adapter's planRunwayCreate).
//   OpenRouter (c) the product: the executor over the OpenRouter adapter with its defaults; (d) OpenRouter's video
//                  guide: submit, then a status check every 30 s, through @openrouter/sdk (same bodies: planOpenRouterSubmit);
//              (e) the product with webhooks (`render --webhooks`): the adapter sends callback_url, the face posts signed
//                  callbacks to the product's receiver (dist/providers/webhooks/receiver.js), a verified one wakes the
//                  job's wait; polling only as the product's fallback (every 60 s). Shown against (d), same run.
// Requests are the simulator's own request log, per job (create/submit + status checks; the clip download is shown
// apart); completion is the simulator's finishedAtMs for the job; "noticed" is when the client first knew: the
// executor's progress event with status completed, the moment waitForTaskOutput resolved or the guide's poll answered
// completed. Benches report; they do not fail on a missed target (exit 1 only when unmeasured).
import { mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { OpenRouter } from '@openrouter/sdk';
import RunwayML from '@runwayml/sdk';
import { openRouterModels } from '../dist/catalog/openrouter-catalog.js';
import { createOpenRouterProvider } from '../dist/providers/openrouter/openrouter-provider.js';
import { planOpenRouterSubmit } from '../dist/providers/openrouter/input.js';
import { createRunwayProvider } from '../dist/providers/runway/runway-provider.js';
import { planRunwayCreate } from '../dist/providers/runway/input.js';
import { startSimulator } from '../dist/sim/index.js';
import { defaultWebhookFallbackMs, JobSignalHub } from '../dist/execute/job-signals.js';
import { startWebhookReceiver } from '../dist/providers/webhooks/receiver.js';
import { runProduct } from './support/product-wait.js';
import { quantile } from './support/quantile.js';

const here = dirname(fileURLToPath(import.meta.url));
const mediaCacheDir = join(here, '.work', 'runway-openrouter-media'); // rendered clips, reused across runs (gitignored)

// Time scale 1: the simulator's duration model as is (3 s queued, then 8 s + 3 s per generated second, ×1.25 above
// 720p), 20-38 s here; Runway adds 1 s PENDING once a task has a slot. No client scales its own timing (the SDK's 6 s,
// the guide's 30 s, Runway's 5 s floor), so the ratios depend on real job length: BENCH_RO_TIME_SCALE=3 gives 60-115 s
// jobs, nearer real ones ("a few minutes").
const timeScale = Number(process.env.BENCH_RO_TIME_SCALE ?? 1);
const seed = 1;
// BENCH_RO_TRACE=1 also prints each product shot's requests as route@seconds after its create.
const trace = process.env.BENCH_RO_TRACE === '1';
const guideIntervalMs = 30_000;
const callbackSecret = 'bench-openrouter-signing-secret';

const look = 'Cinematic, 35 mm, natural light, slow dolly-in.';
const spec = (prefix) => ([provider, model, size, seconds, scene], i) => ({ id: `${prefix}${String(i + 1).padStart(2, '0')}`, provider, model, size, seconds, prompt: `Shot ${i + 1}: ${scene}. ${look}` });
const runwaySpecs = [
  ['runway', 'gen4.5', '1280x720', 5, 'a lighthouse at dawn, waves breaking below'],
  ['runway', 'gen4.5', '1280x720', 8, 'fishing boats leaving a harbour in fog'],
  ['runway', 'gen4.5', '1280x720', 10, 'a night market with paper lanterns'],
  ['runway', 'veo3.1_fast', '1280x720', 4, 'a desert road under a storm front'],
  ['runway', 'veo3.1_fast', '1280x720', 8, 'a kitchen at breakfast, steam over a kettle'],
  ['runway', 'veo3.1', '1280x720', 6, 'a cyclist crossing a bridge at sunset'],
  ['runway', 'veo3.1', '1920x1080', 8, 'snow falling on an empty playground'],
  ['runway', 'seedance2', '992x432', 12, 'a greenhouse full of tomato plants'],
].map(spec('r'));
const openRouterSpecs = [
  ['openrouter', 'alibaba/wan-3.0', '1280x720', 5, 'a train window, fields rushing past'],
  ['openrouter', 'alibaba/wan-3.0', '1920x1080', 10, 'a violinist on a rooftop at dusk'],
  ['openrouter', 'alibaba/wan-3.0', '1280x720', 3, 'a paper boat in a gutter after rain'],
  ['openrouter', 'minimax/hailuo-3-max', '1366x768', 6, 'a fox crossing a snowy field'],
  ['openrouter', 'minimax/hailuo-3-max', '1366x768', 10, 'a potter shaping clay on a wheel'],
  ['openrouter', 'kwaivgi/kling-v3.0-std', '1280x720', 5, 'lanterns released over a lake'],
  ['openrouter', 'kwaivgi/kling-v3.0-std', '1280x720', 10, 'a subway platform at rush hour'],
  ['openrouter', 'kwaivgi/kling-v3.0-std', '720x1280', 5, 'a waterfall seen from below'],
].map(spec('o'));

const runwayPlans = runwaySpecs.map((s) => ({ spec: s, plan: planRunwayCreate({ model: s.model, size: s.size, seconds: s.seconds, prompt: s.prompt }) }));
const openRouterPlans = openRouterSpecs.map((s) => ({ spec: s, plan: planOpenRouterSubmit({ model: s.model, size: s.size, seconds: s.seconds, prompt: s.prompt }, openRouterModels) }));

// Every model unthrottled and credits to spare: each side's jobs start at once, so neither waits for the other's.
const simOptions = (scale) => ({
  timeScale: scale,
  seed,
  mediaCacheDir,
  openRouter: { callbackSecret },
  runway: { tier: 5, credits: 10_000_000, limits: Object.fromEntries(runwaySpecs.map((s) => [s.model, { maxConcurrentGenerations: null, maxDailyGenerations: null }])) },
});

const runwayClient = (sim) => new RunwayML({ apiKey: sim.apiKey, baseURL: sim.runwayBaseURL, logLevel: 'off' });
const openRouterClient = (sim) => new OpenRouter({ apiKey: sim.apiKey, serverURL: sim.openRouterBaseURL });

const endpointOf = (client, name) => ({ text_to_video: client.textToVideo, image_to_video: client.imageToVideo, video_to_video: client.videoToVideo })[name];

/** Render every clip once into the media cache (time scale 0), so no timed job waits for the simulator's ffmpeg. */
async function warmMedia() {
  const sim = await startSimulator(simOptions(0));
  try {
    const runway = runwayClient(sim);
    const openRouter = openRouterClient(sim);
    await Promise.all([
      ...runwayPlans.map(({ plan }) => endpointOf(runway, plan.endpoint.name).create(plan.body)),
      ...openRouterPlans.map(({ plan }) => openRouter.videoGeneration.generate({ videoGenerationRequest: plan })),
    ]);
    await sim.settled();
    return { ...sim.stats().media };
  } finally {
    await sim.close();
  }
}

/** (a), (c) The product: the executor over one adapter, all defaults except where the simulator is. */
const productWait = (specs, provider, cacheDir, execute) => runProduct({ specs, provider, cacheDir, execute, idOf: (jobId) => jobId.slice(jobId.indexOf(':') + 1) });

/** (e) The product's receiver on a free loopback port, and the hub its verified deliveries wake. */
async function openWebhookSide() {
  const signals = new JobSignalHub((jobId) => jobId.startsWith('openrouter:'));
  const receiver = await startWebhookReceiver({ host: '127.0.0.1', port: 0, onDelivery: (jobId) => signals.wake(jobId) });
  receiver.setTrust({ openRouterSecret: callbackSecret });
  return { signals, receiver, callbackUrl: `${receiver.origin}/openrouter` };
}

/** (b) The Runway SDK's own wait, as its README shows it: `await client.textToVideo.create(body).waitForTaskOutput()`. */
async function runRunwaySdk(sim) {
  const client = runwayClient(sim);
  const noticed = new Map();
  const jobIds = new Map();
  const failed = [];
  await Promise.all(
    runwayPlans.map(async ({ spec, plan }) => {
      try {
        const created = endpointOf(client, plan.endpoint.name).create(plan.body);
        const waited = created.waitForTaskOutput();
        jobIds.set(spec.id, (await created).id);
        const task = await waited;
        noticed.set(task.id, Date.now());
      } catch (error) {
        failed.push(`${spec.id}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }),
  );
  return { noticed, jobIds, failed };
}

/** (d) OpenRouter's guide: submit, then check the status every 30 s until it ends. */
async function runOpenRouterGuide(sim) {
  const client = openRouterClient(sim);
  const noticed = new Map();
  const jobIds = new Map();
  const failed = [];
  await Promise.all(
    openRouterPlans.map(async ({ spec, plan }) => {
      try {
        const { id } = await client.videoGeneration.generate({ videoGenerationRequest: plan });
        jobIds.set(spec.id, id);
        for (;;) {
          await sleep(guideIntervalMs);
          const job = await client.videoGeneration.getGeneration({ jobId: id });
          if (job.status === 'completed') {
            noticed.set(id, Date.now());
            return;
          }
          if (['failed', 'cancelled', 'expired'].includes(job.status)) throw new Error(`job ${id} ${job.status}`);
        }
      } catch (error) {
        failed.push(`${spec.id}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }),
  );
  return { noticed, jobIds, failed };
}

// Per face: which routes are a create, which a status check, which the clip download (shown, not counted).
const faces = {
  runway: { create: ['text_to_video', 'image_to_video', 'video_to_video'], status: ['task'], download: ['file'] },
  openrouter: { create: ['submit'], status: ['poll'], download: ['content'] },
};

/** Per shot: requests by kind (from the simulator's log) and completion-to-noticed latency. */
function perShot(stats, specs, side, face) {
  const routes = faces[face];
  const jobs = new Map(stats.jobs.map((job) => [job.id, job]));
  const byJob = new Map();
  for (const entry of stats.requests.log) {
    if (!entry.videoId || !entry.route.startsWith(`${face}.`)) continue;
    const route = entry.route.slice(face.length + 1);
    const kind = routes.create.includes(route) ? 'create' : routes.status.includes(route) ? 'status' : routes.download.includes(route) ? 'download' : 'other';
    const counts = byJob.get(entry.videoId) ?? { create: 0, status: 0, download: 0, other: 0 };
    counts[kind] += 1;
    byJob.set(entry.videoId, counts);
  }
  return specs.map((spec) => {
    const id = side.jobIds.get(spec.id);
    const job = id ? jobs.get(id) : undefined;
    const counts = (id && byJob.get(id)) || { create: 0, status: 0, download: 0, other: 0 };
    const noticedAt = id ? side.noticed.get(id) : undefined;
    const latencyMs = job?.finishedAtMs != null && noticedAt !== undefined ? noticedAt - job.finishedAtMs : undefined;
    const generationMs = job?.finishedAtMs != null ? job.finishedAtMs - job.createdAtMs : undefined;
    return { shot: spec.id, model: spec.model, jobId: id, counts, requests: counts.create + counts.status + counts.other, latencyMs, generationMs };
  });
}

function summary(rows) {
  const requests = rows.map((r) => r.requests);
  const latencies = rows.map((r) => r.latencyMs).filter((v) => v !== undefined);
  return {
    measured: latencies.length,
    requests: { median: quantile(requests, 0.5), total: requests.reduce((a, b) => a + b, 0), perShot: requests.reduce((a, b) => a + b, 0) / rows.length },
    latencyMs: { median: quantile(latencies, 0.5), p90: quantile(latencies, 0.9), max: Math.max(...latencies) },
  };
}

const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
const ms = (v) => `${Math.round(v)} ms`;
const mark = (ok) => (ok ? 'PASS' : 'MISS');
const load = () => loadavg().map((v) => v.toFixed(2)).join(' ');
const col = (text, width = 22) => String(text).padEnd(width);

function printFace(title, theirs, ours, rows, specs) {
  const [pr, br] = rows;
  const ps = summary(pr);
  const bs = summary(br);
  const gen = pr.map((r) => r.generationMs).filter((v) => v !== undefined);
  console.log('');
  console.log(`${title}: ${specs.length} shots, each made by both sides; jobs ${s(Math.min(...gen))}-${s(Math.max(...gen))} from create to completion`);
  console.log(`${col('shot', 6)}${col('model', 24)}${col('generation', 12)}${col('ours (create/status)', 22)}${col(theirs, 20)}${col('ratio', 8)}latency ours / ${theirs}`);
  pr.forEach((p, i) => {
    const b = br[i];
    console.log(`${col(p.shot, 6)}${col(p.model, 24)}${col(p.generationMs === undefined ? '-' : s(p.generationMs), 12)}` +
      `${col(`${p.requests} (${p.counts.create}/${p.counts.status})`, 22)}${col(`${b.requests} (${b.counts.create}/${b.counts.status})`, 20)}${col((p.requests / b.requests).toFixed(2), 8)}` +
      `${p.latencyMs === undefined ? '-' : ms(p.latencyMs)} / ${b.latencyMs === undefined ? '-' : ms(b.latencyMs)}`);
  });
  const ok = ps.measured === specs.length && bs.measured === specs.length;
  const ratio = ps.requests.total / bs.requests.total;
  console.log(`${col('', 30)}${col(ours)}${col(theirs)}`);
  console.log(`${col('requests / shot, mean', 30)}${col(ps.requests.perShot.toFixed(2))}${col(bs.requests.perShot.toFixed(2))}ratio ${ratio.toFixed(2)}, target < 1: ${mark(ok && ratio < 1)}`);
  console.log(`${col('requests / shot, median', 30)}${col(ps.requests.median)}${col(bs.requests.median)}`);
  const medianRatio = ps.latencyMs.median / bs.latencyMs.median;
  console.log(`${col('noticed - completed, median', 30)}${col(ms(ps.latencyMs.median))}${col(ms(bs.latencyMs.median))}ratio ${medianRatio.toFixed(2)}, target < 1: ${mark(ok && medianRatio < 1)}`);
  const p90Ratio = ps.latencyMs.p90 / bs.latencyMs.p90;
  console.log(`${col('noticed - completed, p90', 30)}${col(ms(ps.latencyMs.p90))}${col(ms(bs.latencyMs.p90))}ratio ${p90Ratio.toFixed(2)}, target < 1: ${mark(ok && p90Ratio < 1)}`);
  console.log(`${col('noticed - completed, max', 30)}${col(ms(ps.latencyMs.max))}${col(ms(bs.latencyMs.max))}`);
  const downloads = pr.reduce((sum, r) => sum + r.counts.download, 0);
  console.log(`  (not counted above: ours downloaded ${downloads} clips, as a run does; ${theirs} downloads none)`);
  return ok;
}

function printTrace(stats, rows, face) {
  const jobs = new Map(stats.jobs.map((job) => [job.id, job]));
  for (const row of rows) {
    const job = jobs.get(row.jobId);
    if (!job) continue;
    const at = (t) => ((t - job.createdAtMs) / 1000).toFixed(2);
    const steps = stats.requests.log.filter((e) => e.videoId === row.jobId).map((e) => `${e.route.slice(face.length + 1)}@${at(e.atMs)}`);
    console.log(`  ${row.shot}: finished ${at(job.finishedAtMs)}: ${steps.join(' ')}`);
  }
}

async function main() {
  mkdirSync(mediaCacheDir, { recursive: true });
  const root = await mkdtemp(join(tmpdir(), 'runway-openrouter-bench-'));
  let broken = false;
  try {
    const warm = await warmMedia();
    const loadBefore = load();
    const sim = await startSimulator(simOptions(timeScale));
    const hooks = await openWebhookSide();
    const started = Date.now();
    let sides, stats;
    try {
      sides = await Promise.all([
        productWait(runwaySpecs, createRunwayProvider({ apiKey: sim.apiKey, baseURL: sim.runwayBaseURL }), join(root, 'runway', '.render')),
        runRunwaySdk(sim),
        productWait(openRouterSpecs, createOpenRouterProvider({ apiKey: sim.apiKey, baseURL: sim.openRouterBaseURL }), join(root, 'openrouter', '.render')),
        runOpenRouterGuide(sim),
        productWait(openRouterSpecs, createOpenRouterProvider({ apiKey: sim.apiKey, baseURL: sim.openRouterBaseURL, callbackUrl: hooks.callbackUrl }), join(root, 'openrouter-hooks', '.render'), {
          jobSignals: hooks.signals,
          webhookFallbackMs: defaultWebhookFallbackMs,
        }),
      ]);
      stats = sim.stats();
    } finally {
      await sim.close();
      await hooks.receiver.close();
    }
    const wallMs = Date.now() - started;
    const loadAfter = load();
    const [ra, rb, oc, od, oe] = sides;
    const runwayRows = [perShot(stats, runwaySpecs, ra, 'runway'), perShot(stats, runwaySpecs, rb, 'runway')];
    const openRouterRows = [perShot(stats, openRouterSpecs, oc, 'openrouter'), perShot(stats, openRouterSpecs, od, 'openrouter')];
    console.log(`media warm-up: ${warm.runs} ffmpeg runs, ${warm.hits} cache hits; time scale ${timeScale}; all four sides concurrent on one simulator, ${s(wallMs)} wall`);
    const runwayOk = printFace('Runway', 'waitForTaskOutput', 'ours (executor)', runwayRows, runwaySpecs);
    if (trace) printTrace(stats, runwayRows[0], 'runway');
    const openRouterOk = printFace('OpenRouter', 'guide (30 s)', 'ours (executor)', openRouterRows, openRouterSpecs);
    if (trace) printTrace(stats, openRouterRows[0], 'openrouter');
    const hookRows = [perShot(stats, openRouterSpecs, oe, 'openrouter'), openRouterRows[1]];
    const hooksOk = printFace('OpenRouter with webhooks', 'guide (30 s)', 'ours (webhooks)', hookRows, openRouterSpecs);
    const counts = hooks.receiver.counts();
    console.log(`  receiver: ${counts.verified} verified, ${counts.duplicates} duplicates dropped, ${counts.refused} refused`);
    if (trace) printTrace(stats, hookRows[0], 'openrouter');
    console.log('');
    console.log(`load average (1/5/15 min): before ${loadBefore}, after ${loadAfter}`);
    for (const [name, side] of [['runway ours', ra], ['waitForTaskOutput', rb], ['openrouter ours', oc], ['openrouter guide', od], ['openrouter webhooks', oe]]) {
      if (side.failed.length) console.log(`${name}: ${side.failed.length} shots did not complete, e.g. ${side.failed[0]}`);
    }
    if (!runwayOk || !openRouterOk || !hooksOk) {
      broken = true;
      console.log('not every shot was measured on both sides');
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
  if (broken) process.exitCode = 1;
}

await main();
