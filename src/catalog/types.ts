// Shapes of the model catalog: which sizes and durations a model takes, what it costs, how fast it may be called.
export interface ModelData {
  /** Allowed `WIDTHxHEIGHT` sizes. */
  sizes: string[];
  /** Allowed durations in whole seconds. */
  seconds: number[];
  /** Accepts an `input_reference` image. */
  reference: boolean;
  /** Can be remixed (`POST /videos/{id}/remix`). */
  remix: boolean;
  /** USD per generated second, by size. A size without a price cannot be planned (fail closed). */
  pricePerSecondUsd: Record<string, number>;
  /** Requests per minute allowed by the provider for this model (tier 1 for the built-ins). */
  rpm: number;
  description?: string;
}

export interface CatalogData {
  /** Date the prices were read (YYYY-MM-DD). */
  priceDate: string;
  /** Where the prices come from. */
  priceSource: string;
  models: Record<string, ModelData>;
}

// ---- fal.ai (additive: the OpenAI-protocol entries above are unchanged) ----

/** What a fal endpoint does; a model family has one endpoint per mode it offers. */
export type FalMode = 'text-to-video' | 'image-to-video' | 'first-last-frame-to-video' | 'reference-to-video' | 'extend' | 'video-to-video';

/** How the model spells `duration` on the wire: Veo `"8s"`, Kling/Seedance/Wan/Hailuo `"5"`; `integer` for models taking `5`. */
export type FalDurationEncoding = 'seconds-suffix' | 'string' | 'integer';

export interface FalDurations {
  encoding: FalDurationEncoding;
  /** Allowed whole seconds. */
  values: number[];
  default: number;
  /** Also accepts `"auto"` (the simulator then uses `default`). */
  auto?: boolean;
}

/** Price in fal's own unit. Audio on/off prices are equal where the model charges the same. */
export type FalPrice =
  | { unit: 'second'; usdPerSecond: Record<string, { audio: number; silent: number }> }
  | { unit: 'video'; usdPerVideo: Record<string, number> }
  | { unit: 'token'; usdPer1kTokens: number; /** tokens = width × height × seconds × tokenFps / 1024 */ tokenFps: number };

/** Input fields that carry images or videos, by the role they play. */
export interface FalMediaInputs {
  firstFrame?: string;
  lastFrame?: string;
  references?: { field: string; max: number };
  sourceVideo?: string;
}

export interface FalEndpoint {
  /** Full endpoint id as fal spells it, e.g. `fal-ai/veo3.1/fast/image-to-video`. */
  id: string;
  mode: FalMode;
  /** Input fields that must be present. */
  required: string[];
  media: FalMediaInputs;
  aspectRatios: string[];
  defaultAspectRatio: string;
  /** Overrides the family's durations (extend endpoints differ). */
  durations?: FalDurations;
  price: FalPrice;
  /** False when the price was not published for this endpoint and is assumed equal to a sibling's. */
  priceVerified: boolean;
}

export interface FalModelData {
  provider: 'fal';
  /** The endpoint family a storyboard names, e.g. `fal-ai/veo3.1/fast`. */
  family: string;
  /** `owner/alias`: the prefix of status, result and cancel paths. */
  app: string;
  description: string;
  endpoints: FalEndpoint[];
  durations: FalDurations;
  /** Output resolutions; `param: false` means the endpoint takes no `resolution` input and makes `default`. */
  resolutions: { values: string[]; default: string; param: boolean };
  /** aspect ratio → resolution → `WIDTHxHEIGHT` of the output. */
  sizes: Record<string, Record<string, string>>;
  /** `field: null` means audio is native and always on. */
  audio: { field: string | null; default: boolean };
  priceDate: string;
  priceSource: string;
}
