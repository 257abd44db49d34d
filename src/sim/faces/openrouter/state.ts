// What the OpenRouter face remembers beside the shared job store: each job's request, price and callback.
import type { OpenRouterModelData } from '../../../catalog/openrouter-types.js';
import type { JobRecord } from '../../job.js';
import { resolveOpenRouterSettings, defaultOpenRouterSettings, type OpenRouterSimSettings } from './settings.js';
import type { OpenRouterWebhooks } from './webhooks.js';

export interface OpenRouterJob {
  /** `gen-vid-<unix>-<20 alphanumerics>`, the shape the SDK documents. */
  id: string;
  generationId: string;
  job: JobRecord;
  model: OpenRouterModelData;
  /** The body as received. */
  input: Record<string, unknown>;
  /** `usage.cost` once completed, USD. */
  costUsd: number;
  callbackUrl?: string;
  /** The origin the client reached us at: `polling_url`, `unsigned_urls` and callbacks are absolute on it. */
  origin: string;
}

export interface OpenRouterControls {
  set(change: Partial<OpenRouterSimSettings>): void;
  settings(): OpenRouterSimSettings;
}

export interface OpenRouterFaceState extends OpenRouterControls {
  jobs: Map<string, OpenRouterJob>;
  webhooks: OpenRouterWebhooks;
}

export function createOpenRouterState(initial: Partial<OpenRouterSimSettings> | undefined, webhooks: OpenRouterWebhooks): OpenRouterFaceState {
  let current = resolveOpenRouterSettings(defaultOpenRouterSettings, initial);
  return {
    jobs: new Map(),
    webhooks,
    set(change) {
      current = resolveOpenRouterSettings(current, change);
    },
    settings: () => current,
  };
}
