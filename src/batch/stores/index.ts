// The executor's shared state on PostgreSQL (src/execute/shared.ts), for one worker process: the journal with its
// holds and caps (journal-store.ts), the org ledger (spend-store.ts), the shared rate window and pause
// (rate-store.ts), and jobs in flight (inflight-store.ts). docs/batch.md explains the invariants.
import type { SharedRunState } from '../../execute/shared.js';
import type { BatchDatabase } from '../db/connect.js';
import { inflightStore } from './inflight-store.js';
import { journalStore } from './journal-store.js';
import { rateStore } from './rate-store.js';
import { spendStore } from './spend-store.js';

export interface SharedRunOptions {
  workerId: string;
  /** The batch whose cap the holds of this run count against. */
  batchId: string;
  /** Provider of each unit key this run may journal (holds are counted per provider). */
  providerOfKey: ReadonlyMap<string, string>;
}

// One rate store per database: its pause cache is the process's view, shared by every run of this worker.
const rates = new WeakMap<BatchDatabase, ReturnType<typeof rateStore>>();

/** One run's shared state: call per executor run (per unit); cheap, shares the pool and the pause cache. */
export function sharedRunState(db: BatchDatabase, options: SharedRunOptions): SharedRunState {
  let rate = rates.get(db);
  if (rate === undefined) {
    rate = rateStore(db.pool);
    rates.set(db, rate);
  }
  const providerOf = (key: string) => options.providerOfKey.get(key) ?? 'openai';
  return {
    workerId: options.workerId,
    journal: journalStore(db.pool, { workerId: options.workerId, batchId: options.batchId, providerOf }),
    spend: spendStore(db.pool, { batchId: options.batchId, providers: [...new Set(options.providerOfKey.values())] }),
    rate,
  };
}

/** Jobs in flight shared by every worker, per scope ('<provider>' or '<provider>/<model>'). */
export interface SharedInflight {
  /** Wait until the scope has fewer than `limit` live slots, then take one for `key` (held by `workerId`). */
  acquire(scope: string, limit: number, key: string, signal: AbortSignal): Promise<void>;
  release(key: string): Promise<void>;
  /** Renew every slot this worker holds (call with the unit leases). */
  renew(): Promise<void>;
}

export function sharedInflight(db: BatchDatabase, workerId: string): SharedInflight {
  return inflightStore(db.pool, workerId);
}
