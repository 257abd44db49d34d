// Look-ups over the OpenRouter models and what one shot costs, from the model's own `pricing_skus` (live key names):
// pure, integer micro-dollars, undefined when no SKU prices the shot (fail closed: the plan refuses it).
import type { MicroUsd } from '../common/money.js';
import { openRouterModels } from './openrouter-models.js';
import { microPerCent, microPerUsd, skuMicro } from './openrouter-price.js';
import type { OpenRouterModelData } from './openrouter-types.js';

export { openRouterModels };
export { catalogFromVideoModels } from './openrouter-discovery.js';

export function openRouterModel(id: string, models: readonly OpenRouterModelData[] = openRouterModels): OpenRouterModelData | undefined {
  return models.find((model) => model.id === id);
}

/** The aspect ratio and resolution whose output is `size` (`1280x720` → 16:9, 720p), or undefined. */
export function openRouterFrameOf(model: OpenRouterModelData, size: string): { aspectRatio: string; resolution: string } | undefined {
  for (const [aspectRatio, row] of Object.entries(model.sizes)) {
    for (const [resolution, frame] of Object.entries(row)) if (frame === size) return { aspectRatio, resolution };
  }
  return undefined;
}

/** Every `WIDTHxHEIGHT` the model makes. */
export function openRouterSizeList(model: OpenRouterModelData): string[] {
  return [...new Set(Object.values(model.sizes).flatMap((row) => Object.values(row)))];
}

export interface OpenRouterShot {
  size: string;
  seconds: number;
  /** The shot sends a first frame (image-to-video SKUs where the model prices modes apart). */
  firstFrame?: boolean;
  /** Audio on or off; default: the model's `generate_audio` capability (what OpenRouter does when it is not sent). */
  audio?: boolean;
}

interface Rate {
  key: string;
  microPerUnit: number;
}

/** Per-second SKU keys, most specific first: audio split, resolution, mode split, then the resolution-free forms. */
function perSecondKeys(resolution: string, audio: boolean, firstFrame: boolean): Rate[] {
  const res = resolution.toLowerCase();
  const audioWord = audio ? 'with_audio' : 'without_audio';
  const mode = firstFrame ? 'image_to_video' : 'text_to_video';
  const usd = (key: string): Rate => ({ key, microPerUnit: microPerUsd });
  const cents = (key: string): Rate => ({ key, microPerUnit: microPerCent });
  return [
    usd(`duration_seconds_${audioWord}_${res}`),
    usd(`duration_seconds_${res}`),
    usd(`${mode}_duration_seconds_${res}`),
    usd(`duration_seconds_${audioWord}`),
    usd('duration_seconds'),
    cents(`cents_per_second_output_${res}`),
    cents(`cents_per_video_output_second_${res}`),
    cents('cents_per_second_output'),
  ];
}

/** The catalog's estimate of one shot, integer micro-dollars; undefined when the model or no per-second SKU fits. */
export function openRouterShotCostMicro(modelId: string | OpenRouterModelData, shot: OpenRouterShot, models?: readonly OpenRouterModelData[]): MicroUsd | undefined {
  const model = typeof modelId === 'string' ? openRouterModel(modelId, models) : modelId;
  const frame = model && openRouterFrameOf(model, shot.size);
  if (!model?.pricingSkus || !frame || !model.durations.includes(shot.seconds)) return undefined;
  const skus = model.pricingSkus;
  const audio = shot.audio ?? model.generateAudio === true;
  const rate = perSecondKeys(frame.resolution, audio, shot.firstFrame ?? false).find((candidate) => skus[candidate.key] !== undefined);
  const cost = rate && skuMicro(skus[rate.key] ?? '', rate.microPerUnit, shot.seconds);
  if (cost === undefined) return undefined;
  const floor = skus.minimum_cents_per_generation === undefined ? 0 : skuMicro(skus.minimum_cents_per_generation, microPerCent);
  return floor === undefined ? undefined : Math.max(cost, floor);
}
