// What the Runway face remembers beside the shared job store: each task, when it takes its concurrency slot, and
// whether it was cancelled or deleted; plus the organization's settings and the key that signs output URLs.
import { randomBytes } from 'node:crypto';
import type { RunwayEndpointName, RunwayModelData } from '../../../catalog/runway-types.js';
import type { JobRecord } from '../../job.js';
import { resolveRunwayOptions, type ResolvedRunwayOptions, type RunwayFaceOptions } from './options.js';

export interface RunwayTask {
  id: string;
  job: JobRecord;
  model: RunwayModelData;
  endpoint: RunwayEndpointName;
  /** `estimatedCost.credits`: charged up front, refunded (to 0) where Runway refunds. */
  estimatedCredits: number;
  /** When the task takes a concurrency slot; until then it is THROTTLED (Infinity until first scheduled). */
  slotAtMs: number;
  cancelledAtMs?: number;
  deletedAtMs?: number;
}

export interface RunwayFaceState {
  options: ResolvedRunwayOptions;
  /** In creation order. */
  tasks: Map<string, RunwayTask>;
  /** Signs output URLs, so a URL's expiry cannot be edited. */
  secret: string;
}

export function createRunwayState(options: RunwayFaceOptions | undefined, timeScale: number): RunwayFaceState {
  return { options: resolveRunwayOptions(options, timeScale), tasks: new Map(), secret: randomBytes(16).toString('hex') };
}
