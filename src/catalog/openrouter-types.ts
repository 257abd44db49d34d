// Shapes of OpenRouter's video models as the catalog keeps them: what `GET /api/v1/videos/models` says a model takes,
// with each model's `pricing_skus` kept under OpenRouter's own (live) key names and units, never renamed.

/** Which end of the clip an input image pins (`frame_images[].frame_type`). */
export type OpenRouterFrameType = 'first_frame' | 'last_frame';

export interface OpenRouterModelData {
  provider: 'openrouter';
  /** The model slug sent as `model`, e.g. `alibaba/wan-3.0`. */
  id: string;
  name: string;
  description: string;
  /** `supported_durations`: whole seconds. */
  durations: number[];
  /** `supported_resolutions` as OpenRouter spells them (`480p`, `720p`, `1080p`, `4K`…). */
  resolutions: string[];
  /** `supported_aspect_ratios` (`16:9`, `9:16`, …). */
  aspectRatios: string[];
  /** aspect ratio → resolution → `WIDTHxHEIGHT` of the output. */
  sizes: Record<string, Record<string, string>>;
  /** `supported_frame_images`: empty when the model takes no input image. */
  frameImages: OpenRouterFrameType[];
  /** The `generate_audio` capability: true (audio by default), false or null (sending `generate_audio` is refused). */
  generateAudio: boolean | null;
  /** The `seed` capability, as `generate_audio`. */
  seed: boolean | null;
  /** `allowed_passthrough_parameters`. */
  passthrough: string[];
  /** `pricing_skus`: SKU key → decimal string, in the unit the key names (USD or cents, per second or per token). */
  pricingSkus: Record<string, string> | null;
  /** When the prices were read (YYYY-MM-DD). */
  priceDate: string;
  /** Where they were read. */
  priceSource: string;
}

/** A `/videos/models` answer turned into catalog entries, plus the rows that are not text-to-video models. */
export interface OpenRouterCatalogData {
  /** ISO instant the answer was fetched. */
  fetchedAt: string;
  models: OpenRouterModelData[];
  /** Rows left out (edit, upscale and avatar rows have no durations; rows we cannot size), with why. */
  skipped: { id: string; reason: string }[];
}
