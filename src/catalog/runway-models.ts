// Built-in Runway video models: data only. Models, endpoints, body fields, ratios and durations follow the request
// variants of the official SDK (@runwayml/sdk 4.20.1, src/resources/{text-to-video,image-to-video,video-to-video}.ts).
// Prices are credits per output second (1 credit = $0.01). Runway's pricing page is the authority; the figures here
// are the ones Runway published in its own API skill (source per entry). Each task's own `estimatedCost` and `cost`
// are what Runway really charges.
import type { RunwayDurations, RunwayEndpoint, RunwayModelData } from './runway-types.js';

const pricingPage = 'https://docs.dev.runwayml.com/guides/pricing/';
const skillSource = `${pricingPage} (figures as published in github.com/runwayml/skills skills/rw-api-reference/SKILL.md, 2026-04-21)`;
const skillDate = '2026-04-21';

/** `['1280:720']` → `{ '1280:720': '1280x720' }`: Runway's ratios are output sizes. */
function ratioSizes(ratios: readonly string[]): Record<string, string> {
  return Object.fromEntries(ratios.map((ratio) => [ratio, ratio.replace(':', 'x')]));
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

const gen4Ratios = ['1280:720', '720:1280', '1104:832', '832:1104', '960:960', '1584:672'];
const veoRatios = ['1280:720', '720:1280', '1080:1920', '1920:1080'];
// The 480p and 720p ratios only: the published per-second price predates the 1080p and 4K ratios, which are left
// out until their price is known (a shot at a size without a price cannot be planned).
const seedanceRatios = ['992:432', '864:496', '752:560', '640:640', '560:752', '496:864', '1470:630', '1280:720', '1112:834', '960:960', '834:1112', '720:1280'];

const gen45Durations: RunwayDurations = { values: range(2, 10), default: 5 };
const veoDurations: RunwayDurations = { values: [4, 6, 8], default: 8 };

function veoModel(model: string, audio: number, silent: number, description: string): RunwayModelData {
  const common = ['duration', 'audio', 'negativePrompt', 'seed'];
  const endpoints: RunwayEndpoint[] = [
    { name: 'text_to_video', ratios: ratioSizes(veoRatios), required: ['promptText', 'ratio'], optional: common },
    { name: 'image_to_video', ratios: ratioSizes(veoRatios), required: ['promptImage', 'ratio'], optional: ['promptText', ...common], positions: ['first', 'last'] },
  ];
  return {
    provider: 'runway',
    model,
    description,
    endpoints,
    durations: veoDurations,
    audio: { default: true },
    promptTextMax: 1000,
    // The source gives a range (audio raises the price); which end is silent is an assumption.
    price: { creditsPerSecond: { audio, silent } },
    priceVerified: false,
    priceDate: skillDate,
    priceSource: skillSource,
  };
}

const seedanceOptional = ['duration', 'ratio', 'audio', 'seed'];

export const runwayModels: readonly RunwayModelData[] = [
  {
    provider: 'runway',
    model: 'gen4.5',
    description: 'Runway Gen-4.5: text or a first frame to video, 2-10 s, silent',
    endpoints: [
      { name: 'text_to_video', ratios: ratioSizes(['1280:720', '720:1280']), required: ['promptText', 'ratio', 'duration'], optional: ['seed', 'contentModeration'] },
      { name: 'image_to_video', ratios: ratioSizes(gen4Ratios), required: ['promptImage', 'promptText', 'ratio', 'duration'], optional: ['seed', 'contentModeration'], positions: ['first'] },
    ],
    durations: gen45Durations,
    audio: null,
    promptTextMax: 1000,
    price: { creditsPerSecond: 12 },
    priceVerified: true,
    priceDate: skillDate,
    priceSource: skillSource,
  },
  {
    provider: 'runway',
    model: 'gen4_turbo',
    description: 'Runway Gen-4 Turbo: a first frame (required) to video, 2-10 s, silent',
    endpoints: [{ name: 'image_to_video', ratios: ratioSizes(gen4Ratios), required: ['promptImage', 'ratio'], optional: ['promptText', 'duration', 'seed', 'contentModeration'], positions: ['first'] }],
    durations: { values: range(2, 10), default: 10 },
    audio: null,
    promptTextMax: 1000,
    price: { creditsPerSecond: 5 },
    priceVerified: true,
    priceDate: skillDate,
    priceSource: skillSource,
  },
  veoModel('veo3.1', 40, 20, 'Google Veo 3.1 on Runway: text, a first frame, or first and last frames; 4/6/8 s; audio on by default'),
  veoModel('veo3.1_fast', 15, 10, 'Google Veo 3.1 Fast on Runway: text, a first frame, or first and last frames; 4/6/8 s; audio on by default'),
  {
    provider: 'runway',
    model: 'seedance2',
    description: 'ByteDance Seedance 2 on Runway: text, keyframes, or a source video to video; 480p/720p ratios',
    endpoints: [
      { name: 'text_to_video', ratios: ratioSizes(seedanceRatios), required: ['promptText'], optional: seedanceOptional },
      { name: 'image_to_video', ratios: ratioSizes(seedanceRatios), required: ['promptImage'], optional: ['promptText', ...seedanceOptional], positions: ['first', 'last'] },
      { name: 'video_to_video', ratios: ratioSizes(seedanceRatios), required: ['promptVideo'], optional: ['promptText', ...seedanceOptional], sourceVideoField: 'promptVideo' },
    ],
    // The SDK types say only "a number"; 4-15 s is the range ByteDance publishes for the model (assumption).
    durations: { values: range(4, 15), default: 5 },
    audio: { default: true },
    promptTextMax: 3500,
    price: { creditsPerSecond: 36 },
    priceVerified: false,
    priceDate: skillDate,
    priceSource: skillSource,
  },
  {
    provider: 'runway',
    model: 'aleph2',
    description: 'Runway Aleph 2: edits a source video by prompt (video_to_video); the output keeps the source frame and length',
    endpoints: [{ name: 'video_to_video', ratios: {}, required: ['videoUri'], optional: ['promptText', 'seed', 'contentModeration', 'targetAspectRatio'], sourceVideoField: 'videoUri' }],
    durations: { values: [], default: 5 },
    audio: null,
    promptTextMax: 1000,
    // A third party's figure ($0.4004 per second, Comfy-Org/docs#1140, 2026-06-12); Runway's own is unpublished here.
    price: { creditsPerSecond: 40 },
    priceVerified: false,
    priceDate: '2026-06-12',
    priceSource: 'https://github.com/Comfy-Org/docs/pull/1140 (third party; check https://docs.dev.runwayml.com/guides/pricing/)',
  },
];
