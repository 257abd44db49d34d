// A shot as a fal submit, and a listed submit back as a shot's recipe: pure, from the catalog alone.
import { falEndpoints, falFamily } from '../../catalog/fal-catalog.js';
import { decodeDuration, durationsOf, encodeDuration, frameOf, endpointFrames, pickFalEndpoint } from '../../catalog/fal-frames.js';
import type { FalEndpoint, FalModelData } from '../../catalog/types.js';
import { ProviderError, type CreateRequest } from '../provider.js';

export interface FalSubmitPlan {
  model: FalModelData;
  endpoint: FalEndpoint;
  /** The input without its images (added once uploaded). */
  input: Record<string, unknown>;
}

const invalid = (message: string) => new ProviderError({ kind: 'invalid', message, code: 'invalid_request' });

/** The endpoint and input for a create; a request the catalog says the model cannot do is refused before any call. */
export function planFalSubmit(request: CreateRequest, models?: readonly FalModelData[]): FalSubmitPlan {
  const model = falFamily(request.model, models);
  if (!model) throw invalid(`'${request.model}' is not a fal model in the catalog (run \`render models --provider fal\`)`);
  const media = { firstFrame: request.reference !== undefined, lastFrame: request.lastFrame !== undefined, references: request.references?.length ?? 0 };
  const endpoint = pickFalEndpoint(model, media);
  if (!endpoint) throw invalid(`${model.family} has no endpoint taking ${describeMedia(media)}`);
  const frame = frameOf(model, endpoint, request.size);
  if (!frame) throw invalid(`${endpoint.id} cannot make ${request.size}; it makes ${endpointFrames(model, endpoint).map((f) => f.size).join(', ')}`);
  const durations = durationsOf(model, endpoint);
  if (!durations.values.includes(request.seconds)) throw invalid(`${endpoint.id} cannot make ${request.seconds} s; it makes ${durations.values.join(', ')} s`);
  const input: Record<string, unknown> = { prompt: request.prompt, duration: encodeDuration(durations, request.seconds) };
  if (frame.aspectRatio !== null) input.aspect_ratio = frame.aspectRatio;
  if (frame.resolution !== null) input.resolution = frame.resolution;
  return { model, endpoint, input };
}

function describeMedia(media: { firstFrame: boolean; lastFrame: boolean; references: number }): string {
  const parts = [media.firstFrame ? 'a first frame' : '', media.lastFrame ? 'a last frame' : '', media.references > 0 ? `${media.references} reference image(s)` : ''].filter(Boolean);
  return parts.length > 0 ? parts.join(' and ') : 'a prompt alone';
}

/** Image URLs (uploaded, or data URIs) put into the fields this endpoint reads them from. */
export function withImages(plan: FalSubmitPlan, urls: { firstFrame?: string; lastFrame?: string; references?: string[] }): Record<string, unknown> {
  const { media } = plan.endpoint;
  const input = { ...plan.input };
  if (urls.firstFrame && media.firstFrame) input[media.firstFrame] = urls.firstFrame;
  if (urls.lastFrame && media.lastFrame) input[media.lastFrame] = urls.lastFrame;
  if (urls.references?.length && media.references) input[media.references.field] = media.references.max === 1 ? urls.references[0] : urls.references;
  return input;
}

/** The extend endpoint of the family that made `parentEndpointId`, and its input for the parent's clip at `videoUrl`. */
export function planFalExtend(parentEndpointId: string, prompt: string, videoUrl: string, models?: readonly FalModelData[], seconds?: number): FalSubmitPlan & { addedSeconds: number } {
  const model = falEndpoints(parentEndpointId, models)[0]?.model;
  const endpoint = model?.endpoints.find((e) => e.mode === 'extend');
  if (!model || !endpoint?.media.sourceVideo) throw invalid(`${model?.family ?? parentEndpointId} cannot extend a clip (fal models do not remix)`);
  const durations = durationsOf(model, endpoint);
  const added = seconds ?? durations.default;
  if (!durations.values.includes(added)) throw invalid(`${endpoint.id} cannot add ${added} s; it adds ${durations.values.join(', ')} s`);
  const input = { prompt, [endpoint.media.sourceVideo]: videoUrl, duration: encodeDuration(durations, added) };
  return { model, endpoint, input, addedSeconds: added };
}

export interface ListedRecipe {
  model: string;
  size: string;
  seconds: number;
  prompt: string | null;
  /** For an extension: the URL of the clip it continues (what fal's input names it by). */
  sourceVideoUrl?: string;
}

/** What a listed request asked for, read off its endpoint and `json_input`; undefined for an endpoint we do not know. */
export function recipeOf(endpointId: string, input: Record<string, unknown> | null | undefined, models?: readonly FalModelData[]): ListedRecipe | undefined {
  const match = falEndpoints(endpointId, models).find((m) => m.endpoint.mode !== 'extend' || (input ?? {})[m.endpoint.media.sourceVideo ?? ''] !== undefined);
  if (!match) return undefined;
  const { model, endpoint } = match;
  const raw = input ?? {};
  const frames = endpointFrames(model, endpoint);
  const resolution = typeof raw.resolution === 'string' ? raw.resolution : model.resolutions.default;
  const ratio = typeof raw.aspect_ratio === 'string' && raw.aspect_ratio !== 'auto' ? raw.aspect_ratio : null;
  const frame = frames.find((f) => (f.aspectRatio === null || f.aspectRatio === (ratio ?? endpoint.defaultAspectRatio)) && (f.resolution === null || f.resolution === resolution));
  return {
    model: model.family,
    size: frame?.size ?? '',
    seconds: decodeDuration(durationsOf(model, endpoint), raw.duration) ?? 0,
    prompt: typeof raw.prompt === 'string' ? raw.prompt : null,
    ...(endpoint.mode === 'extend' && typeof raw[endpoint.media.sourceVideo ?? ''] === 'string' ? { sourceVideoUrl: raw[endpoint.media.sourceVideo!] as string } : {}),
  };
}
