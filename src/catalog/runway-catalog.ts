// Look-ups over the Runway models: the endpoint a shot's inputs pick, the ratio a `WIDTHxHEIGHT` is asked as, and a
// shot's price from credits per second to integer micro-dollars. Pure; undefined where the catalog cannot say.
import type { MicroUsd } from '../common/money.js';
import { runwayModels } from './runway-models.js';
import type { RunwayEndpoint, RunwayEndpointName, RunwayModelData } from './runway-types.js';

export { runwayModels };

/** One credit is one US cent: 10,000 micro-dollars. */
export const microUsdPerCredit = 10_000;

export function creditsToMicroUsd(credits: number): MicroUsd {
  return Math.round(credits * microUsdPerCredit);
}

export function runwayModel(model: string, models: readonly RunwayModelData[] = runwayModels): RunwayModelData | undefined {
  return models.find((entry) => entry.model === model);
}

export function runwayEndpoint(model: RunwayModelData, name: RunwayEndpointName): RunwayEndpoint | undefined {
  return model.endpoints.find((endpoint) => endpoint.name === name);
}

/** What a shot gives the model, which decides the endpoint. */
export interface RunwayShotMedia {
  firstFrame: boolean;
  lastFrame: boolean;
  sourceVideo: boolean;
}

/**
 * A source video → video_to_video; a first (and last) frame → image_to_video, where the model takes a last frame;
 * nothing → text_to_video. A last frame alone is refused (Veo: "a last frame alone is not allowed").
 */
export function pickRunwayEndpoint(model: RunwayModelData, media: Partial<RunwayShotMedia> = {}): RunwayEndpoint | undefined {
  if (media.sourceVideo) return media.firstFrame || media.lastFrame ? undefined : runwayEndpoint(model, 'video_to_video');
  if (media.lastFrame && !media.firstFrame) return undefined;
  if (!media.firstFrame) return runwayEndpoint(model, 'text_to_video');
  const endpoint = runwayEndpoint(model, 'image_to_video');
  if (media.lastFrame && !endpoint?.positions?.includes('last')) return undefined;
  return endpoint;
}

/** The ratio a `WIDTHxHEIGHT` is asked as on this endpoint (`1280x720` → `1280:720`), or undefined. */
export function ratioForSize(endpoint: RunwayEndpoint, size: string): string | undefined {
  return Object.entries(endpoint.ratios).find(([, frame]) => frame === size)?.[0];
}

/** Every `WIDTHxHEIGHT` this endpoint makes. */
export function endpointSizes(endpoint: RunwayEndpoint): string[] {
  return Object.values(endpoint.ratios);
}

/** Whether the model makes clips of this length (a model without durations keeps its source's length). */
export function takesSeconds(model: RunwayModelData, seconds: number): boolean {
  return model.durations.values.length === 0 ? seconds > 0 : model.durations.values.includes(seconds);
}

/** Credits for `seconds` of output, with audio on or off where the model prices them apart. */
export function runwayCredits(model: RunwayModelData, seconds: number, audio = model.audio?.default ?? false): number {
  const rate = model.price.creditsPerSecond;
  return (typeof rate === 'number' ? rate : audio ? rate.audio : rate.silent) * seconds;
}

export interface RunwayShotPriceInput {
  size: string;
  /** Output seconds, what Runway bills. */
  seconds: number;
  media?: Partial<RunwayShotMedia>;
}

/** What one shot costs at the model's audio default, or undefined when the catalog cannot price it (fail closed). */
export function runwayShotCostMicro(model: string, shot: RunwayShotPriceInput, models?: readonly RunwayModelData[]): MicroUsd | undefined {
  const entry = runwayModel(model, models);
  const endpoint = entry && pickRunwayEndpoint(entry, shot.media);
  if (!entry || !endpoint || !takesSeconds(entry, shot.seconds)) return undefined;
  // An endpoint without ratios keeps the source's frame: any size is its size.
  if (Object.keys(endpoint.ratios).length > 0 && ratioForSize(endpoint, shot.size) === undefined) return undefined;
  return creditsToMicroUsd(runwayCredits(entry, shot.seconds));
}
