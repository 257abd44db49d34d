// The storyboard exactly as schemas/storyboard.schema.json admits it (kebab-case keys), before defaults and checks.
// Kept in step with the schema by test/unit/storyboard/schema-sync.test.ts.

export type RawSeconds = number | string;
export type RawReferenceFit = 'cover' | 'contain' | 'none';

export type RawProviderName = 'openai' | 'fal' | 'runway' | 'openrouter';

export interface RawProviderSettings {
  'base-url'?: string;
  'api-key-env'?: string;
  concurrency?: number;
  rpm?: number;
  'model-concurrency'?: Record<string, number>;
  /** openrouter only (the schema admits it there). */
  catalog?: string;
}

export interface RawShot {
  id: string;
  prompt: string;
  provider?: RawProviderName;
  model?: string;
  size?: string;
  seconds?: RawSeconds;
  reference?: string;
  'last-frame'?: string;
  references?: string[];
  'reference-fit'?: RawReferenceFit;
  take?: number;
  'remix-of'?: string;
  'extend-of'?: string;
  retries?: number;
}

export interface RawModel {
  sizes?: string[];
  seconds?: number[];
  reference?: boolean;
  remix?: boolean;
  'price-per-second'?: Record<string, number>;
  rpm?: number;
  description?: string;
}

export type RawCutEntry = string | { shot: string; from?: number; to?: number };

export interface RawCut {
  output?: string;
  shots?: RawCutEntry[];
  transition?: { type?: 'cut' | 'crossfade' | 'fade'; seconds?: number };
  audio?: { loudnorm?: boolean; 'target-lufs'?: number };
  size?: string;
  fit?: 'contain' | 'cover';
}

export interface RawStoryboard {
  /** Extension keys (`x-…`) are ignored; they hold YAML anchors. */
  [extension: `x-${string}`]: unknown;
  version: 1;
  name?: string;
  provider?: { 'base-url'?: string };
  providers?: Partial<Record<RawProviderName, RawProviderSettings>>;
  defaults?: { provider?: RawProviderName; model?: string; size?: string; seconds?: RawSeconds; 'reference-fit'?: RawReferenceFit; retries?: number };
  models?: Record<string, RawModel>;
  budget?: { 'max-usd'?: number; 'max-usd-per-day'?: number; 'count-failed'?: boolean };
  concurrency?: number;
  'rate-limit'?: { rpm?: number };
  shots: RawShot[];
  cut?: RawCut;
}
