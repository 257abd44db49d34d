// POST /videos: validate against the model, price it (`usage.cost` in USD, charged once completed), create the job,
// and answer 202 `{id, polling_url, status: "pending"}` with an absolute polling_url on the simulator's origin.
import { randomBytes } from 'node:crypto';
import { openRouterShotCostMicro } from '../../../catalog/openrouter-catalog.js';
import { microPerUsd, skuMicro } from '../../../catalog/openrouter-price.js';
import type { Reply, RequestContext } from '../../context.js';
import { generationTimes } from '../../durations.js';
import type { JobRecord } from '../../job.js';
import type { JobFailure } from '../../lifecycle.js';
import { isModerated } from '../../moderation.js';
import { startRender } from '../../render-job.js';
import { OpenRouterHttpError, badRequest, notFound } from './errors.js';
import { jobBody, viewAt } from './job-view.js';
import type { OpenRouterSimSettings } from './settings.js';
import type { OpenRouterJob } from './state.js';
import { checkOpenRouterSubmit, type OpenRouterJobSpec } from './validate.js';

const maxBodyBytes = 50 * 1024 * 1024;
const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

// Random, not seeded: ids must never repeat across simulator restarts.
function alphanumerics(count: number): string {
  return [...randomBytes(count)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

/** What the job costs before `costFactor`: the catalog's estimate, or for token-priced models 24 fps × pixels / 1024 tokens. */
function estimateMicro(spec: OpenRouterJobSpec): number {
  const catalog = openRouterShotCostMicro(spec.model, { size: spec.size, seconds: spec.seconds, firstFrame: spec.firstFrame, audio: spec.audio });
  if (catalog !== undefined) return catalog;
  const skus = spec.model.pricingSkus ?? {};
  const tokenKey = Object.keys(skus).find((key) => key.startsWith('video_tokens'));
  const [w = 0, h = 0] = spec.size.split('x').map(Number);
  const tokens = Math.round((w * h * spec.seconds * 24) / 1024);
  return (tokenKey && skuMicro(skus[tokenKey] ?? '', microPerUsd, tokens)) || 0;
}

function failureFor(ctx: RequestContext, prompt: string, settings: OpenRouterSimSettings, queueMs: number, runMs: number): JobFailure | undefined {
  const unlucky = ctx.sim.faults.willFail();
  if (isModerated(prompt)) return { code: 'content_policy', message: 'Content policy violation', atFraction: 0.05 };
  if (unlucky) return { code: 'provider_error', message: 'Provider returned error', atFraction: 0.6 };
  // Not done within its time to live: the job ends `expired` at that instant.
  const ttlMs = settings.jobTtlSeconds * 1000;
  if (queueMs + runMs > ttlMs) return { code: 'expired', message: 'Job exceeded maximum time to live', atFraction: runMs <= 0 ? 0 : Math.max(0, (ttlMs - queueMs) / runMs) };
  return undefined;
}

/** `previous_job_id`: the completed job of the same model this one continues. */
function sourceOf(ctx: RequestContext, spec: OpenRouterJobSpec): OpenRouterJob | undefined {
  if (!spec.previousJobId) return undefined;
  const source = ctx.sim.openRouter.jobs.get(spec.previousJobId);
  if (!source) throw notFound(`previous_job_id ${spec.previousJobId} not found`);
  if (source.model.id !== spec.model.id) throw badRequest(`previous_job_id ${spec.previousJobId} was made by ${source.model.id}, not ${spec.model.id}`);
  if (viewAt(source, ctx.sim.openRouter.settings(), ctx.sim.clock.now()).status !== 'completed') throw new OpenRouterHttpError(409, `previous_job_id ${spec.previousJobId} is not completed`);
  return source;
}

export function handleSubmit(ctx: RequestContext): Reply {
  const { sim } = ctx;
  if (Number(ctx.headers['content-length'] ?? 0) > maxBodyBytes) throw new OpenRouterHttpError(413, 'Request body exceeds the 50 MiB limit');
  const settings = sim.openRouter.settings();
  const spec = checkOpenRouterSubmit(ctx.body.fields, settings.models);
  const source = sourceOf(ctx, spec);
  const size = source?.job.size ?? spec.size;
  const now = sim.clock.now();
  const times = generationTimes(spec.model.id, size, spec.seconds, sim.options.timeScale, sim.options.durations);
  const failure = failureFor(ctx, spec.prompt, settings, times.queueMs, times.runMs);
  const chargedMicro = Math.ceil(estimateMicro({ ...spec, size }) * settings.costFactor);
  const id = `gen-vid-${Math.floor(now / 1000)}-${alphanumerics(20)}`;
  const job: JobRecord = {
    kind: source ? 'remix' : 'create',
    model: spec.model.id,
    size,
    seconds: spec.seconds,
    prompt: spec.prompt,
    billedSeconds: spec.seconds,
    priceMicroUsd: chargedMicro,
    remixedFromVideoId: source?.id ?? null,
    sourceVideoId: source?.id ?? null,
    extensionCount: 0,
    id,
    seq: sim.store.size,
    createdAtMs: now,
    queueMs: times.queueMs,
    runMs: times.runMs,
    ...(failure ? { failure } : {}),
    idempotencyKey: null,
    retryCount: null,
    delivery: 'pending',
    protocol: 'openrouter',
    // Charged once completed: `usage.cost` is reported for completed jobs only.
    chargeOn: 'success',
  };
  const callbackUrl = spec.callbackUrl ?? settings.defaultCallbackUrl;
  const entry: OpenRouterJob = { id, generationId: `gen-${Math.floor(now / 1000)}-${alphanumerics(20)}`, job, model: spec.model, input: ctx.body.fields, costUsd: chargedMicro / microPerUsd, origin: ctx.origin, ...(callbackUrl ? { callbackUrl } : {}) };
  sim.store.add(job);
  sim.openRouter.jobs.set(id, entry);
  startRender(sim, job, sim.openRouter.webhooks);
  ctx.created = job;
  ctx.videoId = id;
  const { polling_url, status } = jobBody(entry, { status: 'pending' });
  return { kind: 'json', status: 202, body: { id, polling_url, status } };
}
