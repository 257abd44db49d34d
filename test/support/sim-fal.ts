// The official @fal-ai/client pointed at the simulator's fal face through the SDK's own `requestMiddleware`:
// every fal host (queue, sync run, storage, Platform API) maps to one origin with its path unchanged.
import { ApiError, createFalClient, type FalClient } from '@fal-ai/client';
import type { Simulator } from '../../src/sim/index.js';
import { startHarness, type SimHarness } from '../unit/sim/support/harness.js';

export type Json = Record<string, unknown>;

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

/** The ApiError a call fails with; fails the test if it succeeds or fails otherwise. */
export async function thrown(promise: Promise<unknown>): Promise<ApiError<Json>> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return error as ApiError<Json>;
    throw error;
  }
  throw new Error('expected an ApiError, but the call succeeded');
}

/** A simulator of the test's own (other options, or a clean ledger), closed whatever happens. */
export async function withOwnSim(options: Parameters<typeof startHarness>[0], run: (local: SimHarness) => Promise<void>): Promise<void> {
  const local = await startHarness(options);
  try {
    await run(local);
  } finally {
    await local.close();
  }
}
