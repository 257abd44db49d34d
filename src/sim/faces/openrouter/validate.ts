// A submit body checked against the model's row of `/videos/models`: pure, no I/O. Out-of-set values are refused
// with 400, as OpenRouter does ("validate client-side"); unknown fields are ignored.
import { openRouterFrameOf, openRouterModel } from '../../../catalog/openrouter-catalog.js';
import type { OpenRouterModelData } from '../../../catalog/openrouter-types.js';
import { badRequest } from './errors.js';

export interface OpenRouterJobSpec {
  model: OpenRouterModelData;
  prompt: string;
  seconds: number;
  size: string;
  resolution: string;
  aspectRatio: string;
  audio: boolean;
  firstFrame: boolean;
  callbackUrl?: string;
  previousJobId?: string;
}

const list = (values: readonly (string | number)[]) => values.map((v) => `'${v}'`).join(', ');

function pick<T extends string | number>(field: string, raw: unknown, allowed: readonly T[], fallback: T, model: string): T {
  if (raw === undefined) return fallback;
  if (allowed.includes(raw as T)) return raw as T;
  throw badRequest(`Invalid ${field} ${JSON.stringify(raw)} for model ${model}: expected one of ${list(allowed)}`);
}

const isImageUrl = (url: unknown) => typeof url === 'string' && (/^https:\/\//.test(url) || /^data:image\/(png|jpeg|webp);base64,/.test(url));
const loopback = new Set(['127.0.0.1', 'localhost', '[::1]']);

function callbackOf(raw: unknown): string | undefined {
  if (raw === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = typeof raw === 'string' ? new URL(raw) : undefined;
  } catch {
    url = undefined;
  }
  // HTTPS only; plain HTTP to this machine so tests can listen on loopback.
  if (!url || !(url.protocol === 'https:' || (url.protocol === 'http:' && loopback.has(url.hostname)))) throw badRequest('callback_url must be an HTTPS URL');
  return url.href;
}

function frameImages(raw: unknown, model: OpenRouterModelData): boolean {
  if (raw === undefined) return false;
  if (!Array.isArray(raw)) throw badRequest('frame_images must be an array');
  for (const frame of raw as { type?: unknown; image_url?: { url?: unknown }; frame_type?: unknown }[]) {
    if (frame?.type !== 'image_url' || !isImageUrl(frame.image_url?.url)) throw badRequest('frame_images[].image_url.url must be an https:// or data:image/… URL');
    if (!(model.frameImages as readonly unknown[]).includes(frame.frame_type)) {
      throw badRequest(`Model ${model.id} does not support frame_type ${JSON.stringify(frame.frame_type)}${model.frameImages.length ? `: expected one of ${list(model.frameImages)}` : ''}`);
    }
  }
  return raw.some((frame: { frame_type?: unknown }) => frame.frame_type === 'first_frame');
}

function capability(field: 'generate_audio' | 'seed', raw: unknown, supported: boolean | null, model: string, type: 'boolean' | 'integer'): void {
  if (raw === undefined) return;
  if (supported !== true) throw badRequest(`Model ${model} does not support ${field}`);
  if (type === 'boolean' ? typeof raw !== 'boolean' : !Number.isInteger(raw)) throw badRequest(`${field} must be a ${type}`);
}

/** The job a body asks for, or a 400 saying what is wrong. */
export function checkOpenRouterSubmit(body: Record<string, unknown>, models: readonly OpenRouterModelData[]): OpenRouterJobSpec {
  if (typeof body.model !== 'string' || body.model === '') throw badRequest('model is required');
  const model = openRouterModel(body.model, models);
  if (!model) throw badRequest(`${body.model} is not a valid video generation model ID`);
  const firstFrame = frameImages(body.frame_images, model);
  if (body.input_references !== undefined && !Array.isArray(body.input_references)) throw badRequest('input_references must be an array');
  if (body.prompt !== undefined && typeof body.prompt !== 'string') throw badRequest('prompt must be a string');
  const prompt = typeof body.prompt === 'string' ? body.prompt : '';
  if (prompt.trim() === '' && body.frame_images === undefined) throw badRequest(`prompt is required for model ${model.id}`);
  const seconds = pick('duration', body.duration, model.durations, model.durations[0] ?? 0, model.id);
  let resolution = pick('resolution', body.resolution, model.resolutions, model.resolutions.includes('720p') ? '720p' : (model.resolutions[0] ?? ''), model.id);
  let aspectRatio = pick('aspect_ratio', body.aspect_ratio, model.aspectRatios, model.aspectRatios.includes('16:9') ? '16:9' : (model.aspectRatios[0] ?? ''), model.id);
  if (body.size !== undefined) {
    // `size` is interchangeable with resolution + aspect_ratio; both sent must agree.
    const frame = typeof body.size === 'string' ? openRouterFrameOf(model, body.size) : undefined;
    if (!frame) throw badRequest(`Invalid size ${JSON.stringify(body.size)} for model ${model.id}`);
    if ((body.resolution !== undefined && body.resolution !== frame.resolution) || (body.aspect_ratio !== undefined && body.aspect_ratio !== frame.aspectRatio)) throw badRequest(`size ${body.size} contradicts resolution / aspect_ratio`);
    ({ resolution, aspectRatio } = frame);
  }
  const size = model.sizes[aspectRatio]?.[resolution];
  if (!size) throw badRequest(`Model ${model.id} has no ${resolution} output at ${aspectRatio}`);
  capability('generate_audio', body.generate_audio, model.generateAudio, model.id, 'boolean');
  capability('seed', body.seed, model.seed, model.id, 'integer');
  const audio = typeof body.generate_audio === 'boolean' ? body.generate_audio : model.generateAudio === true;
  const callbackUrl = callbackOf(body.callback_url);
  if (body.previous_job_id !== undefined && typeof body.previous_job_id !== 'string') throw badRequest('previous_job_id must be a string');
  const previousJobId = body.previous_job_id as string | undefined;
  return { model, prompt, seconds, size, resolution, aspectRatio, audio, firstFrame, ...(callbackUrl ? { callbackUrl } : {}), ...(previousJobId ? { previousJobId } : {}) };
}
