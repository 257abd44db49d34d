// Catalog look-ups: merge storyboard overrides over the built-ins, price a shot in micro-dollars.
import { usdToMicro, type MicroUsd } from '../common/money.js';
import { builtinCatalog } from './builtin-models.js';
import type { CatalogData, ModelData } from './types.js';

export type { CatalogData, ModelData } from './types.js';
export { builtinCatalog };

/** Override entries replace the keys they set; a new model must set every key. */
export function mergeCatalog(base: CatalogData, overrides: Record<string, Partial<ModelData>>): CatalogData {
  const models: Record<string, ModelData> = { ...base.models };
  for (const [id, override] of Object.entries(overrides)) {
    const existing = Object.hasOwn(models, id) ? models[id] : undefined;
    models[id] = existing
      ? { ...existing, ...override, pricePerSecondUsd: { ...existing.pricePerSecondUsd, ...override.pricePerSecondUsd } }
      : (override as ModelData);
  }
  return { ...base, models };
}

/** Price per second at a size in micro-dollars, or undefined when the catalog has no price (refuse to plan). */
export function pricePerSecondMicro(model: ModelData, size: string): MicroUsd | undefined {
  const usd = model.pricePerSecondUsd[size];
  return usd === undefined ? undefined : usdToMicro(usd);
}

/** Cost of one generation: integer micro-dollars per second × whole seconds, exact. */
export function shotCostMicro(model: ModelData, size: string, seconds: number): MicroUsd | undefined {
  const perSecond = pricePerSecondMicro(model, size);
  return perSecond === undefined ? undefined : perSecond * seconds;
}
