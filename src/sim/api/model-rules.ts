// Which sizes, durations and prices the simulator accepts per model: the catalog, plus the guide-only values when `extended`.
import { shotCostMicro, type CatalogData, type ModelData } from '../../catalog/catalog.js';

/** The typed contract's enums, and the guide's additions (docs/design/openai-videos-protocol.md#three-sources-that-disagree). */
export const contractSizes = ['720x1280', '1280x720', '1024x1792', '1792x1024'] as const;
export const contractSeconds = ['4', '8', '12'] as const;
const guideSizes = ['1080x1920', '1920x1080'];
const guideSeconds = ['16', '20'];
// Guide pricing for 1080p on sora-2-pro, $0.70 per second (docs/design/openai-videos-protocol.md#pricing).
const guide1080pUsdPerSecond = 0.7;

export interface ModelRules {
  id: string;
  sizes: string[];
  seconds: string[];
  rpm: number;
  /** Price of `seconds` generated seconds at `size`, in micro-dollars. */
  priceMicro(size: string, seconds: number): number;
}

export function allSizes(extended: boolean): string[] {
  return extended ? [...contractSizes, ...guideSizes] : [...contractSizes];
}

export function allSeconds(extended: boolean): string[] {
  return extended ? [...contractSeconds, ...guideSeconds] : [...contractSeconds];
}

function extendModel(id: string, model: ModelData): ModelData {
  const isPro = id.includes('-pro');
  const seconds = [...new Set([...model.seconds, 16, 20])];
  if (!isPro) return { ...model, seconds };
  const prices = Object.fromEntries(guideSizes.map((size) => [size, guide1080pUsdPerSecond]));
  return { ...model, seconds, sizes: [...new Set([...model.sizes, ...guideSizes])], pricePerSecondUsd: { ...prices, ...model.pricePerSecondUsd } };
}

export function modelRules(catalog: CatalogData, id: string, extended: boolean): ModelRules | undefined {
  const base = catalog.models[id];
  if (!base) return undefined;
  const model = extended ? extendModel(id, base) : base;
  return {
    id,
    sizes: model.sizes,
    seconds: model.seconds.map(String),
    rpm: model.rpm,
    priceMicro: (size, seconds) => shotCostMicro(model, size, seconds) ?? 0,
  };
}
