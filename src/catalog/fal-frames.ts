// Which frames (`WIDTHxHEIGHT`) a fal endpoint can make, and how each is asked for on the wire: an aspect ratio and
// a resolution when the endpoint takes them. Pure; the adapter sends these, validation lists them.
import type { FalDurations, FalEndpoint, FalModelData } from './types.js';

export interface FalFrame {
  size: string;
  /** Sent as `aspect_ratio`; null when the endpoint takes none (it makes its default ratio, or the image's). */
  aspectRatio: string | null;
  /** Sent as `resolution`; null when the model takes none. */
  resolution: string | null;
}

/** Every frame this endpoint makes, in catalog order (ratio, then resolution). */
export function endpointFrames(model: FalModelData, endpoint: FalEndpoint): FalFrame[] {
  const ratios = endpoint.aspectRatios.filter((ratio) => ratio !== 'auto');
  const asked = ratios.length > 0 ? ratios : [endpoint.defaultAspectRatio];
  const frames: FalFrame[] = [];
  for (const ratio of asked) {
    for (const [resolution, size] of Object.entries(model.sizes[ratio] ?? {})) {
      frames.push({ size, aspectRatio: ratios.length > 0 ? ratio : null, resolution: model.resolutions.param ? resolution : null });
    }
  }
  return frames;
}

/** The frame a `WIDTHxHEIGHT` names on this endpoint, or undefined when it cannot make it. */
export function frameOf(model: FalModelData, endpoint: FalEndpoint, size: string): FalFrame | undefined {
  return endpointFrames(model, endpoint).find((frame) => frame.size === size);
}

/** The seconds an endpoint takes (extend endpoints have their own list). */
export function durationsOf(model: FalModelData, endpoint: FalEndpoint): FalDurations {
  return endpoint.durations ?? model.durations;
}

/** `8` → `"8s"` (Veo), `"8"` (Kling, Wan…), or `8`. */
export function encodeDuration(durations: FalDurations, seconds: number): string | number {
  if (durations.encoding === 'seconds-suffix') return `${seconds}s`;
  return durations.encoding === 'string' ? String(seconds) : seconds;
}

/** The inverse of encodeDuration; `auto` and an absent value are the default. Undefined for anything else. */
export function decodeDuration(durations: FalDurations, raw: unknown): number | undefined {
  if (raw === undefined || raw === null || (durations.auto && raw === 'auto')) return durations.default;
  if (typeof raw === 'number') return Number.isInteger(raw) ? raw : undefined;
  const match = typeof raw === 'string' ? /^(\d+)s?$/.exec(raw) : null;
  return match ? Number(match[1]) : undefined;
}

/** What a shot gives the model, which decides the endpoint. */
export interface FalShotMedia {
  firstFrame: boolean;
  lastFrame: boolean;
  references: number;
  sourceVideo: boolean;
}

const noMedia: FalShotMedia = { firstFrame: false, lastFrame: false, references: 0, sourceVideo: false };

/** The endpoint of this family for a shot with these inputs, or undefined when none takes them all. */
export function pickFalEndpoint(model: FalModelData, media: Partial<FalShotMedia> = {}): FalEndpoint | undefined {
  const want = { ...noMedia, ...media };
  const fits = (endpoint: FalEndpoint) => {
    const m = endpoint.media;
    if (want.sourceVideo !== (endpoint.mode === 'extend')) return false;
    if (want.firstFrame && m.firstFrame === undefined) return false;
    if (want.lastFrame && m.lastFrame === undefined) return false;
    if (want.references > 0 && (m.references === undefined || m.references.max < want.references)) return false;
    // An endpoint that requires an image is only for shots that give one.
    const needsImage = endpoint.required.some((field) => field === m.firstFrame || field === m.lastFrame || field === m.references?.field);
    const givesImage = want.firstFrame || want.lastFrame || want.references > 0;
    return endpoint.mode === 'extend' || needsImage === givesImage;
  };
  const order: FalEndpoint['mode'][] = ['text-to-video', 'image-to-video', 'first-last-frame-to-video', 'reference-to-video', 'extend'];
  return order.map((mode) => model.endpoints.find((endpoint) => endpoint.mode === mode && fits(endpoint))).find((endpoint) => endpoint !== undefined);
}

/** The resolution name a `WIDTHxHEIGHT` has in this model's size table (whatever the endpoint takes as input). */
export function resolutionOf(model: FalModelData, size: string): string | undefined {
  for (const row of Object.values(model.sizes)) {
    const found = Object.entries(row).find(([, frame]) => frame === size);
    if (found) return found[0];
  }
  return undefined;
}
