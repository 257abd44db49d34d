// The dated OpenRouter catalog file `render models --refresh openrouter` writes and a storyboard names in
// `providers.openrouter.catalog`: `{provider, fetchedAt, source, models, skipped}`, the models as catalog entries
// with `pricingSkus` under OpenRouter's own key names. Pure: building the document and checking one read back.
import type { OpenRouterCatalogData, OpenRouterModelData } from './openrouter-types.js';

export interface OpenRouterCatalogFile {
  provider: 'openrouter';
  /** ISO instant of the fetch; its date is the price date. */
  fetchedAt: string;
  /** The URL that was read. */
  source: string;
  models: OpenRouterModelData[];
  skipped: { id: string; reason: string }[];
}

export function openRouterCatalogFile(data: OpenRouterCatalogData, source: string): OpenRouterCatalogFile {
  return { provider: 'openrouter', fetchedAt: data.fetchedAt, source, models: data.models.map((model) => ({ ...model, priceSource: source })), skipped: data.skipped };
}

type Row = Record<string, unknown>;

const isRow = (value: unknown): value is Row => typeof value === 'object' && value !== null && !Array.isArray(value);
const isStrings = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === 'string');
const isStringRecord = (value: unknown): value is Record<string, string> => isRow(value) && Object.values(value).every((v) => typeof v === 'string');
const isFlag = (value: unknown): value is boolean | null => value === null || typeof value === 'boolean';

/** Why one model entry is not usable, or undefined. */
function modelProblem(entry: unknown): string | undefined {
  if (!isRow(entry)) return 'is not an object';
  if (typeof entry.id !== 'string' || entry.id === '') return 'has no id';
  if (!Array.isArray(entry.durations) || !entry.durations.every((d) => Number.isInteger(d) && (d as number) > 0)) return 'has no whole-second durations';
  if (!isRow(entry.sizes) || !Object.values(entry.sizes).every(isStringRecord)) return 'has no size table';
  if (!isStrings(entry.frameImages) || !isStrings(entry.resolutions) || !isStrings(entry.aspectRatios)) return 'lacks frameImages, resolutions or aspectRatios';
  if (!(entry.pricingSkus === null || isStringRecord(entry.pricingSkus))) return 'has pricingSkus that are not decimal strings';
  if (!isFlag(entry.generateAudio)) return 'has a generateAudio that is not true, false or null';
  return undefined;
}

/** A catalog file's content checked and turned into catalog entries, or a sentence saying what is wrong. */
export function readOpenRouterCatalogFile(json: unknown): OpenRouterCatalogFile | string {
  if (!isRow(json) || json.provider !== 'openrouter') return 'is not an OpenRouter catalog (its "provider" is not "openrouter")';
  if (typeof json.fetchedAt !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(json.fetchedAt) || Number.isNaN(Date.parse(json.fetchedAt))) return 'has no ISO "fetchedAt" instant';
  if (!Array.isArray(json.models)) return 'has no "models" list';
  const source = typeof json.source === 'string' ? json.source : 'a catalog file';
  const date = json.fetchedAt.slice(0, 10);
  const models: OpenRouterModelData[] = [];
  for (const [index, entry] of json.models.entries()) {
    const problem = modelProblem(entry);
    if (problem) return `model ${index + 1} ${problem}`;
    const row = entry as Row;
    models.push({
      provider: 'openrouter',
      id: row.id as string,
      name: typeof row.name === 'string' ? row.name : (row.id as string),
      description: typeof row.description === 'string' ? row.description : '',
      durations: row.durations as number[],
      resolutions: row.resolutions as string[],
      aspectRatios: row.aspectRatios as string[],
      sizes: row.sizes as Record<string, Record<string, string>>,
      frameImages: (row.frameImages as string[]).filter((f): f is 'first_frame' | 'last_frame' => f === 'first_frame' || f === 'last_frame'),
      generateAudio: row.generateAudio as boolean | null,
      seed: isFlag(row.seed) ? row.seed : null,
      passthrough: isStrings(row.passthrough) ? row.passthrough : [],
      pricingSkus: row.pricingSkus as Record<string, string> | null,
      // The file's fetch is the price reading, whatever an entry says.
      priceDate: date,
      priceSource: source,
    });
  }
  const skipped = Array.isArray(json.skipped) ? json.skipped.filter((s): s is { id: string; reason: string } => isRow(s) && typeof s.id === 'string' && typeof s.reason === 'string') : [];
  return { provider: 'openrouter', fetchedAt: json.fetchedAt, source, models, skipped };
}
