// Rules against the catalog: the model exists, allows the shot's size and seconds, has a price there (fail closed),
// takes a reference if one is given, can be remixed if a remix asks; a new `models:` entry is complete.
import type { CatalogData } from '../../catalog/types.js';
import { didYouMeanSuffix } from '../did-you-mean.js';
import type { DraftShot, InheritedKey, StoryboardDraft } from '../draft.js';
import type { DocPath, ProblemList } from '../problems.js';
import { findModel } from '../resolve-catalog.js';
import { rootOf } from './remix.js';
import { shotsById } from './shot-ids.js';

/** `base` is the catalog before the storyboard's `models:` block; `catalog` has it merged in. */
export function checkModels(draft: StoryboardDraft, base: CatalogData, catalog: CatalogData, problems: ProblemList): void {
  const incomplete = checkNewModels(draft, base, problems);
  const byId = shotsById(draft.shots);
  // fal, Runway and OpenRouter shots are checked against their own catalogs (./fal-shots.ts, ./runway-shots.ts,
  // ./openrouter-shots.ts); a remix of any of them takes a prompt only.
  for (const shot of draft.shots.filter((s) => s.provider !== 'fal')) {
    if (shot.remixOf === undefined) {
      // A shot on an incomplete new model would only repeat that model's problem.
      if (shot.provider === 'openai' && !incomplete.has(shot.model)) checkGeneration(shot, catalog, problems);
      continue;
    }
    const root = rootOf(shot, byId);
    const model = root && root.provider === 'openai' ? findModel(catalog, root.model) : undefined;
    if (model && !model.remix) {
      problems.at([...shot.path, 'remix-of'], 'REMIX_NOT_SUPPORTED', `model ${root?.model} cannot be remixed (its catalog entry says remix: false)`);
    }
    if (shot.referencePath !== undefined) {
      problems.at([...shot.path, 'reference'], 'REF_ON_REMIX', 'a remix takes no reference image (the remix endpoint takes a prompt only)');
    }
  }
}

/** Report new models that lack sizes, seconds or prices; returns their ids. */
function checkNewModels(draft: StoryboardDraft, base: CatalogData, problems: ProblemList): Set<string> {
  const incomplete = new Set<string>();
  for (const [id, data] of Object.entries(draft.models)) {
    if (Object.hasOwn(base.models, id)) continue;
    const missing = (['sizes', 'seconds', 'price-per-second'] as const).filter(
      (key) => (key === 'price-per-second' ? data.pricePerSecondUsd : data[key]) === undefined,
    );
    if (missing.length === 0) continue;
    incomplete.add(id);
    problems.at(['models', id], 'MODEL_INCOMPLETE', `new model "${id}" must give sizes, seconds and price-per-second (missing: ${missing.join(', ')})`);
  }
  return incomplete;
}

function checkGeneration(shot: DraftShot, catalog: CatalogData, problems: ProblemList): void {
  const model = findModel(catalog, shot.model);
  if (!model) {
    const known = Object.keys(catalog.models);
    problems.at(blame(shot, 'model'), 'MODEL_UNKNOWN', `unknown model "${shot.model}"${didYouMeanSuffix(shot.model, known)}; known models: ${known.join(', ')}`, {
      hint: 'Add it under `models:` with its sizes, seconds and price-per-second to use it through a gateway.',
    });
    return;
  }
  const sizeAllowed = model.sizes.includes(shot.size);
  if (!sizeAllowed) {
    problems.at(blame(shot, 'size'), 'MODEL_SIZE', `size ${shot.size}${fromDefaults(shot, 'size')} is not allowed for ${shot.model}; allowed: ${model.sizes.join(', ')}`);
  }
  if (!model.seconds.includes(shot.seconds)) {
    problems.at(blame(shot, 'seconds'), 'MODEL_SECONDS', `${shot.seconds} seconds${fromDefaults(shot, 'seconds')} is not allowed for ${shot.model}; allowed: ${model.seconds.join(', ')}`);
  }
  if (sizeAllowed && typeof model.pricePerSecondUsd[shot.size] !== 'number') {
    problems.at(blame(shot, 'size'), 'MODEL_NO_PRICE', `${shot.model} has no price for size ${shot.size} in the catalog, so its cost cannot be planned`, {
      hint: `Add it under models: ${shot.model}: price-per-second: {${shot.size}: USD}.`,
    });
  }
  if (shot.referencePath !== undefined && !model.reference) {
    problems.at([...shot.path, 'reference'], 'REF_NOT_SUPPORTED', `model ${shot.model} takes no reference image (its catalog entry says reference: false)`);
  }
}

/**
 * Where to point for a bad model, size or seconds: the shot's own key if it sets it; the `defaults:` key when
 * the whole combination comes from there (reported once, not per shot); otherwise the shot itself.
 */
export function blame(shot: DraftShot, key: InheritedKey): DocPath {
  if (shot.origin[key] === 'shot') return [...shot.path, key];
  const combinationFromDefaults = key === 'model' || shot.origin.model !== 'shot';
  if (shot.origin[key] === 'defaults' && combinationFromDefaults) return ['defaults', key];
  return shot.path;
}

export function fromDefaults(shot: DraftShot, key: InheritedKey): string {
  return shot.origin[key] === 'shot' ? '' : shot.origin[key] === 'defaults' ? ' (from defaults)' : ' (the default)';
}
