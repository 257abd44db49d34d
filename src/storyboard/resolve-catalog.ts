// The catalog one storyboard is checked and priced against (the built-ins with its `models:` block merged over
// them), and safe look-ups in it.
import { builtinCatalog, mergeCatalog, type CatalogData, type ModelData } from '../catalog/catalog.js';
import { newModelDefaults } from './defaults.js';
import type { Storyboard } from './model.js';

/** Built-in (or `base`) catalog merged with the storyboard's overrides; new models get fail-closed defaults. */
export function resolveCatalog(storyboard: Pick<Storyboard, 'models'>, base: CatalogData = builtinCatalog): CatalogData {
  const overrides: Record<string, Partial<ModelData>> = {};
  for (const [id, override] of Object.entries(storyboard.models)) {
    overrides[id] = Object.hasOwn(base.models, id) ? override : { ...newModelDefaults, pricePerSecondUsd: {}, sizes: [], seconds: [], ...override };
  }
  return mergeCatalog(base, overrides);
}

/** A catalog entry by id; own keys only, so a model named like `constructor` is not found on the prototype. */
export function findModel(catalog: CatalogData, id: string): ModelData | undefined {
  return Object.hasOwn(catalog.models, id) ? catalog.models[id] : undefined;
}
