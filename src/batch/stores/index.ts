// The executor's shared state on PostgreSQL (src/execute/shared.ts), for one worker process.
// CONTRACT STUB: the batch-stores work fills this in (journal + holds in one transaction, caps, shared rate window,
// shared pause, jobs in flight). Signatures are fixed; callers (the worker) code against them.
import type { SharedRunState } from '../../execute/shared.js';
import type { BatchDatabase } from '../db/connect.js';

export interface SharedRunOptions {
  workerId: string;
  /** The batch whose cap the holds of this run count against. */
  batchId: string;
  /** Provider of each unit key this run may journal (holds are counted per provider). */
  providerOfKey: ReadonlyMap<string, string>;
}

/** One run's shared state: call per executor run (per unit); cheap, shares the pool and the pause listener. */
export function sharedRunState(_db: BatchDatabase, _options: SharedRunOptions): SharedRunState {
  throw new Error('sharedRunState: not implemented yet');
}

/** Jobs in flight shared by every worker, per scope ('<provider>' or '<provider>/<model>'). */
export interface SharedInflight {
  /** Wait until the scope has fewer than `limit` live slots, then take one for `key` (held by `workerId`). */
  acquire(scope: string, limit: number, key: string, signal: AbortSignal): Promise<void>;
  release(key: string): Promise<void>;
  /** Renew every slot this worker holds (call with the unit leases). */
  renew(): Promise<void>;
}

export function sharedInflight(_db: BatchDatabase, _workerId: string): SharedInflight {
  throw new Error('sharedInflight: not implemented yet');
}
