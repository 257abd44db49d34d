// Pure planning: a checked storyboard and a catalog in, every shot priced in remix-safe order out. No I/O.
import type { ShotKind } from '../common/shot-kind.js';
import { RenderError } from '../common/errors.js';
import { usdToMicro, type MicroUsd } from '../common/money.js';
import { shotCostMicro } from '../catalog/catalog.js';
import { falFamily } from '../catalog/fal-catalog.js';
import { falShotCostMicro } from '../catalog/fal-price.js';
import { openRouterModel, openRouterModels, openRouterShotCostMicro } from '../catalog/openrouter-catalog.js';
import type { OpenRouterModelData } from '../catalog/openrouter-types.js';
import { runwayModel, runwayShotCostMicro } from '../catalog/runway-catalog.js';
import type { CatalogData } from '../catalog/types.js';
import type { Budget, Cut, ReferenceFit, Shot, ShotReference, Storyboard } from '../storyboard/model.js';
import { findModel } from '../storyboard/resolve-catalog.js';
import { parentsFirst } from './order.js';

/**
 * What a shot asks the provider for: the one shape every stage shares. The executor receives it (plus what it needs
 * to run it), the report records it (plus how it ended).
 */
export interface ShotRequest {
  id: string;
  kind: ShotKind;
  /** Which provider serves `model` (`openai`, `fal`, `runway`, `openrouter`); absent means openai. */
  provider?: string | undefined;
  model: string;
  /** `WIDTHxHEIGHT` */
  size: string;
  seconds: number;
  prompt: string;
  take: number;
  /** The shot this one remixes; it comes earlier in the plan. */
  remixOf?: string | undefined;
  /** The shot whose clip this one continues (`seconds` is the time it adds); it comes earlier in the plan. */
  extendOf?: string | undefined;
}

/** The request part of any shot-shaped value (a planned, executed or recorded shot), in its documented order. */
export function requestOf(shot: ShotRequest): ShotRequest {
  const { id, kind, provider, model, size, seconds, prompt, take, remixOf, extendOf } = shot;
  return { id, kind, provider: provider ?? 'openai', model, size, seconds, prompt, take, ...(remixOf === undefined ? {} : { remixOf }), ...(extendOf === undefined ? {} : { extendOf }) };
}

/** The shot a derived shot (remix or extension) is made from, if any. */
export function parentOf(shot: Pick<ShotRequest, 'remixOf' | 'extendOf'>): string | undefined {
  return shot.remixOf ?? shot.extendOf;
}

/** One generation to pay for. A later stage adds cache state (hit or miss) per shot. */
export interface PlannedShot extends ShotRequest {
  reference?: ShotReference;
  lastFrame?: ShotReference;
  references?: ShotReference[];
  referenceFit: ReferenceFit;
  /** Length of the clip the shot makes when it differs from `seconds`: an extension's parent clip plus what it adds. */
  clipSeconds?: number | undefined;
  retries: number;
  /** Price of one generation, integer micro-dollars. */
  costMicroUsd: MicroUsd;
}

export interface Plan {
  name: string;
  /** Parents before their remixes; otherwise storyboard order. */
  shots: PlannedShot[];
  /** The final cut, resolved once here: which shots, trimmed how, joined how, written where. */
  cut: Cut;
  totalMicroUsd: MicroUsd;
  /** The OpenAI-protocol catalog's price date and source. */
  priceDate: string;
  priceSource: string;
  /** Every price list the plan's shots were priced from, oldest first: one per provider catalog (fal: per model). */
  prices: PriceSource[];
}

export interface PriceSource {
  provider: string;
  date: string;
  source: string;
}

/** The OpenRouter models a storyboard's shots are priced from: its catalog file's, else the built-ins. */
function openRouterModelsOf(storyboard: Pick<Storyboard, 'catalogs'>): readonly OpenRouterModelData[] {
  return storyboard.catalogs?.openrouter?.models ?? openRouterModels;
}

/** Where one shot's price comes from: the provider's catalog entry for its model (each carries its date and source). */
function priceSourceOf(shot: Shot, catalog: CatalogData, openRouter: readonly OpenRouterModelData[]): PriceSource {
  const entry = shot.provider === 'fal' ? falFamily(shot.model) : shot.provider === 'runway' ? runwayModel(shot.model) : shot.provider === 'openrouter' ? openRouterModel(shot.model, openRouter) : undefined;
  return entry ? { provider: shot.provider, date: entry.priceDate, source: entry.priceSource } : { provider: shot.provider, date: catalog.priceDate, source: catalog.priceSource };
}

