// Built-in OpenRouter video models: data only. Capabilities are the `GET /api/v1/videos/models` rows as published in
// OpenRouter's cookbook runs (OpenRouterTeam/docs, cookbook/video-generation/choose-video-model.mdx and
// reference-to-video.mdx) or, where a row was not published, the last reading of the live endpoint; prices keep
// the live `pricing_skus` key names (not the `per-video-second` keys the guide illustrates). `render models --refresh
// openrouter` replaces all of this with the live answer (catalogFromVideoModels).
import { sizeTable } from './fal-sizes.js';
import type { OpenRouterModelData } from './openrouter-types.js';

const priceDate = '2026-09-12';
const liveSource = 'GET https://openrouter.ai/api/v1/videos/models (pricing_skus), live readings of September 2026';

/** OpenRouter spells `4K`; the size table speaks lower case. */
export function openRouterSizes(aspectRatios: readonly string[], resolutions: readonly string[]): Record<string, Record<string, string>> {
  const lower = sizeTable(aspectRatios, resolutions.map((r) => r.toLowerCase()));
  return Object.fromEntries(Object.entries(lower).map(([ratio, row]) => [ratio, Object.fromEntries(resolutions.flatMap((r) => (row[r.toLowerCase()] ? [[r, row[r.toLowerCase()] as string]] : [])))]));
}

type Entry = Omit<OpenRouterModelData, 'provider' | 'sizes' | 'priceDate' | 'priceSource'> & { priceSource?: string };

function model(entry: Entry): OpenRouterModelData {
  return { provider: 'openrouter', ...entry, sizes: openRouterSizes(entry.aspectRatios, entry.resolutions), priceDate, priceSource: entry.priceSource ?? liveSource };
}

export const openRouterModels: readonly OpenRouterModelData[] = [
  model({
    id: 'alibaba/wan-3.0',
    name: 'Wan 3.0',
    description: 'Alibaba Wan 3.0: $0.05 / $0.10 / $0.20 per second at 480p / 720p / 1080p; first frame as input.',
    durations: [2, 3, 4, 5, 6, 8, 10],
    resolutions: ['480p', '720p', '1080p'],
    aspectRatios: ['16:9', '9:16', '1:1'],
    frameImages: ['first_frame'],
    generateAudio: false,
    seed: true,
    passthrough: [],
    pricingSkus: { duration_seconds_480p: '0.05', duration_seconds_720p: '0.10', duration_seconds_1080p: '0.20' },
  }),
  model({
    id: 'minimax/hailuo-3-max',
    name: 'Hailuo 3 Max',
    description: 'MiniMax Hailuo 3 Max: $0.05 per second at 480p, $0.08 at 768p; first frame as input.',
    durations: [6, 10],
    resolutions: ['480p', '768p'],
    aspectRatios: ['16:9'],
    frameImages: ['first_frame'],
    generateAudio: false,
    seed: false,
    passthrough: [],
    pricingSkus: { duration_seconds_480p: '0.05', duration_seconds_768p: '0.08' },
  }),
  model({
    id: 'kwaivgi/kling-v3.0-std',
    name: 'Kling v3.0 Standard',
    description: 'Kling v3.0 Standard: $0.084 per second at 720p, text or first and last frame.',
    durations: [5, 10],
    resolutions: ['720p'],
    aspectRatios: ['16:9', '9:16', '1:1'],
    frameImages: ['first_frame', 'last_frame'],
    generateAudio: false,
    seed: false,
    passthrough: [],
    pricingSkus: { text_to_video_duration_seconds_720p: '0.084', image_to_video_duration_seconds_720p: '0.084' },
    priceSource: 'https://github.com/OpenRouterTeam/docs/blob/main/cookbook/video-generation/choose-video-model.mdx (lowest SKU, August 2026)',
  }),
  model({
    id: 'bytedance/seedance-2.0-fast',
    name: 'Seedance 2.0 Fast',
    // Priced per video token, whose mapping to seconds is not published: the catalog cannot price it (fail closed).
    description: 'ByteDance Seedance 2.0 Fast: 4-15 s, priced per video token ($0.0000056), so plans refuse it until OpenRouter publishes tokens per second.',
    durations: [4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
    resolutions: ['480p', '720p'],
    aspectRatios: ['1:1', '3:4', '9:16', '4:3', '16:9', '21:9', '9:21'],
    frameImages: ['first_frame', 'last_frame'],
    generateAudio: true,
    seed: true,
    passthrough: [],
    pricingSkus: { video_tokens: '0.0000056' },
    priceSource: 'https://github.com/OpenRouterTeam/docs/blob/main/cookbook/video-generation/choose-video-model.mdx (August 2026)',
  }),
];
