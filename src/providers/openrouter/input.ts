// What one shot sends to POST /videos, decided from the catalog alone (pure): the model's resolution and aspect ratio
// for the shot's size, its duration, and images as data URLs. Refused here, before anything is sent, when the model
// cannot do it (OpenRouter answers out-of-set values with 400 anyway).
import { openRouterFrameOf, openRouterModel } from '../../catalog/openrouter-catalog.js';
import type { OpenRouterModelData } from '../../catalog/openrouter-types.js';
import type { CreateRequest, ReferenceImage } from '../provider.js';
import { ProviderError } from '../provider.js';

/** The SDK's `VideoGenerationRequest` (camelCase; it sends snake_case on the wire). */
export interface OpenRouterSubmit {
  model: string;
  prompt: string;
  duration: number;
  resolution: string;
  aspectRatio: string;
  frameImages?: { type: 'image_url'; imageUrl: { url: string }; frameType: 'first_frame' | 'last_frame' }[];
  inputReferences?: { type: 'image_url'; imageUrl: { url: string } }[];
  callbackUrl?: string;
  previousJobId?: string;
  sessionId?: string;
}

const refuse = (message: string) => new ProviderError({ kind: 'invalid', message });

export const dataUrl = (image: ReferenceImage) => `data:${image.mime};base64,${Buffer.from(image.bytes).toString('base64')}`;

export function openRouterModelFor(id: string, models: readonly OpenRouterModelData[]): OpenRouterModelData {
  const model = openRouterModel(id, models);
  if (!model) throw refuse(`${id} is not an OpenRouter video model in the catalog (refresh it with render models --refresh openrouter)`);
  return model;
}

export function planOpenRouterSubmit(request: Pick<CreateRequest, 'model' | 'size' | 'seconds' | 'prompt' | 'reference' | 'lastFrame' | 'references'>, models: readonly OpenRouterModelData[]): OpenRouterSubmit {
  const model = openRouterModelFor(request.model, models);
  const frame = openRouterFrameOf(model, request.size);
  if (!frame) throw refuse(`${model.id} makes no ${request.size} video`);
  if (!model.durations.includes(request.seconds)) throw refuse(`${model.id} makes ${model.durations.join(', ')} s clips, not ${request.seconds} s`);
  const frames: NonNullable<OpenRouterSubmit['frameImages']> = [];
  for (const [image, frameType] of [[request.reference, 'first_frame'], [request.lastFrame, 'last_frame']] as const) {
    if (!image) continue;
    if (!model.frameImages.includes(frameType)) throw refuse(`${model.id} takes no ${frameType.replace('_', ' ')} image`);
    frames.push({ type: 'image_url', imageUrl: { url: dataUrl(image) }, frameType });
  }
  const references = (request.references ?? []).map((image) => ({ type: 'image_url' as const, imageUrl: { url: dataUrl(image) } }));
  return {
    model: model.id,
    prompt: request.prompt,
    duration: request.seconds,
    resolution: frame.resolution,
    aspectRatio: frame.aspectRatio,
    ...(frames.length > 0 ? { frameImages: frames } : {}),
    ...(references.length > 0 ? { inputReferences: references } : {}),
  };
}
