// The official @fal-ai/client pointed at the simulator's fal face through the SDK's own `requestMiddleware`:
// every fal host (queue, sync run, storage, Platform API) maps to one origin with its path unchanged.
import { createFalClient, type FalClient } from '@fal-ai/client';
import type { Simulator } from '../../src/sim/index.js';

const falHost = /^https:\/\/(?:queue\.fal\.run|fal\.run|rest\.fal\.ai|api\.fal\.ai)(?=[/?]|$)/;

/** `https://queue.fal.run/fal-ai/veo3.1?x` → `${base}/fal-ai/veo3.1?x`; anything else is refused, so no test reaches fal. */
export function redirectTo(base: string): (url: string) => string {
  return (url) => {
    if (url.startsWith(base)) return url;
    if (!falHost.test(url)) throw new Error(`refusing a non-fal URL in a simulator test: ${url}`);
    return url.replace(falHost, base);
  };
}

export interface FalClientOptions {
  credentials?: string;
  retry?: { maxRetries: number };
  /** Called with every URL the SDK sends through its middleware, after redirection. */
  onRequest?: (method: string, url: string) => void;
  /** Runs in the middleware before each attempt; throwing stops the call (the SDK does not retry a plain Error). */
  guard?: (headers: Record<string, string | string[]>) => void;
}

export function falClientFor(sim: Simulator, options: FalClientOptions = {}): FalClient {
  const redirect = redirectTo(sim.falBaseURL);
  return createFalClient({
    // Explicit, so a real FAL_KEY in the environment is never sent anywhere.
    credentials: options.credentials ?? sim.apiKey,
    ...(options.retry ? { retry: options.retry } : {}),
    requestMiddleware: async (request) => {
      options.guard?.(request.headers ?? {});
      const url = redirect(request.url);
      options.onRequest?.(request.method ?? 'GET', url);
      return { ...request, url };
    },
  });
}
