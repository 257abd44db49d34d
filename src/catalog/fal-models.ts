// Built-in fal.ai video models: data only. Endpoint ids, input fields and enums follow the types generated into
// fal-ai/fal-js (libs/client/src/types/endpoints.ts); prices are each model page's, read 2026-12-01 (source per entry).
// A price marked `priceVerified: false` was not published for that endpoint and is assumed equal to its sibling's.
import { sizeTable } from './fal-sizes.js';
import type { FalDurations, FalEndpoint, FalModelData, FalPrice } from './types.js';

const priceDate = '2026-12-01';
const veoRatios = ['16:9', '9:16'];
const veoResolutions = ['720p', '1080p', '4k'];
const veoDurations: FalDurations = { encoding: 'seconds-suffix', values: [4, 6, 8], default: 8 };
// "Extend Veo-Created Videos up to 30 seconds": each call adds the documented default of 7 s.
const veoExtendDurations: FalDurations = { encoding: 'seconds-suffix', values: [7], default: 7 };

function perSecond(table: Record<string, [audio: number, silent: number]>): FalPrice {
  return { unit: 'second', usdPerSecond: Object.fromEntries(Object.entries(table).map(([res, [audio, silent]]) => [res, { audio, silent }])) };
}

interface VeoPrices {
  price: FalPrice;
  /** The one endpoint whose page published `price`; the others are assumed equal. */
  publishedOn: string;
  extend: FalPrice;
  extendPublished: boolean;
}

function veo(family: string, prices: VeoPrices, source: string, description: string): FalModelData {
  const withAuto = ['auto', ...veoRatios];
  const endpoint = (suffix: string, rest: Omit<FalEndpoint, 'id' | 'price' | 'priceVerified'>): FalEndpoint => ({
    id: suffix ? `${family}/${suffix}` : family,
    price: prices.price,
    priceVerified: suffix === prices.publishedOn,
    ...rest,
  });
  return {
    provider: 'fal',
    family,
    app: 'fal-ai/veo3.1',
    description,
    endpoints: [
      endpoint('', { mode: 'text-to-video', required: ['prompt'], media: {}, aspectRatios: veoRatios, defaultAspectRatio: '16:9' }),
      endpoint('image-to-video', { mode: 'image-to-video', required: ['prompt', 'image_url'], media: { firstFrame: 'image_url' }, aspectRatios: withAuto, defaultAspectRatio: 'auto' }),
      endpoint('first-last-frame-to-video', { mode: 'first-last-frame-to-video', required: ['prompt', 'first_frame_url', 'last_frame_url'], media: { firstFrame: 'first_frame_url', lastFrame: 'last_frame_url' }, aspectRatios: withAuto, defaultAspectRatio: 'auto' }),
      // The maximum number of reference images is not published; 3 is an assumption.
      endpoint('reference-to-video', { mode: 'reference-to-video', required: ['prompt', 'image_urls'], media: { references: { field: 'image_urls', max: 3 } }, aspectRatios: veoRatios, defaultAspectRatio: '16:9' }),
      { ...endpoint('extend-video', { mode: 'extend', required: ['prompt', 'video_url'], media: { sourceVideo: 'video_url' }, aspectRatios: withAuto, defaultAspectRatio: 'auto', durations: veoExtendDurations }), price: prices.extend, priceVerified: prices.extendPublished },
    ],
    durations: veoDurations,
    resolutions: { values: veoResolutions, default: '720p', param: true },
    sizes: sizeTable(veoRatios, veoResolutions),
    audio: { field: 'generate_audio', default: true },
    priceDate,
    priceSource: source,
  };
}

const veoStandardPrice = perSecond({ '720p': [0.4, 0.2], '1080p': [0.4, 0.2], '4k': [0.6, 0.4] });
const veoFastPrice = perSecond({ '720p': [0.15, 0.1], '1080p': [0.15, 0.1], '4k': [0.35, 0.3] });

