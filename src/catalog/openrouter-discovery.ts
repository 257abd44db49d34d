// A `GET /api/v1/videos/models` answer ({data: VideoModel[]}, snake_case as on the wire) turned into catalog entries.
// Pure: the adapter fetches, this maps. `pricing_skus` keys are kept exactly as OpenRouter sends them.
import { openRouterSizes } from './openrouter-models.js';
import type { OpenRouterCatalogData, OpenRouterFrameType, OpenRouterModelData } from './openrouter-types.js';

type Row = Record<string, unknown>;

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
const flag = (value: unknown): boolean | null => (typeof value === 'boolean' ? value : null);

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** Sizes from `supported_sizes` alone (`1280x720` → 16:9 / 720p), for rows that list no ratios or resolutions. */
function sizesFromList(list: readonly string[]): Record<string, Record<string, string>> {
  const table: Record<string, Record<string, string>> = {};
  for (const size of list) {
    const match = /^(\d+)x(\d+)$/.exec(size);
    if (!match) continue;
    const [w, h] = [Number(match[1]), Number(match[2])];
    const d = gcd(w, h);
    const ratio = `${w / d}:${h / d}`;
    table[ratio] = { ...table[ratio], [`${Math.min(w, h)}p`]: size };
  }
  return table;
}

function skus(value: unknown): Record<string, string> | null {
  if (typeof value !== 'object' || value === null) return null;
  const entries = Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
  return Object.fromEntries(entries);
}

function entryOf(row: Row, fetchedAt: string): OpenRouterModelData | string {
  const id = row.id as string;
  const durations = Array.isArray(row.supported_durations) ? row.supported_durations.filter((d): d is number => Number.isInteger(d) && d > 0) : [];
  if (durations.length === 0) return 'no supported_durations (an edit, upscale or avatar model)';
  const resolutions = strings(row.supported_resolutions);
  const aspectRatios = strings(row.supported_aspect_ratios);
  const fromPairs = openRouterSizes(aspectRatios, resolutions);
  const sizes = Object.keys(fromPairs).length > 0 ? fromPairs : sizesFromList(strings(row.supported_sizes));
  if (Object.keys(sizes).length === 0) return 'no output size that can be named as WIDTHxHEIGHT';
  return {
    provider: 'openrouter',
    id,
    name: typeof row.name === 'string' ? row.name : id,
    description: typeof row.description === 'string' ? row.description : '',
    durations: [...new Set(durations)].sort((a, b) => a - b),
    resolutions: resolutions.length > 0 ? resolutions : [...new Set(Object.values(sizes).flatMap((r) => Object.keys(r)))],
    aspectRatios: aspectRatios.length > 0 ? aspectRatios : Object.keys(sizes),
    sizes,
    frameImages: strings(row.supported_frame_images).filter((f): f is OpenRouterFrameType => f === 'first_frame' || f === 'last_frame'),
    generateAudio: flag(row.generate_audio),
    seed: flag(row.seed),
    passthrough: strings(row.allowed_passthrough_parameters),
    pricingSkus: skus(row.pricing_skus),
    priceDate: fetchedAt.slice(0, 10),
    priceSource: 'GET https://openrouter.ai/api/v1/videos/models',
  };
}

/** Catalog entries for every text-to-video row of the answer; other rows are listed in `skipped` with the reason. */
export function catalogFromVideoModels(json: unknown, fetchedAt: string): OpenRouterCatalogData {
  const data = typeof json === 'object' && json !== null ? (json as { data?: unknown }).data : undefined;
  if (!Array.isArray(data)) throw new TypeError('a /videos/models answer has a `data` array');
  const models: OpenRouterModelData[] = [];
  const skipped: { id: string; reason: string }[] = [];
  for (const item of data as unknown[]) {
    const row = (typeof item === 'object' && item !== null ? item : {}) as Row;
    if (typeof row.id !== 'string' || row.id === '') {
      skipped.push({ id: '', reason: 'a row without an id' });
      continue;
    }
    const entry = entryOf(row, fetchedAt);
    if (typeof entry === 'string') skipped.push({ id: row.id, reason: entry });
    else models.push(entry);
  }
  return { fetchedAt, models, skipped };
}
