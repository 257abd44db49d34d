// Schema-valid raw YAML → a typed draft: kebab-case keys mapped to camelCase once, defaults filled in.
// Remix inheritance, cut size and references are settled later, by the rules that check them.
import { usdToMicro } from '../common/money.js';
import type { ModelData } from '../catalog/types.js';
import { storyboardDefaults as D } from './defaults.js';
import type { Cut, ProviderSettings, Shot, Storyboard } from './model.js';
import type { DocPath, Locate } from './problems.js';
import type { RawCut, RawModel, RawProviderSettings, RawSeconds, RawShot, RawStoryboard } from './raw.js';

/** A shot before its reference is read and (for a remix) its model, size and seconds are inherited. */
export interface DraftShot extends Omit<Shot, 'reference' | 'lastFrame' | 'references'> {
  path: DocPath;
  referencePath?: string;
  lastFramePath?: string;
  referencePaths?: string[];
  /** Where each inheritable value came from; a remix may only repeat its parent's. */
  origin: Record<InheritedKey, ValueOrigin>;
}

export type InheritedKey = 'model' | 'size' | 'seconds';
export type ValueOrigin = 'shot' | 'defaults' | 'builtin';

export interface StoryboardDraft extends Omit<Storyboard, 'shots' | 'cut' | 'catalogs'> {
  shots: DraftShot[];
  cut: Omit<Cut, 'size'> & { size?: string };
}

export interface DraftSource {
  /** Absolute path of the file, and the name problems use for it. */
  file: string;
  dir: string;
  displayFile: string;
  stem: string;
  /** SHA-256 of the bytes that were parsed. */
  sha256: string;
}

/** The default name: the file's stem made a plain folder name (`..yaml` must not name the parent of out/). */
export function nameFromStem(stem: string): string {
  return stem.replace(/[^A-Za-z0-9._-]/g, '-').replace(/^\.+/, '').slice(0, 100) || 'storyboard';
}

export function buildDraft(raw: RawStoryboard, source: DraftSource, locate: Locate): StoryboardDraft {
  const budget = raw.budget ?? {};
  return {
    version: 1,
    file: source.file,
    dir: source.dir,
    sourceSha256: source.sha256,
    name: raw.name ?? nameFromStem(source.stem),
    provider: raw.provider?.['base-url'] === undefined ? {} : { baseUrl: raw.provider['base-url'] },
    providers: Object.fromEntries(Object.entries(raw.providers ?? {}).map(([name, settings]) => [name, toProviderSettings(settings)])),
    models: Object.fromEntries(Object.entries(raw.models ?? {}).map(([id, model]) => [id, toModelData(model)])),
    budget: {
      ...(budget['max-usd'] === undefined ? {} : { maxUsd: usdToMicro(budget['max-usd']) }),
      ...(budget['max-usd-per-day'] === undefined ? {} : { maxUsdPerDay: usdToMicro(budget['max-usd-per-day']) }),
      countFailed: budget['count-failed'] ?? D.countFailed,
    },
    concurrency: raw.concurrency ?? D.concurrency,
    rateLimit: raw['rate-limit']?.rpm === undefined ? {} : { rpm: raw['rate-limit'].rpm },
    shots: raw.shots.map((shot, index) => toDraftShot(shot, raw, ['shots', index], { file: source.displayFile, ...locate(['shots', index]) })),
    cut: toCut(raw.cut ?? {}, raw.shots),
  };
}

function toDraftShot(shot: RawShot, raw: RawStoryboard, path: DocPath, location: Shot['location']): DraftShot {
  const defaults = raw.defaults ?? {};
  return {
    id: shot.id,
    prompt: shot.prompt,
    provider: shot.provider ?? defaults.provider ?? D.provider,
    model: shot.model ?? defaults.model ?? D.model,
    size: shot.size ?? defaults.size ?? D.size,
    seconds: toSeconds(shot.seconds ?? defaults.seconds ?? D.seconds),
    ...(shot.reference === undefined ? {} : { referencePath: shot.reference }),
    ...(shot['last-frame'] === undefined ? {} : { lastFramePath: shot['last-frame'] }),
    ...(shot.references === undefined ? {} : { referencePaths: shot.references }),
    referenceFit: shot['reference-fit'] ?? defaults['reference-fit'] ?? D.referenceFit,
    take: shot.take ?? D.take,
    ...(shot['remix-of'] === undefined ? {} : { remixOf: shot['remix-of'] }),
    ...(shot['extend-of'] === undefined ? {} : { extendOf: shot['extend-of'] }),
    retries: shot.retries ?? defaults.retries ?? D.retries,
    location,
    path,
    origin: {
      model: originOf(shot.model, defaults.model),
      size: originOf(shot.size, defaults.size),
      seconds: originOf(shot.seconds, defaults.seconds),
    },
  };
}

function originOf(own: unknown, fromDefaults: unknown): ValueOrigin {
  return own !== undefined ? 'shot' : fromDefaults !== undefined ? 'defaults' : 'builtin';
}

/** The schema admits a number or a numeric string ("8", as the API spells it). */
function toSeconds(value: RawSeconds): number {
  return typeof value === 'number' ? value : Number(value);
}

function toProviderSettings(raw: RawProviderSettings): ProviderSettings {
  return {
    ...(raw['base-url'] === undefined ? {} : { baseUrl: raw['base-url'] }),
    ...(raw['api-key-env'] === undefined ? {} : { apiKeyEnv: raw['api-key-env'] }),
    ...(raw.concurrency === undefined ? {} : { concurrency: raw.concurrency }),
    ...(raw.rpm === undefined ? {} : { rpm: raw.rpm }),
    ...(raw['model-concurrency'] === undefined ? {} : { modelConcurrency: Object.fromEntries(Object.entries(raw['model-concurrency'])) }),
    ...(raw.catalog === undefined ? {} : { catalog: raw.catalog }),
  };
}

function toModelData(model: RawModel): Partial<ModelData> {
  const data: Partial<ModelData> = {};
  if (model.sizes !== undefined) data.sizes = model.sizes;
  if (model.seconds !== undefined) data.seconds = model.seconds;
  if (model.reference !== undefined) data.reference = model.reference;
  if (model.remix !== undefined) data.remix = model.remix;
  if (model['price-per-second'] !== undefined) data.pricePerSecondUsd = model['price-per-second'];
  if (model.rpm !== undefined) data.rpm = model.rpm;
  if (model.description !== undefined) data.description = model.description;
  return data;
}

function toCut(cut: RawCut, shots: readonly RawShot[]): StoryboardDraft['cut'] {
  const entries = (cut.shots ?? shots.map((s) => s.id)).map((entry) => (typeof entry === 'string' ? { shot: entry } : { ...entry }));
  return {
    output: cut.output ?? D.cutOutput,
    entries,
    transition: { type: cut.transition?.type ?? D.transition.type, seconds: cut.transition?.seconds ?? D.transition.seconds },
    audio: { loudnorm: cut.audio?.loudnorm ?? D.audio.loudnorm, targetLufs: cut.audio?.['target-lufs'] ?? D.audio.targetLufs },
    ...(cut.size === undefined ? {} : { size: cut.size }),
    fit: cut.fit ?? D.cutFit,
  };
}