const klingRatios = ['16:9', '9:16', '1:1'];
const klingPrice = perSecond({ '1080p': [0.168, 0.112] });
const kling: FalModelData = {
  provider: 'fal',
  family: 'fal-ai/kling-video/v3/pro',
  app: 'fal-ai/kling-video',
  description: 'Kling 3.0 Pro; image-to-video takes its aspect ratio from the start image',
  endpoints: [
    { id: 'fal-ai/kling-video/v3/pro/text-to-video', mode: 'text-to-video', required: ['prompt'], media: {}, aspectRatios: klingRatios, defaultAspectRatio: '16:9', price: klingPrice, priceVerified: false },
    { id: 'fal-ai/kling-video/v3/pro/image-to-video', mode: 'image-to-video', required: ['start_image_url'], media: { firstFrame: 'start_image_url', lastFrame: 'end_image_url' }, aspectRatios: [], defaultAspectRatio: '16:9', price: klingPrice, priceVerified: true },
  ],
  durations: { encoding: 'string', values: [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15], default: 5 },
  // No `resolution` input: Pro renders 1080p (an assumption the simulator relies on for sizes).
  resolutions: { values: ['1080p'], default: '1080p', param: false },
  sizes: sizeTable(klingRatios, ['1080p']),
  audio: { field: 'generate_audio', default: true },
  priceDate,
  priceSource: 'https://fal.ai/models/fal-ai/kling-video/v3/pro/image-to-video',
};

const seedanceRatios = ['21:9', '16:9', '4:3', '1:1', '3:4', '9:16'];
const seedanceResolutions = ['480p', '720p', '1080p'];
// Token-billed: tokens = height × width × seconds × 24 / 1024, $0.014 per 1000 tokens (≈ $0.3024/s at 720p 16:9).
const seedancePrice: FalPrice = { unit: 'token', usdPer1kTokens: 0.014, tokenFps: 24 };
const seedance: FalModelData = {
  provider: 'fal',
  family: 'bytedance/seedance-2.0',
  app: 'bytedance/seedance-2.0',
  description: 'ByteDance Seedance 2.0; audio costs the same as silence',
  endpoints: [
    { id: 'bytedance/seedance-2.0/text-to-video', mode: 'text-to-video', required: ['prompt'], media: {}, aspectRatios: ['auto', ...seedanceRatios], defaultAspectRatio: 'auto', price: seedancePrice, priceVerified: false },
    { id: 'bytedance/seedance-2.0/image-to-video', mode: 'image-to-video', required: ['prompt', 'image_url'], media: { firstFrame: 'image_url', lastFrame: 'end_image_url' }, aspectRatios: ['auto', ...seedanceRatios], defaultAspectRatio: 'auto', price: seedancePrice, priceVerified: true },
    { id: 'bytedance/seedance-2.0/reference-to-video', mode: 'reference-to-video', required: ['prompt', 'image_urls'], media: { references: { field: 'image_urls', max: 9 } }, aspectRatios: ['auto', ...seedanceRatios], defaultAspectRatio: 'auto', price: seedancePrice, priceVerified: false },
  ],
  durations: { encoding: 'string', values: [4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15], default: 5, auto: true },
  resolutions: { values: seedanceResolutions, default: '720p', param: true },
  sizes: sizeTable(seedanceRatios, seedanceResolutions),
  audio: { field: 'generate_audio', default: true },
  priceDate,
  priceSource: 'https://fal.ai/models/bytedance/seedance-2.0/image-to-video/llms.txt',
};

