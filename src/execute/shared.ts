// What one executor run shares with every other worker when a batch database is configured (`render worker`): the
// journal's records, the org budget and the rate limits live in PostgreSQL instead of the cache folder, so several
// processes on several machines can run shots of one account without paying twice or passing a cap. Absent
// (`ExecuteOptions.shared` unset): a local run, exactly as before (cache lock, journal file, daily file).
import type { JournalRecord } from './journal-records.js';

/** An intent would pass an org cap (day, provider, batch): nothing was reserved and nothing may be sent. */
export class BudgetRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BudgetRefusedError';
  }
}

/** This worker no longer holds the unit (its lease lapsed and another worker took it): nothing may be sent. */
export class LeaseLostError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LeaseLostError';
  }
}

export interface SharedJournal {
  /** Every record of these shot keys, in the order they were made durable (replayed like the file's lines). */
  load(keys: readonly string[]): Promise<JournalRecord[]>;
  /**
   * Make one record durable (committed) before resolving. An intent record reserves its `reservedMicroUsd` against
   * every org cap in the same transaction that inserts it, and only while this worker holds the unit's lease:
   * rejects with BudgetRefusedError or LeaseLostError, and then nothing was recorded or reserved.
   */
  append(rec: JournalRecord): Promise<void>;
}

/** The org ledger's view of one intent's money after its intent (the role the daily file has in a local run). */
export interface SharedSpend {
  /** The hold of an intent is now this amount; `booked`: it is the charge (billed), no longer only a hold. */
  set(intentId: string, amountMicroUsd: number, booked?: boolean): Promise<void>;
  /** Proven unbilled: the hold no longer counts. */
  remove(intentId: string): Promise<void>;
  /** Room left under the tightest org cap for this run's shots, for the plan's up-front check (Infinity: none). */
  headroom(): Promise<number>;
}

export interface SharedRate {
  /**
   * Wait until one more paid call fits in the shared per-minute window of every scope given (provider, and
   * provider/model), counting it in each with no gap between check and count; honours a shared pause.
   */
  acquirePaid(scopes: readonly { scope: string; rpm: number }[], signal: AbortSignal): Promise<void>;
  /** A 429 told one worker to wait: every worker pauses until then (provider scope). */
  pauseUntil(scope: string, untilMs: number): Promise<void>;
  /** The latest pause this process knows of for a scope (kept fresh from the database), 0 when none. */
  pausedUntil(scope: string): number;
}

export interface SharedRunState {
  /** Names this worker in journal rows, holds and leases. */
  workerId: string;
  journal: SharedJournal;
  spend: SharedSpend;
  rate: SharedRate;
}