function uniquePrices(sources: readonly PriceSource[]): PriceSource[] {
  const seen = new Map(sources.map((source) => [`${source.date} ${source.source}`, source]));
  return [...seen.values()].sort((a, b) => a.date.localeCompare(b.date) || a.source.localeCompare(b.source));
}

/** Price every shot of a (validated) storyboard. Throws a RenderError (exit 2) for a model or size without a price. */
export function planStoryboard(storyboard: Storyboard, catalog: CatalogData): Plan {
  const clipSeconds = new Map<string, number>();
  const openRouter = openRouterModelsOf(storyboard);
  const shots = parentsFirst(storyboard.shots).map((shot) => {
    const planned = planShot(shot, catalog, openRouter, shot.extendOf === undefined ? shot.seconds : (clipSeconds.get(shot.extendOf) ?? 0) + shot.seconds);
    clipSeconds.set(shot.id, planned.clipSeconds ?? planned.seconds);
    return planned;
  });
  return {
    name: storyboard.name,
    shots,
    cut: storyboard.cut,
    totalMicroUsd: shots.reduce((sum, shot) => sum + shot.costMicroUsd, 0),
    priceDate: catalog.priceDate,
    priceSource: catalog.priceSource,
    prices: uniquePrices(storyboard.shots.map((shot) => priceSourceOf(shot, catalog, openRouter))),
  };
}

/** What one generation of the shot costs, from the catalog of its provider; undefined when it has no price. */
function costOf(shot: Shot, catalog: CatalogData, openRouter: readonly OpenRouterModelData[]): number | undefined {
  if (shot.provider === 'runway') {
    // A remix is a video_to_video of its parent's clip, billed per output second like any task.
    const media = { firstFrame: shot.reference !== undefined, lastFrame: shot.lastFrame !== undefined, sourceVideo: shot.remixOf !== undefined };
    return runwayShotCostMicro(shot.model, { size: shot.size, seconds: shot.seconds, media });
  }
  if (shot.provider === 'openrouter') return openRouterShotCostMicro(shot.model, { size: shot.size, seconds: shot.seconds, firstFrame: shot.reference !== undefined }, openRouter);
  if (shot.provider === 'fal') {
    const media = { firstFrame: shot.reference !== undefined, lastFrame: shot.lastFrame !== undefined, references: shot.references?.length ?? 0, sourceVideo: shot.extendOf !== undefined };
    // An extension is billed for the seconds it adds, which is what its `seconds` says.
    return falShotCostMicro(shot.model, { size: shot.size, seconds: shot.seconds, media });
  }
  const model = findModel(catalog, shot.model);
  return model && shotCostMicro(model, shot.size, shot.seconds);
}

function kindOf(shot: Shot): ShotKind {
  if (shot.remixOf !== undefined) return 'remix';
  return shot.extendOf === undefined ? 'create' : 'extend';
}

function planShot(shot: Shot, catalog: CatalogData, openRouter: readonly OpenRouterModelData[], clipSeconds: number): PlannedShot {
  const cost = costOf(shot, catalog, openRouter);
  if (cost === undefined) {
    // Fail closed: what cannot be priced cannot be budgeted, so it is never planned.
    throw new RenderError('MODEL_NO_PRICE', `no price for ${shot.model} at ${shot.size} in the catalog`, {
      location: shot.location,
      shot: shot.id,
    });
  }
  return {
    id: shot.id,
    kind: kindOf(shot),
    provider: shot.provider,
    model: shot.model,
    size: shot.size,
    seconds: shot.seconds,
    prompt: shot.prompt,
    take: shot.take,
    ...(shot.remixOf === undefined ? {} : { remixOf: shot.remixOf }),
    ...(shot.extendOf === undefined ? {} : { extendOf: shot.extendOf }),
    ...(shot.reference === undefined ? {} : { reference: shot.reference }),
    ...(shot.lastFrame === undefined ? {} : { lastFrame: shot.lastFrame }),
    ...(shot.references === undefined ? {} : { references: shot.references }),
    referenceFit: shot.referenceFit,
    ...(clipSeconds === shot.seconds ? {} : { clipSeconds }),
    retries: shot.retries,
    // A gateway model may allow fractional seconds; round up so money stays integer and is never under-counted.
    costMicroUsd: Math.ceil(cost),
  };
}

/** The cap that applies to a run: the lower of `budget.max-usd` and `--max-usd`; undefined when neither is set. */
export function effectiveCapMicro(budget: Pick<Budget, 'maxUsd'>, cliMaxUsd?: number): MicroUsd | undefined {
  const caps = [budget.maxUsd, cliMaxUsd === undefined ? undefined : usdToMicro(cliMaxUsd)].filter((cap): cap is number => cap !== undefined);
  return caps.length === 0 ? undefined : Math.min(...caps);
}
