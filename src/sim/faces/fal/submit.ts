// POST /{endpoint id}: validate against the catalog, price it, take a concurrency slot, and create the job.
import { randomUUID } from 'node:crypto';
import { falCharge } from '../../../catalog/fal-catalog.js';
import type { Reply, RequestContext } from '../../context.js';
import { generationTimes } from '../../durations.js';
import type { JobRecord } from '../../job.js';
import type { JobFailure } from '../../lifecycle.js';
import { isModerated } from '../../moderation.js';
import { startRender } from '../../render-job.js';
import { FalHttpError, notFound, requestError, validationError, type FieldError } from './errors.js';
import { takeSlot } from './schedule.js';
import type { FalErrorAnswer, FalRequest } from './state.js';
import { sourceOf } from './storage.js';
import { checkFalInput, type FalJobSpec } from './validate.js';
import { queueBody } from './status.js';

const generationFailure = { code: 'runner_server_error', message: 'The runner failed while generating the video.' };
const policyFailure = { code: 'content_policy_violation', message: 'The content could not be processed because it contained material flagged by a content checker.' };

function header(ctx: RequestContext, name: string): string | undefined {
  const value = ctx.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function parseTags(raw: string | undefined): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const pair of (raw ?? '').split(',')) {
    const [key, ...rest] = pair.split('=');
    if (key?.trim() && rest.length > 0 && !key.trim().startsWith('fal.')) tags[key.trim()] = rest.join('=').trim();
  }
  return tags;
}

// One draw per job whatever the prompt, so a seed fixes which jobs fail (as on the /v1/videos face).
function failureFor(ctx: RequestContext, prompt: string): JobFailure | undefined {
  const unlucky = ctx.sim.faults.willFail();
  if (isModerated(prompt)) return { ...policyFailure, atFraction: 0.05 };
  return unlucky ? { ...generationFailure, atFraction: 0.6 } : undefined;
}

function maxQueueLength(ctx: RequestContext): void {
  const raw = ctx.query.get('fal_max_queue_length');
  if (raw === null) return;
  const now = ctx.sim.clock.now();
  const waiting = [...ctx.sim.fal.requests.values()].filter((r) => now < r.job.createdAtMs + r.job.queueMs).length;
  if (waiting > Number(raw)) throw requestError(429, `The queue has ${waiting} requests waiting, more than fal_max_queue_length=${raw}.`, 'queue_full');
}

interface Accepted {
  spec: FalJobSpec;
  /** Validation errors to report at result time instead of now (falValidateAt: 'result'). */
  lateErrors?: FieldError[];
}

function accept(ctx: RequestContext, endpointId: string, input: Record<string, unknown>): Accepted {
  const checked = checkFalInput(endpointId, input, (url) => sourceOf(ctx, url));
  if (!checked) throw notFound(`Application '${endpointId}' not found`);
  if (checked.ok) return { spec: checked.spec };
  if (ctx.sim.options.falValidateAt === 'submit') throw validationError(checked.errors);
  // Accept it as a runner would, then fail: run it as the endpoint's defaults so it has a size and a price.
  const fallback = checkFalInput(endpointId, { prompt: 'invalid input' }, () => undefined);
  if (!fallback?.ok) throw validationError(checked.errors);
  return { spec: fallback.spec, lateErrors: checked.errors };
}

export function handleFalSubmit(ctx: RequestContext): Reply {
  const { sim } = ctx;
  const endpointId = ctx.id;
  const input = ctx.body.fields;
  maxQueueLength(ctx);
  const { spec, lateErrors } = accept(ctx, endpointId, input);
  const charge = falCharge(spec.endpoint.price, { resolution: spec.resolution, size: spec.size, seconds: spec.generatedSeconds, audio: spec.audio });
  if (!charge) throw new FalHttpError(422, { detail: [{ loc: ['body', 'resolution'], msg: `No price for ${spec.resolution} / ${spec.generatedSeconds} s on ${endpointId}`, type: 'value_error' }] });
  const now = sim.clock.now();
  const times = generationTimes(spec.model.family, spec.size, spec.generatedSeconds, sim.options.timeScale, sim.options.durations);
  const drawn = failureFor(ctx, spec.prompt);
  const failure: JobFailure | undefined = lateErrors ? { code: 'validation_error', message: 'Invalid input', atFraction: 0 } : drawn;
  const startMs = takeSlot(sim.fal.slotFreeAtMs, now + times.queueMs, times.runMs, failure?.atFraction);
  const requestId = randomUUID();
  const job: JobRecord = {
    kind: spec.endpoint.mode === 'extend' ? 'extend' : spec.endpoint.mode === 'video-to-video' ? 'edit' : 'create',
    model: spec.model.family,
    size: spec.size,
    seconds: spec.seconds,
    prompt: spec.prompt,
    billedSeconds: spec.generatedSeconds,
    priceMicroUsd: charge.microUsd,
    remixedFromVideoId: null,
    sourceVideoId: null,
    extensionCount: 0,
    id: requestId,
    seq: sim.store.size,
    createdAtMs: now,
    queueMs: startMs - now,
    runMs: times.runMs,
    ...(failure ? { failure } : {}),
    idempotencyKey: null,
    retryCount: null,
    delivery: 'pending',
    protocol: 'fal',
    chargeOn: 'success',
  };
  // Other failures are read from the job when asked: a render can still fail it later.
  const error: FalErrorAnswer | undefined = lateErrors ? { status: 422, body: validationError(lateErrors).body, errorType: 'validation_error', message: 'Invalid input' } : undefined;
  const webhookUrl = ctx.query.get('fal_webhook') ?? undefined;
  const request: FalRequest = { requestId, job, model: spec.model, endpoint: spec.endpoint, input, charge, tags: parseTags(header(ctx, 'x-fal-tags')), origin: ctx.origin, ...(error ? { error } : {}), ...(webhookUrl ? { webhookUrl } : {}) };
  sim.store.add(job);
  sim.fal.requests.set(requestId, request);
  startRender(sim, job, sim.fal.webhooks);
  ctx.created = job;
  ctx.videoId = requestId;
  // The submit answer is always IN_QUEUE, as of the instant the request was accepted.
  const body = { ...queueBody(ctx, request, false, now - 1), status: 'IN_QUEUE' };
  return { kind: 'json', body, headers: { 'x-fal-request-id': requestId } };
}
