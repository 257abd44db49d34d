// The whole catalog as one list, for `render models`: every provider's models with what they take, what they make
// and what they cost, in the provider's own price unit with the date it was read. Pure.
import { builtinCatalog } from './builtin-models.js';
import { falModels } from './fal-catalog.js';
import { durationsOf, endpointFrames } from './fal-frames.js';
import { openRouterListing, runwayListing } from './listing-providers.js';
import { openRouterModels } from './openrouter-models.js';
import type { OpenRouterModelData } from './openrouter-types.js';
import { runwayModels } from './runway-models.js';
import type { RunwayModelData } from './runway-types.js';
import type { CatalogData, FalModelData, FalPrice } from './types.js';

export const listedProviders = ['openai', 'fal', 'runway', 'openrouter'] as const;
export type ListedProvider = (typeof listedProviders)[number];

export interface ModelListing {
  provider: ListedProvider;
  model: string;
  description: string;
  /** What a shot can give or ask: reference (first frame), last-frame, references (with their maximum), remix, extend, audio. */
  capabilities: string[];
  sizes: string[];
  seconds: number[];
  /** Endpoint ids by mode (fal), endpoint paths by name (Runway). Empty `sizes` or `seconds`: the source clip's. */
  endpoints?: Record<string, string>;
  /** `credit`: Runway credits (1 credit = $0.01); OpenRouter's text is its `pricing_skus`, keys as sent. */
  price: { unit: 'second' | 'video' | 'token' | 'credit'; text: string; date: string; source: string };
}

function falPriceText(price: FalPrice): string {
  if (price.unit === 'video') return Object.entries(price.usdPerVideo).map(([seconds, usd]) => `$${usd} per ${seconds} s video`).join(', ');
  if (price.unit === 'token') return `$${price.usdPer1kTokens} per 1000 tokens (tokens = width × height × seconds × ${price.tokenFps} / 1024)`;
  return Object.entries(price.usdPerSecond).map(([resolution, { audio, silent }]) => (audio === silent ? `${resolution} $${audio}/s` : `${resolution} $${audio}/s with audio, $${silent}/s without`)).join('; ');
}

function falListing(model: FalModelData): ModelListing {
  const has = (test: (e: FalModelData['endpoints'][number]) => boolean) => model.endpoints.some(test);
  const refs = Math.max(0, ...model.endpoints.map((e) => e.media.references?.max ?? 0));
  const capabilities = [
    has((e) => e.mode !== 'extend' && e.media.firstFrame !== undefined) ? 'reference' : '',
    has((e) => e.media.lastFrame !== undefined) ? 'last-frame' : '',
    refs > 0 ? `references (up to ${refs})` : '',
    has((e) => e.mode === 'extend') ? 'extend' : '',
    model.audio.field === null ? (model.audio.default ? 'audio (always)' : '') : 'audio',
  ].filter(Boolean);
  const main = model.endpoints.find((e) => e.mode === 'text-to-video') ?? model.endpoints[0];
  const sizes = [...new Set(model.endpoints.filter((e) => e.mode !== 'extend').flatMap((e) => endpointFrames(model, e).map((f) => f.size)))];
  return {
    provider: 'fal',
    model: model.family,
    description: model.description,
    capabilities,
    sizes,
    seconds: main ? durationsOf(model, main).values : model.durations.values,
    endpoints: Object.fromEntries(model.endpoints.map((e) => [e.mode, e.id])),
    price: { unit: main?.price.unit ?? 'second', text: main ? falPriceText(main.price) : '', date: model.priceDate, source: model.priceSource },
  };
}

function openaiListing(catalog: CatalogData): ModelListing[] {
  return Object.entries(catalog.models).map(([id, model]) => ({
    provider: 'openai',
    model: id,
    description: model.description ?? '',
    capabilities: [model.reference ? 'reference' : '', model.remix ? 'remix' : '', 'audio'].filter(Boolean),
    sizes: model.sizes,
    seconds: model.seconds,
    price: { unit: 'second', text: Object.entries(model.pricePerSecondUsd).map(([size, usd]) => `${size} $${usd}/s`).join('; '), date: catalog.priceDate, source: catalog.priceSource },
  }));
}

/** Every built-in model, OpenAI's first, optionally of one provider. */
export function catalogListing(
  provider?: ListedProvider,
  catalog: CatalogData = builtinCatalog,
  fal: readonly FalModelData[] = falModels,
  runway: readonly RunwayModelData[] = runwayModels,
  openRouter: readonly OpenRouterModelData[] = openRouterModels,
): ModelListing[] {
  const all = [...openaiListing(catalog), ...fal.map(falListing), ...runway.map(runwayListing), ...openRouter.map(openRouterListing)];
  return provider ? all.filter((entry) => entry.provider === provider) : all;
}