const wanRatios = ['16:9', '9:16', '1:1', '4:3', '3:4'];
const wanPrice = perSecond({ '720p': [0.1, 0.1], '1080p': [0.15, 0.15] });
const wan: FalModelData = {
  provider: 'fal',
  family: 'fal-ai/wan/v2.7',
  app: 'fal-ai/wan',
  // Durations are the strings "2"…"15" in the SDK's generated types (some third-party guides say integers).
  description: 'Alibaba Wan 2.7; `video_url` on image-to-video continues a clip',
  endpoints: [
    { id: 'fal-ai/wan/v2.7/text-to-video', mode: 'text-to-video', required: ['prompt'], media: {}, aspectRatios: wanRatios, defaultAspectRatio: '16:9', price: wanPrice, priceVerified: false },
    { id: 'fal-ai/wan/v2.7/image-to-video', mode: 'image-to-video', required: ['image_url'], media: { firstFrame: 'image_url', lastFrame: 'end_image_url' }, aspectRatios: [], defaultAspectRatio: '16:9', price: wanPrice, priceVerified: true },
    { id: 'fal-ai/wan/v2.7/image-to-video', mode: 'extend', required: ['video_url'], media: { sourceVideo: 'video_url' }, aspectRatios: [], defaultAspectRatio: '16:9', price: wanPrice, priceVerified: true },
    // Billed on input plus output seconds per its page; the maximum number of references is not published (5 assumed).
    { id: 'fal-ai/wan/v2.7/reference-to-video', mode: 'reference-to-video', required: ['prompt', 'reference_image_urls'], media: { references: { field: 'reference_image_urls', max: 5 } }, aspectRatios: wanRatios, defaultAspectRatio: '16:9', durations: { encoding: 'string', values: [2, 3, 4, 5, 6, 7, 8, 9, 10], default: 5 }, price: wanPrice, priceVerified: false },
    { id: 'fal-ai/wan/v2.7/edit-video', mode: 'video-to-video', required: ['prompt', 'video_url'], media: { sourceVideo: 'video_url', references: { field: 'reference_image_url', max: 1 } }, aspectRatios: [], defaultAspectRatio: '16:9', price: wanPrice, priceVerified: false },
  ],
  durations: { encoding: 'string', values: [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15], default: 5 },
  resolutions: { values: ['720p', '1080p'], default: '1080p', param: true },
  sizes: sizeTable(wanRatios, ['720p', '1080p']),
  // No switch: without a driving `audio_url` the model adds music.
  audio: { field: null, default: true },
  priceDate,
  priceSource: 'https://fal.ai/models/fal-ai/wan/v2.7/image-to-video/llms.txt',
};

const hailuoPrice: FalPrice = { unit: 'video', usdPerVideo: { '6': 0.28, '10': 0.56 } };
const hailuo: FalModelData = {
  provider: 'fal',
  family: 'fal-ai/minimax/hailuo-2.3/standard',
  app: 'fal-ai/minimax',
  description: 'MiniMax Hailuo 2.3 Standard, 768p, priced per video; no aspect ratio input and no audio',
  endpoints: [
    { id: 'fal-ai/minimax/hailuo-2.3/standard/text-to-video', mode: 'text-to-video', required: ['prompt'], media: {}, aspectRatios: [], defaultAspectRatio: '16:9', price: hailuoPrice, priceVerified: true },
    { id: 'fal-ai/minimax/hailuo-2.3/standard/image-to-video', mode: 'image-to-video', required: ['prompt', 'image_url'], media: { firstFrame: 'image_url' }, aspectRatios: [], defaultAspectRatio: '16:9', price: hailuoPrice, priceVerified: false },
  ],
  durations: { encoding: 'string', values: [6, 10], default: 6 },
  resolutions: { values: ['768p'], default: '768p', param: false },
  sizes: sizeTable(['16:9'], ['768p']),
  audio: { field: null, default: false },
  priceDate,
  priceSource: 'https://fal.ai/models/fal-ai/minimax/hailuo-2.3/standard/text-to-video/llms.txt',
};

export const falModels: readonly FalModelData[] = [
  veo('fal-ai/veo3.1', { price: veoStandardPrice, publishedOn: '', extend: veoStandardPrice, extendPublished: false }, 'https://fal.ai/models/fal-ai/veo3.1/llms.txt', 'Google Veo 3.1'),
  veo(
    'fal-ai/veo3.1/fast',
    { price: veoFastPrice, publishedOn: 'first-last-frame-to-video', extend: perSecond({ '720p': [0.15, 0.1], '1080p': [0.15, 0.1] }), extendPublished: true },
    'https://fal.ai/models/fal-ai/veo3.1/fast/first-last-frame-to-video/llms.txt and https://fal.ai/models/fal-ai/veo3.1/fast/extend-video/llms.txt',
    'Google Veo 3.1 Fast',
  ),
  kling,
  seedance,
  wan,
  hailuo,
];
