// The per-day spend file for `budget.max-usd-per-day` (nightly batches): which intents counted today, kept in the
// cache folder across runs, written atomically under the cache lock and re-merged from the journal on start.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../common/durable-fs.js';
import type { CacheLayout } from '../cache/store.js';
import { provenUnbilled, type JournalState } from './journal-state.js';

export interface DailySpend {
  /** UTC day, YYYY-MM-DD. */
  date: string;
  /** Intent id → micro-dollars counted against the day. */
  intents: Record<string, number>;
}

export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Add journaled intents of that day that may have been billed; drop the ones proven unbilled. Pure. */
export function mergeJournal(spend: DailySpend, journal: JournalState): DailySpend {
  const intents = { ...spend.intents };
  for (const state of journal.intents.values()) {
    const { intentId, notBefore, reservedMicroUsd } = state.intent;
    if (provenUnbilled(state)) delete intents[intentId];
    else if (utcDay(notBefore * 1000) === spend.date || intentId in intents) intents[intentId] = reservedMicroUsd;
  }
  return { date: spend.date, intents };
}

export function dailyTotal(spend: DailySpend, excluding: ReadonlySet<string> = new Set()): number {
  return Object.entries(spend.intents).reduce((sum, [id, amount]) => (excluding.has(id) ? sum : sum + amount), 0);
}

/**
 * Where a run's money that may be billed is counted beyond the run: the daily file of a local run, the org ledger of a
 * batch worker (src/execute/shared.ts). `tracksBooking`: told when a hold is booked as spent, not only when it changes.
 */
export interface DailySink {
  readonly tracksBooking?: boolean;
  /** The journal's intent already counted its hold here (the same transaction): no separate set after it. */
  readonly holdsWithIntent?: boolean;
  set(intentId: string, amount: number, booked?: boolean): Promise<void>;
  remove(intentId: string): Promise<void>;
}

export class DailySpendFile implements DailySink {
  readonly #path: string;
  readonly #tmp: string;
  #spend: DailySpend;
  #chain: Promise<void> = Promise.resolve();

  private constructor(path: string, tmp: string, spend: DailySpend) {
    this.#path = path;
    this.#tmp = tmp;
    this.#spend = spend;
  }

  static async load(layout: CacheLayout, date: string, journal: JournalState): Promise<DailySpendFile> {
    const path = join(layout.daily, `${date}.json`);
    let spend: DailySpend = { date, intents: {} };
    try {
      const value = JSON.parse(await readFile(path, 'utf8')) as Partial<DailySpend>;
      if (value.date === date && typeof value.intents === 'object' && value.intents !== null) spend = { date, intents: value.intents };
    } catch {
      // Missing or unreadable: the journal merge below rebuilds what it can (conservatively).
    }
    const file = new DailySpendFile(path, layout.tmp, mergeJournal(spend, journal));
    await file.#write();
    return file;
  }

  get spend(): DailySpend {
    return this.#spend;
  }

  set(intentId: string, amount: number): Promise<void> {
    this.#spend = { date: this.#spend.date, intents: { ...this.#spend.intents, [intentId]: amount } };
    return this.#write();
  }

  remove(intentId: string): Promise<void> {
    if (!(intentId in this.#spend.intents)) return Promise.resolve();
    const intents = { ...this.#spend.intents };
    delete intents[intentId];
    this.#spend = { date: this.#spend.date, intents };
    return this.#write();
  }

  // Serialised, each write carrying the latest state, so a slow older rename can never land last.
  #write(): Promise<void> {
    const next = this.#chain.then(() => writeFileAtomic(this.#path, `${JSON.stringify(this.#spend)}\n`, this.#tmp));
    this.#chain = next.catch(() => undefined);
    return next;
  }
}
