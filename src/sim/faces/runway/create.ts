// POST /v1/{text_to_video|image_to_video|video_to_video}: validate, enforce the daily cap (429) and the balance,
// charge the estimate up front, schedule against the model's concurrency (THROTTLED past it), start the media.
import { randomUUID } from 'node:crypto';
import { creditsToMicroUsd, runwayCredits } from '../../../catalog/runway-catalog.js';
import type { RunwayEndpointName } from '../../../catalog/runway-types.js';
import type { Reply, RequestContext, SimState } from '../../context.js';
import { generationTimes } from '../../durations.js';
import type { JobRecord } from '../../job.js';
import type { JobFailure } from '../../lifecycle.js';
import { isModerated } from '../../moderation.js';
import { startRender, type JobWatcher } from '../../render-job.js';
import { RunwayHttpError } from './errors.js';
import { outputTaskOf } from './files.js';
import { replan } from './schedule.js';
import type { RunwayTask } from './state.js';
import { creditsHeld, keepsCharge } from './status.js';
import { limitsFor } from './tiers.js';
import { checkRunwayCreate, type RunwayTaskSpec } from './validate.js';

const dayMs = 24 * 3_600_000;
// Codes from https://docs.dev.runwayml.com/errors/task-failures/.
const moderationFailure = { code: 'SAFETY.INPUT.TEXT', message: 'The prompt was flagged by our content moderation system.' };
const badOutputFailure = { code: 'INTERNAL.BAD_OUTPUT.CODE01', message: 'The generated output did not pass our quality checks.' };
// Runway has no webhooks: nobody is told when a task ends.
const nobody: JobWatcher = { watch: () => undefined, check: () => undefined };

// One draw per task whatever the prompt, so a seed fixes which tasks fail (as on the other faces).
function failureFor(sim: SimState, prompt: string): JobFailure | undefined {
  const unlucky = sim.faults.willFail();
  if (isModerated(prompt)) return { ...moderationFailure, atFraction: 0.05 };
  return unlucky ? { ...badOutputFailure, atFraction: 0.6 } : undefined;
}

function retryCountOf(ctx: RequestContext): number | null {
  const raw = ctx.headers['x-stainless-retry-count'];
  const value = Number(Array.isArray(raw) ? raw[0] : raw);
  return raw === undefined || !Number.isInteger(value) ? null : value;
}

export function tasksOf(sim: SimState, model: string): RunwayTask[] {
  return [...sim.runway.tasks.values()].filter((task) => task.model.model === model);
}

/** Tasks of this model created in the past 24 hours (the API's `dailyGenerations`). */
export function dailyGenerations(sim: SimState, model: string, nowMs: number): number {
  return tasksOf(sim, model).filter((task) => task.job.createdAtMs > nowMs - dayMs).length;
}

export function creditBalance(sim: SimState, nowMs: number): number {
  const { options } = sim.runway;
  return options.credits - [...sim.runway.tasks.values()].reduce((sum, task) => sum + creditsHeld(task, nowMs, options), 0);
}

export function replanModel(sim: SimState, model: string, nowMs: number): void {
  const limit = limitsFor(sim.runway.options, model).maxConcurrentGenerations;
  replan(tasksOf(sim, model), nowMs, limit, sim.runway.options.pendingMs);
}

function admit(sim: SimState, spec: RunwayTaskSpec, credits: number, nowMs: number): void {
  const { maxDailyGenerations } = limitsFor(sim.runway.options, spec.model.model);
  if (maxDailyGenerations !== null && dailyGenerations(sim, spec.model.model, nowMs) >= maxDailyGenerations) {
    throw new RunwayHttpError(429, `You have exceeded the daily generation limit of ${maxDailyGenerations} tasks for ${spec.model.model}. Try again later or upgrade your tier.`);
  }
  if (creditBalance(sim, nowMs) < credits) throw new RunwayHttpError(400, 'You do not have enough credits to run this task.');
}

export function createTaskHandler(name: RunwayEndpointName) {
  return (ctx: RequestContext): Reply => {
    const { sim } = ctx;
    const { options } = sim.runway;
    const rules = { ownUrl: (url: string) => outputTaskOf(ctx, url) !== undefined, allowHttp: options.allowHttpMedia };
    const spec = checkRunwayCreate(name, ctx.body.fields, rules, (url) => {
      const source = outputTaskOf(ctx, url);
      return source ? { size: source.job.size, seconds: source.job.seconds } : undefined;
    });
    const credits = runwayCredits(spec.model, spec.seconds, spec.audio);
    const now = sim.clock.now();
    admit(sim, spec, credits, now);
    const times = generationTimes(spec.model.model, spec.size, spec.seconds, sim.options.timeScale, sim.options.durations);
    const failure = failureFor(sim, spec.prompt);
    const id = randomUUID();
    const job: JobRecord = {
      kind: name === 'video_to_video' ? 'edit' : 'create',
      model: spec.model.model,
      size: spec.size,
      seconds: spec.seconds,
      prompt: spec.prompt,
      billedSeconds: spec.seconds,
      priceMicroUsd: creditsToMicroUsd(credits),
      remixedFromVideoId: null,
      sourceVideoId: null,
      extensionCount: 0,
      id,
      seq: sim.store.size,
      createdAtMs: now,
      queueMs: options.pendingMs,
      runMs: times.runMs,
      ...(failure ? { failure } : {}),
      idempotencyKey: null,
      retryCount: retryCountOf(ctx),
      delivery: 'pending',
      protocol: 'runway',
      chargeOn: (state) => keepsCharge(state, options),
    };
    const task: RunwayTask = { id, job, model: spec.model, endpoint: name, estimatedCredits: credits, slotAtMs: Number.POSITIVE_INFINITY };
    sim.store.add(job);
    sim.runway.tasks.set(id, task);
    replanModel(sim, spec.model.model, now);
    startRender(sim, job, nobody);
    ctx.created = job;
    ctx.videoId = id;
    return { kind: 'json', body: { id, estimatedCost: { credits } } };
  };
}
