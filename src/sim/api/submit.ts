// The paid step shared by create, remix, edit and extend: idempotency, the per-model rate limit, billing, the new job.
import type { Reply, RequestContext, SimState } from '../context.js';
import { generationTimes } from '../durations.js';
import { invalidRequest, SimApiError } from '../http/api-error.js';
import { newId } from '../ids.js';
import { toVideoResource, type JobDraft, type JobRecord } from '../job.js';
import type { JobFailure } from '../lifecycle.js';
import { isModerated, moderationFailure } from '../moderation.js';
import { startRender } from '../render-job.js';

const generationFailure = { code: 'video_generation_failed', message: 'Video generation failed. Please try again.' } as const;

function header(ctx: RequestContext, name: string): string | undefined {
  const value = ctx.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

// One draw per job whatever the prompt, so a seed fixes which jobs fail.
function failureFor(sim: SimState, prompt: string): JobFailure | undefined {
  const unlucky = sim.faults.willFail();
  if (isModerated(prompt)) return { ...moderationFailure, atFraction: 0.05 };
  return unlucky ? { ...generationFailure, atFraction: 0.6 } : undefined;
}

function rateLimited(retryAfterMs: number, limit: number, model: string): SimApiError {
  return new SimApiError(
    429,
    { message: `Rate limit reached for ${model} in organization org-sim on requests per min (RPM): Limit ${limit}. Please try again in ${Math.ceil(retryAfterMs / 1000)}s.`, type: 'requests', code: 'rate_limit_exceeded' },
    { 'retry-after': String(Math.ceil(retryAfterMs / 1000)), 'retry-after-ms': String(retryAfterMs), 'x-ratelimit-limit-requests': String(limit), 'x-ratelimit-remaining-requests': '0' },
  );
}

function replay(ctx: RequestContext, key: string, draft: JobDraft): Reply | undefined {
  const previous = ctx.sim.idempotency.get(key);
  const job = previous === undefined ? undefined : ctx.sim.store.get(previous);
  if (!job) return undefined;
  if (job.kind !== draft.kind || job.prompt !== draft.prompt || job.model !== draft.model || job.size !== draft.size || job.seconds !== draft.seconds) {
    throw invalidRequest('Keys for idempotent requests can only be used with the same parameters they were first used with.', null, 'idempotency_key_reused');
  }
  ctx.created = job;
  ctx.videoId = job.id;
  return { kind: 'json', body: toVideoResource(job, ctx.sim.clock.now(), ctx.sim.options.ttlSeconds, ctx.sim.faults.get().clockSkewMs), headers: { 'idempotent-replayed': 'true' } };
}

/** Bill and start a job; `catalogRpm` is the model's limit unless the simulator was given another. */
export function submitJob(ctx: RequestContext, draft: JobDraft, catalogRpm: number): Reply {
  const { sim } = ctx;
  const key = header(ctx, 'idempotency-key');
  const replayed = key === undefined ? undefined : replay(ctx, key, draft);
  if (replayed) return replayed;
  const now = sim.clock.now();
  const limit = sim.options.rpmFor(draft.model, catalogRpm);
  const admission = sim.limiter.admit(draft.model, limit, now);
  if (!admission.admitted) throw rateLimited(admission.retryAfterMs, limit, draft.model);
  const retryHeader = header(ctx, 'x-stainless-retry-count');
  const failure = failureFor(sim, draft.prompt);
  const job: JobRecord = {
    ...draft,
    id: newId('video'),
    seq: sim.store.size,
    createdAtMs: now,
    ...generationTimes(draft.model, draft.size, draft.seconds, sim.options.timeScale, sim.options.durations),
    ...(failure ? { failure } : {}),
    idempotencyKey: key ?? null,
    retryCount: retryHeader === undefined ? null : Number(retryHeader),
    delivery: 'pending',
  };
  sim.store.add(job);
  if (key !== undefined) sim.idempotency.set(key, job.id);
  startRender(sim, job);
  ctx.created = job;
  ctx.videoId = job.id;
  const headers = { 'x-ratelimit-limit-requests': String(limit), 'x-ratelimit-remaining-requests': String(admission.remaining) };
  return { kind: 'json', body: toVideoResource(job, now, sim.options.ttlSeconds, sim.faults.get().clockSkewMs), headers };
}
