// Types of a validated storyboard: keys mapped from kebab-case YAML to camelCase once, defaults resolved.
import type { Location } from '../common/errors.js';
import type { MicroUsd } from '../common/money.js';
import type { OpenRouterModelData } from '../catalog/openrouter-types.js';
import type { ModelData } from '../catalog/types.js';

export type ReferenceFit = 'cover' | 'contain' | 'none';
export type TransitionType = 'cut' | 'crossfade' | 'fade';

export interface ShotReference {
  /** As written in the storyboard (relative to its folder). */
  path: string;
  /** Absolute, symlinks resolved, checked to stay inside the storyboard's folder (unless allowed otherwise). */
  absPath: string;
  mime: 'image/png' | 'image/jpeg' | 'image/webp';
  width: number;
  height: number;
}

export type ProviderName = 'openai' | 'fal' | 'runway' | 'openrouter';

/** One provider's settings from the `providers:` block; keys come from the environment only. */
export interface ProviderSettings {
  baseUrl?: string;
  /** Name of the environment variable holding the key. */
  apiKeyEnv?: string;
  concurrency?: number;
  rpm?: number;
  /** Jobs of one model in flight at once, by model name (Runway limits each model on its own). */
  modelConcurrency?: Record<string, number>;
  /** openrouter: a catalog file written by `render models --refresh openrouter`, relative to the storyboard. */
  catalog?: string;
}

/** A provider catalog read from a file the storyboard names (`providers.openrouter.catalog`). */
export interface LoadedOpenRouterCatalog {
  /** As written in the storyboard. */
  path: string;
  absPath: string;
  /** ISO instant the listing was fetched: its date is the price date. */
  fetchedAt: string;
  source: string;
  models: OpenRouterModelData[];
}

export interface Shot {
  id: string;
  prompt: string;
  /** Which provider generates it; `model` is that provider's own name for the model. */
  provider: ProviderName;
  model: string;
  /** `WIDTHxHEIGHT` */
  size: string;
  seconds: number;
  /** The first frame (fal: picks the image-to-video endpoint). */
  reference?: ShotReference;
  /** The frame the clip ends on (fal first-and-last-frame endpoints). */
  lastFrame?: ShotReference;
  /** Style or asset references (fal reference-to-video endpoints). */
  references?: ShotReference[];
  referenceFit: ReferenceFit;
  /** Fresh generation of identical parameters; 1 by default. */
  take: number;
  /** Id of the shot this one remixes; it inherits model, size and seconds. */
  remixOf?: string;
  /** Id of the shot whose clip this one continues (fal extend endpoints); it inherits model and size, `seconds` is added. */
  extendOf?: string;
  /** Retries of a failed generation, within budget. */
  retries: number;
  /** Where the shot's mapping starts in the file. */
  location: Location;
}

export interface CutEntry {
  shot: string;
  from?: number;
  to?: number;
}

export interface Cut {
  output: string;
  entries: CutEntry[];
  transition: { type: TransitionType; seconds: number };
  audio: { loudnorm: boolean; targetLufs: number };
  /** Target size of the cut; default the first entry's shot size. */
  size: string;
  fit: 'contain' | 'cover';
}

export interface Budget {
  maxUsd?: MicroUsd;
  maxUsdPerDay?: MicroUsd;
  /** Count failed or moderated jobs as possibly billed (default true). */
  countFailed: boolean;
}

export interface Storyboard {
  version: 1;
  /** Absolute path of the file. */
  file: string;
  /** Absolute folder of the file: every relative path is resolved here. */
  dir: string;
  /** SHA-256 of the bytes read at load: the report names what was run even if the file changes meanwhile. */
  sourceSha256: string;
  name: string;
  provider: { baseUrl?: string };
  /** The `providers:` block, by provider. */
  providers: Partial<Record<ProviderName, ProviderSettings>>;
  /** Catalog overrides from the `models:` block (camelCased ModelData fields). */
  models: Record<string, Partial<ModelData>>;
  /** Provider catalogs read from files (`providers.openrouter.catalog`): they replace that provider's built-ins. */
  catalogs?: { openrouter?: LoadedOpenRouterCatalog };
  budget: Budget;
  concurrency: number;
  rateLimit: { rpm?: number };
  shots: Shot[];
  cut: Cut;
}
