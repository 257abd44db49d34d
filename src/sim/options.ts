// Options of startSimulator(), their defaults, and the checks that turn a bad value into one clear error.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinCatalog } from '../catalog/catalog.js';
import type { CatalogData } from '../catalog/types.js';
import { defaultDurations, type DurationModel } from './durations.js';
import type { FaultRates } from './faults/types.js';
import type { RunwayFaceOptions } from './faces/runway/options.js';
import type { RequestLogEntry } from './request-log.js';
import type { OpenRouterSimSettings } from './faces/openrouter/settings.js';

export interface WebhookTarget {
  url: string;
  /** `whsec_<base64>` (decoded) or any other string (its UTF-8 bytes), as openai-node's verifier reads it. */
  secret: string;
}

export interface SimulatorOptions extends Partial<FaultRates> {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Bearer key the simulator accepts; default `sk-sim-local`. */
  apiKey?: string;
  /** Multiplies every generation time; 1 is tens of seconds per job, tests use 0.01. */
  timeScale?: number;
  /** Requests per minute on create/remix/edit/extend: one number for every model, or per model. Default: the catalog's. */
  rpm?: number | Record<string, number>;
  /** Seconds completed content stays downloadable (`expires_at = completed_at + ttl`). */
  ttlSeconds?: number;
  /** Seed of every random fault. */
  seed?: number;
  /** Where rendered media is cached by parameters; default a folder under the OS temp dir, shared across runs. */
  mediaCacheDir?: string;
  /** Accept the guide-only values: seconds 16/20, 1080p on pro, `characters` on create. */
  extended?: boolean;
  /** Signed `video.completed` / `video.failed` events are POSTed here. */
  webhook?: WebhookTarget;
  catalog?: CatalogData;
  durations?: Partial<DurationModel>;
  /** Write clips with the moov box first (default true); false serves moov-at-end files. */
  faststart?: boolean;
  ffmpegPath?: string;
  /** TTF used for the words on the frame; default DejaVu Sans where Debian puts it. Missing: no words. */
  fontFile?: string;
  /** Environment of ffmpeg children (PATH and locale; never secrets). */
  childEnv?: Record<string, string>;
  /** ffmpeg runs at once (default 2). */
  mediaConcurrency?: number;
  /** Largest request body accepted (default 100 MiB). */
  bodyLimitBytes?: number;
  /** Called after every request, e.g. for `render sim --verbose`. */
  onRequest?: (entry: RequestLogEntry) => void;
  /** Base clock (default Date.now); `advance()` adds to it. */
  clock?: () => number;
  /** fal face: jobs IN_PROGRESS at once for the account (default 2, a new account's); the rest wait IN_QUEUE. */
  falConcurrency?: number;
  /** fal face: `submit` (default) answers bad input 422 at once; `result` accepts it and fails the job, as a runner would. */
  falValidateAt?: 'submit' | 'result';
  /** fal face: seconds a completed result stays fetchable (default 3600); later the result call answers 404. */
  falResultTtlSeconds?: number;
  /** fal face: whether the request listing shows requests still in flight (default true). */
  falListInFlight?: boolean;
  /** fal face, a fault: each webhook is delivered this many extra times, identical, as fal's redeliveries are (default 0). */
  falDuplicateWebhooks?: number;
  /** Runway face: tier, credits, output retention, refund and cancel choices. */
  runway?: RunwayFaceOptions;
  /** OpenRouter face: cost factor, retention, time to live, callback secret and faults (see OpenRouterSimSettings). */
  openRouter?: Partial<OpenRouterSimSettings>;
}

export interface ResolvedOptions {
  port: number;
  apiKey: string;
  timeScale: number;
  rpmFor: (model: string, catalogRpm: number) => number;
  ttlSeconds: number;
  seed: number;
  mediaCacheDir: string;
  extended: boolean;
  webhook: WebhookTarget | undefined;
  catalog: CatalogData;
  durations: DurationModel;
  faststart: boolean;
  ffmpegPath: string;
  fontFile: string;
  childEnv: Record<string, string>;
  mediaConcurrency: number;
  bodyLimitBytes: number;
  onRequest: ((entry: RequestLogEntry) => void) | undefined;
  clock: () => number;
  falConcurrency: number;
  falValidateAt: 'submit' | 'result';
  falResultTtlSeconds: number;
  falListInFlight: boolean;
  falDuplicateWebhooks: number;
}

export const defaultApiKey = 'sk-sim-local';
export const defaultFontFile = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';

function positive(name: string, value: number | undefined, fallback: number, allowZero = false): number {
  const result = value ?? fallback;
  if (!Number.isFinite(result) || result < 0 || (!allowZero && result === 0)) throw new RangeError(`${name} must be a ${allowZero ? 'non-negative' : 'positive'} number, got ${value}`);
  return result;
}

function rpmResolver(rpm: SimulatorOptions['rpm']): ResolvedOptions['rpmFor'] {
  if (typeof rpm === 'number') positive('rpm', rpm, 1);
  else for (const [model, value] of Object.entries(rpm ?? {})) positive(`rpm for ${model}`, value, 1);
  return (model, catalogRpm) => (typeof rpm === 'number' ? rpm : (rpm?.[model] ?? catalogRpm));
}

function falValidateAt(value: SimulatorOptions['falValidateAt']): 'submit' | 'result' {
  if (value === undefined || value === 'submit' || value === 'result') return value ?? 'submit';
  throw new RangeError(`falValidateAt must be 'submit' or 'result', got ${String(value)}`);
}

export function resolveOptions(options: SimulatorOptions): ResolvedOptions {
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new RangeError(`port must be an integer from 0 to 65535, got ${options.port}`);
  return {
    port,
    apiKey: options.apiKey ?? defaultApiKey,
    timeScale: positive('timeScale', options.timeScale, 1, true),
    rpmFor: rpmResolver(options.rpm),
    ttlSeconds: positive('ttlSeconds', options.ttlSeconds, 3600, true),
    seed: options.seed ?? 1,
    mediaCacheDir: options.mediaCacheDir ?? join(tmpdir(), 'storyboard-render-sim-media'),
    extended: options.extended ?? false,
    webhook: options.webhook,
    catalog: options.catalog ?? builtinCatalog,
    durations: { ...defaultDurations, ...options.durations },
    faststart: options.faststart ?? true,
    ffmpegPath: options.ffmpegPath ?? 'ffmpeg',
    fontFile: options.fontFile ?? defaultFontFile,
    childEnv: options.childEnv ?? { PATH: '/usr/local/bin:/usr/bin:/bin:/opt/homebrew/bin', LANG: 'C.UTF-8' },
    mediaConcurrency: positive('mediaConcurrency', options.mediaConcurrency, 2),
    bodyLimitBytes: positive('bodyLimitBytes', options.bodyLimitBytes, 100 * 1024 * 1024),
    onRequest: options.onRequest,
    clock: options.clock ?? Date.now,
    falConcurrency: Math.max(1, Math.floor(positive('falConcurrency', options.falConcurrency, 2))),
    falValidateAt: falValidateAt(options.falValidateAt),
    falResultTtlSeconds: positive('falResultTtlSeconds', options.falResultTtlSeconds, 3600, true),
    falListInFlight: options.falListInFlight ?? true,
    falDuplicateWebhooks: Math.max(0, Math.floor(options.falDuplicateWebhooks ?? 0)),
  };
}
