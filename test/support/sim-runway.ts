// The official @runwayml/sdk pointed at the simulator's Runway face (its baseURL is `…/runway`; the SDK adds
// `/v1/…`), retries off unless a test asks for them, and helpers to read what a refused call answered.
import RunwayML, { APIError } from '@runwayml/sdk';
import type { Simulator } from '../../src/sim/index.js';

export type Json = Record<string, unknown>;

export function runwayClientFor(sim: Simulator, options: { maxRetries?: number; apiKey?: string; runwayVersion?: string } = {}): RunwayML {
  // Explicit key and baseURL, so a real RUNWAYML_API_SECRET in the environment is never sent anywhere.
  return new RunwayML({ apiKey: options.apiKey ?? sim.apiKey, baseURL: sim.runwayBaseURL, maxRetries: options.maxRetries ?? 0, timeout: 20_000, ...(options.runwayVersion ? { runwayVersion: options.runwayVersion } : {}) });
}

/** The APIError a call fails with; fails the test if it succeeds or fails otherwise. */
export async function runwayError(promise: Promise<unknown>): Promise<APIError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof APIError) return error;
    throw error;
  }
  throw new Error('expected the call to fail with an APIError, but it succeeded');
}

/** A data URI of real bytes, as the adapter sends reference images. */
export function dataUri(bytes: Uint8Array, mime: string): string {
  return `data:${mime};base64,${Buffer.from(bytes).toString('base64')}`;
}
