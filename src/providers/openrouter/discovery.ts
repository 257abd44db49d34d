// `GET /api/v1/videos/models` → catalog entries (catalogFromVideoModels keeps the live `pricing_skus` keys).
// The listing is public; the key is sent when given, as the SDK does.
import { catalogFromVideoModels } from '../../catalog/openrouter-catalog.js';
import type { OpenRouterCatalogData } from '../../catalog/openrouter-types.js';
import { createRedactor } from '../../common/redact.js';
import { ProviderError } from '../provider.js';
import { readCall } from './http.js';

import { openRouterDefaultBaseUrl } from './origin.js';
export { openRouterDefaultBaseUrl };

export interface DiscoveryOptions {
  apiKey?: string | undefined;
  /** Includes `/api/v1`; default OpenRouter itself. */
  baseURL?: string | undefined;
  signal?: AbortSignal;
  timeoutMs?: number;
  now?: () => number;
}

export async function fetchOpenRouterVideoModels(options: DiscoveryOptions = {}): Promise<OpenRouterCatalogData> {
  const now = options.now ?? Date.now;
  const redact = createRedactor([options.apiKey]);
  const base = (options.baseURL ?? openRouterDefaultBaseUrl).replace(/\/+$/, '');
  const response = await readCall({ url: `${base}/videos/models`, apiKey: options.apiKey, accept: 'application/json', timeoutMs: options.timeoutMs ?? 30_000, signal: options.signal ?? new AbortController().signal, redact, now });
  let json: unknown;
  try {
    json = await response.json();
    return catalogFromVideoModels(json, new Date(now()).toISOString());
  } catch (error) {
    throw new ProviderError({ kind: 'server', status: response.status, message: redact(`the /videos/models answer is not a model listing: ${error instanceof Error ? error.message : String(error)}`) });
  }
}
