// POST /videos, /videos/{id}/remix, /videos/edits and /videos/extensions: validate, find the source, then submit.
import type { Reply, RequestContext } from '../context.js';
import { invalidRequest, videoNotFound } from '../http/api-error.js';
import type { JobRecord } from '../job.js';
import { jobStateAt } from '../lifecycle.js';
import type { ModelRules } from './model-rules.js';
import { submitJob } from './submit.js';
import { readModel, readSeconds, validateCreate } from './validate-create.js';
import { validateEdit, validateExtend, validateRemix, type VideoSource } from './validate-derived.js';

// Extensions: at most six per video, 120 seconds in all (guide; docs/design/openai-videos-protocol.md#remix-edits-and-extensions).
const maxExtensions = 6;
const maxExtendedSeconds = 120;

function rulesContext(ctx: RequestContext) {
  return { catalog: ctx.sim.options.catalog, extended: ctx.sim.options.extended };
}

function completedSource(ctx: RequestContext, id: string, action: string): { job: JobRecord; rules: ModelRules } {
  const job = ctx.sim.store.get(id);
  if (!job) throw videoNotFound(id);
  const status = jobStateAt(job, ctx.sim.clock.now()).status;
  if (status !== 'completed') throw invalidRequest(`Video '${id}' cannot be ${action}: its status is '${status}', and only completed videos can be.`, 'video_id', 'invalid_video_state');
  return { job, rules: readModel({ model: job.model }, rulesContext(ctx)) };
}

export function handleCreate(ctx: RequestContext): Reply {
  const { request, rules } = validateCreate(ctx.body, rulesContext(ctx));
  const unknownCharacter = request.characterIds.find((id) => !ctx.sim.characters.has(id));
  if (unknownCharacter) throw invalidRequest(`Character '${unknownCharacter}' not found.`, 'characters', 'invalid_value');
  const { prompt, model, size, seconds } = request;
  const draft = { kind: 'create' as const, prompt, model, size, seconds, billedSeconds: seconds, priceMicroUsd: rules.priceMicro(size, seconds) };
  return submitJob(ctx, { ...draft, remixedFromVideoId: null, sourceVideoId: null, extensionCount: 0 }, rules.rpm);
}

export function handleRemix(ctx: RequestContext): Reply {
  const prompt = validateRemix(ctx.body);
  ctx.videoId = ctx.id;
  const { job: source, rules } = completedSource(ctx, ctx.id, 'remixed');
  const { model, size, seconds } = source;
  const draft = { kind: 'remix' as const, prompt, model, size, seconds, billedSeconds: seconds, priceMicroUsd: rules.priceMicro(size, seconds) };
  return submitJob(ctx, { ...draft, remixedFromVideoId: source.id, sourceVideoId: source.id, extensionCount: 0 }, rules.rpm);
}

// An uploaded MP4 stands in for a source job: its size must be one the model makes.
function uploadedSource(ctx: RequestContext, source: Extract<VideoSource, { kind: 'upload' }>, model: string | undefined) {
  const rules = readModel({ model }, rulesContext(ctx));
  const size = `${source.info.width}x${source.info.height}`;
  if (!rules.sizes.includes(size)) throw invalidRequest(`Invalid 'video': its size ${size} is not one model '${rules.id}' supports.`, 'video', 'invalid_value');
  return { rules, size, seconds: Math.max(1, Math.round(source.info.durationSeconds)), model: rules.id, id: null, extensionCount: 0 };
}

function resolveSource(ctx: RequestContext, source: VideoSource, action: string, model?: string) {
  if (source.kind === 'upload') return uploadedSource(ctx, source, model);
  const { job, rules } = completedSource(ctx, source.id, action);
  ctx.videoId = job.id;
  return { rules, size: job.size, seconds: job.seconds, model: job.model, id: job.id, extensionCount: job.extensionCount };
}

export function handleEdit(ctx: RequestContext): Reply {
  const request = validateEdit(ctx.body);
  const { rules, size, seconds, model, id } = resolveSource(ctx, request.source, 'edited', request.model);
  const draft = { kind: 'edit' as const, prompt: request.prompt, model, size, seconds, billedSeconds: seconds, priceMicroUsd: rules.priceMicro(size, seconds) };
  return submitJob(ctx, { ...draft, remixedFromVideoId: null, sourceVideoId: id, extensionCount: 0 }, rules.rpm);
}

export function handleExtend(ctx: RequestContext): Reply {
  const request = validateExtend(ctx.body);
  const source = resolveSource(ctx, request.source, 'extended');
  const added = readSeconds({ seconds: request.seconds }, source.rules, ctx.sim.options.extended, undefined);
  const extensionCount = source.extensionCount + 1;
  if (extensionCount > maxExtensions) throw invalidRequest(`Video '${source.id}' has already been extended ${maxExtensions} times, the most allowed.`, 'video', 'invalid_value');
  const total = source.seconds + added;
  if (total > maxExtendedSeconds) throw invalidRequest(`An extended video can be at most ${maxExtendedSeconds} seconds long; this one would be ${total}.`, 'seconds', 'invalid_value');
  const draft = { kind: 'extend' as const, prompt: request.prompt, model: source.model, size: source.size, seconds: total, billedSeconds: added };
  // Extensions are assumed priced per generated second, like everything else (unverified: docs/design/openai-videos-protocol.md#pricing).
  const priced = { ...draft, priceMicroUsd: source.rules.priceMicro(source.size, added) };
  return submitJob(ctx, { ...priced, remixedFromVideoId: null, sourceVideoId: source.id, extensionCount }, source.rules.rpm);
}
