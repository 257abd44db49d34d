// A unit of work as the database holds it: the executor's shot (reference bytes as base64) and what a worker on
// another machine needs to run it exactly as the enqueuing machine planned it (same key, same price, same limits).
// CONTRACT: the enqueue work writes encodeUnit; the worker reads decodeUnit. Versioned: a worker refuses a payload
// version it does not know.
import type { ExecShot } from '../execute/types.js';

export interface UnitSettings {
  countFailed: boolean;
  shotTimeoutMs?: number | undefined;
  /** Paid calls per minute of this shot's provider and model (shared by every worker). */
  rpm: number;
  /** Jobs in flight at once for this shot's provider (shared by every worker). */
  providerConcurrency: number;
  costMargin?: number | undefined;
}

export interface UnitPayload {
  version: 1;
  shot: ExecShot;
  /** The cache key's provider identity (providerIdentity(baseUrl), or 'sim'). */
  providerIdentity: string;
  settings: UnitSettings;
}

/** JSON for render.units.payload (bytes → base64). */
export function encodeUnit(_unit: UnitPayload): unknown {
  throw new Error('encodeUnit: not implemented yet');
}

/** Back from render.units.payload; throws on an unknown version or a damaged payload. */
export function decodeUnit(_json: unknown): UnitPayload {
  throw new Error('decodeUnit: not implemented yet');
}
