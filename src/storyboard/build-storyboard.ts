// From schema-valid raw YAML to a checked Storyboard: draft, then every semantic rule, then the references.
import type { CatalogData } from '../catalog/types.js';
import { storyboardDefaults } from './defaults.js';
import { buildDraft, type DraftSource, type StoryboardDraft } from './draft.js';
import type { LoadedOpenRouterCatalog, Shot, Storyboard } from './model.js';
import type { Locate, ProblemList } from './problems.js';
import type { RawStoryboard } from './raw.js';
import { resolveCatalog } from './resolve-catalog.js';
import { checkCut } from './rules/cut.js';
import { inheritExtendValues } from './rules/extend.js';
import { openRouterModels } from '../catalog/openrouter-catalog.js';
import { checkFalShots } from './rules/fal-shots.js';
import { checkOpenRouterShots } from './rules/openrouter-shots.js';
import { checkProviderCatalogs } from './rules/provider-catalogs.js';
import { checkRunwayShots } from './rules/runway-shots.js';
import { checkModels } from './rules/models.js';
import { checkProvider, checkProviders } from './rules/provider.js';
import { checkReferences, type ShotImages } from './rules/references.js';
import { inheritRemixValues } from './rules/remix.js';
import { checkShotIds } from './rules/shot-ids.js';

export interface BuildOptions {
  base: CatalogData;
  allowOutside: boolean;
}

/** Run every rule; the Storyboard when nothing was reported, else undefined (the problems are in `problems`). */
export async function buildStoryboard(
  raw: RawStoryboard,
  source: DraftSource,
  locate: Locate,
  problems: ProblemList,
  options: BuildOptions,
): Promise<Storyboard | undefined> {
  const first = buildDraft(raw, source, locate);
  checkShotIds(first, problems);
  checkProvider(first, problems);
  checkProviders(first, problems);
  const draft = inheritExtendValues(inheritRemixValues(first, problems), problems);
  const catalog = resolveCatalog(draft, options.base);
  checkModels(draft, options.base, catalog, problems);
  checkFalShots(draft, catalog, problems);
  checkRunwayShots(draft, problems);
  const openRouter = await checkProviderCatalogs(draft, options.allowOutside, problems);
  // A named catalog that could not be read was reported; its shots are not checked against the built-ins instead.
  if (openRouter || draft.providers.openrouter?.catalog === undefined) checkOpenRouterShots(draft, openRouter?.models ?? openRouterModels, openRouter?.path, problems);
  checkCut(draft, problems);
  const references = await checkReferences(draft, options.allowOutside, problems);
  return problems.list().length === 0 ? finish(draft, references, openRouter) : undefined;
}

function finish(draft: StoryboardDraft, images: ShotImages, openRouter: LoadedOpenRouterCatalog | undefined): Storyboard {
  const shots = draft.shots.map((draftShot): Shot => {
    const { path: _path, origin: _origin, referencePath: _referencePath, lastFramePath: _lastFramePath, referencePaths: _referencePaths, ...shot } = draftShot;
    const reference = images.reference.get(shot.id);
    const lastFrame = images.lastFrame.get(shot.id);
    const references = images.references.get(shot.id);
    return { ...shot, ...(reference ? { reference } : {}), ...(lastFrame ? { lastFrame } : {}), ...(references ? { references } : {}) };
  });
  const firstCutShot = shots.find((shot) => shot.id === draft.cut.entries[0]?.shot);
  const size = draft.cut.size ?? firstCutShot?.size ?? storyboardDefaults.size;
  return { ...draft, shots, cut: { ...draft.cut, size }, ...(openRouter ? { catalogs: { openrouter: openRouter } } : {}) };
}
