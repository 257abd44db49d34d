// Runway and OpenRouter models as `render models` lists them: what they take, what they make, and their price in
// the provider's own unit (Runway credits; OpenRouter's `pricing_skus` under their live key names). Pure.
import { endpointSizes } from './runway-catalog.js';
import type { RunwayModelData } from './runway-types.js';
import { openRouterSizeList } from './openrouter-catalog.js';
import type { OpenRouterModelData } from './openrouter-types.js';
import type { ModelListing } from './listing.js';

const usd = (credits: number) => `$${(credits / 100).toFixed(2)}`;

function runwayPriceText(model: RunwayModelData): string {
  const rate = model.price.creditsPerSecond;
  const text = typeof rate === 'number' ? `${rate} credits/s (${usd(rate)}/s)` : `${rate.audio} credits/s with audio (${usd(rate.audio)}/s), ${rate.silent} without (${usd(rate.silent)}/s)`;
  return model.priceVerified ? text : `${text}, unverified`;
}

export function runwayListing(model: RunwayModelData): ModelListing {
  const has = (name: string) => model.endpoints.some((e) => e.name === name);
  const capabilities = [
    has('image_to_video') ? (has('text_to_video') ? 'reference' : 'reference (required)') : '',
    model.endpoints.some((e) => e.positions?.includes('last')) ? 'last-frame' : '',
    has('video_to_video') ? (has('text_to_video') || has('image_to_video') ? 'remix (video_to_video)' : 'remix only (video_to_video of a parent clip)') : '',
    model.audio ? `audio${model.audio.default ? ' (on by default)' : ''}` : '',
  ].filter(Boolean);
  return {
    provider: 'runway',
    model: model.model,
    description: model.description,
    capabilities,
    sizes: [...new Set(model.endpoints.flatMap(endpointSizes))],
    seconds: model.durations.values,
    endpoints: Object.fromEntries(model.endpoints.map((e) => [e.name, `POST /v1/${e.name}`])),
    price: { unit: 'credit', text: runwayPriceText(model), date: model.priceDate, source: model.priceSource },
  };
}

export function openRouterListing(model: OpenRouterModelData): ModelListing {
  const skus = Object.entries(model.pricingSkus ?? {});
  const capabilities = [
    model.frameImages.includes('first_frame') ? 'reference' : '',
    model.frameImages.includes('last_frame') ? 'last-frame' : '',
    'remix (previous_job_id)',
    model.generateAudio === true ? 'audio (on by default)' : model.generateAudio === false ? 'audio (off by default)' : '',
  ].filter(Boolean);
  return {
    provider: 'openrouter',
    model: model.id,
    description: model.description,
    capabilities,
    sizes: openRouterSizeList(model),
    seconds: model.durations,
    price: {
      unit: skus.some(([key]) => key.includes('token')) && !skus.some(([key]) => key.includes('second')) ? 'token' : 'second',
      text: skus.length > 0 ? skus.map(([key, value]) => `${key}: ${value}`).join(', ') : 'no pricing_skus',
      date: model.priceDate,
      source: model.priceSource,
    },
  };
}
