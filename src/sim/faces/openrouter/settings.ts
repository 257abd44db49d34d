// What a test can tune on the OpenRouter face, at start (`startSimulator({openRouter})`) or later (`sim.openRouter.set`).
import { openRouterModels } from '../../../catalog/openrouter-catalog.js';
import type { OpenRouterModelData } from '../../../catalog/openrouter-types.js';

export interface OpenRouterSimSettings {
  /** The models `/videos/models` lists and submit accepts; default the catalog's built-ins. */
  models: readonly OpenRouterModelData[];
  /** `usage.cost` = the catalog estimate × this (default 1): above 1, the real charge exceeds the estimate. */
  costFactor: number;
  /** Seconds a completed job's content stays downloadable; after that the job reads `expired` and content 410. */
  retentionSeconds: number;
  /** A job not finished this many seconds after submission ends `expired` ("exceeded maximum time to live"). */
  jobTtlSeconds: number;
  /** The workspace's signing secret: callbacks carry `X-OpenRouter-Signature` when set. */
  callbackSecret: string | undefined;
  /** The workspace-level default `callback_url` (a submit's own `callback_url` wins). */
  defaultCallbackUrl: string | undefined;
  /** A fault: each callback is delivered this many extra times, identical (receivers must deduplicate). */
  duplicateCallbacks: number;
  /** How content answers before the job completed: 409 (default) or 400. */
  contentBeforeCompletion: 409 | 400;
  /** Show `in_progress` while generating (default true); false keeps jobs `pending` until terminal, as the real API may. */
  showInProgress: boolean;
}

// The real retention and time to live are not published; an hour each is the simulator's choice.
export const defaultOpenRouterSettings: OpenRouterSimSettings = {
  models: openRouterModels,
  costFactor: 1,
  retentionSeconds: 3600,
  jobTtlSeconds: 3600,
  callbackSecret: undefined,
  defaultCallbackUrl: undefined,
  duplicateCallbacks: 0,
  contentBeforeCompletion: 409,
  showInProgress: true,
};

function check(settings: OpenRouterSimSettings): OpenRouterSimSettings {
  for (const key of ['costFactor', 'retentionSeconds', 'jobTtlSeconds', 'duplicateCallbacks'] as const) {
    const value = settings[key];
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`openRouter.${key} must be a non-negative number, got ${value}`);
  }
  if (settings.contentBeforeCompletion !== 409 && settings.contentBeforeCompletion !== 400) throw new RangeError('openRouter.contentBeforeCompletion must be 409 or 400');
  return settings;
}

export function resolveOpenRouterSettings(base: OpenRouterSimSettings, change: Partial<OpenRouterSimSettings> = {}): OpenRouterSimSettings {
  const defined = Object.fromEntries(Object.entries(change).filter(([, value]) => value !== undefined));
  return check({ ...base, ...defined });
}
