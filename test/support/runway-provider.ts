// The Runway adapter pointed at a simulator's Runway face, with a poll hint scaled to the simulator's fast clock.
import { createRunwayProvider, type RunwayProviderOptions } from '../../src/providers/runway/runway-provider.js';
import type { VideoProvider } from '../../src/providers/provider.js';
import type { Simulator } from '../../src/sim/index.js';

export function runwayProviderFor(sim: Simulator, options: Partial<RunwayProviderOptions> = {}): VideoProvider {
  return createRunwayProvider({ apiKey: sim.apiKey, baseURL: sim.runwayBaseURL, paidTimeoutMs: 10_000, readTimeoutMs: 10_000, pollAfterMs: 20, ...options });
}
