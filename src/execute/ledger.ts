// The budget ledger (docs/design/money-safety.md#reservations): integer micro-dollars, reserve-then-commit like a card
// hold. The check and the reservation are one synchronous step, so no interleaving of workers passes the cap. Pure: no I/O.

export interface LedgerOptions {
  /** The run's cap; undefined = no cap. */
  capMicroUsd?: number | undefined;
  /** Per-day cap across runs, with what other runs already spent today. */
  daily?: { capMicroUsd: number; spentByOthersMicroUsd: number } | undefined;
}

export interface LedgerSnapshot {
  spentMicroUsd: number;
  reservedMicroUsd: number;
  capMicroUsd: number | undefined;
}

export class BudgetLedger {
  readonly #cap: number | undefined;
  readonly #daily: LedgerOptions['daily'];
  #spent = 0;
  #reservedTotal = 0;
  readonly #reserved = new Map<string, number>();

  constructor(options: LedgerOptions = {}) {
    this.#cap = options.capMicroUsd;
    this.#daily = options.daily;
  }

  /** Room left under the tighter of the run cap and the daily cap (Infinity when uncapped). */
  headroom(): number {
    const used = this.#spent + this.#reservedTotal;
    const run = this.#cap === undefined ? Infinity : this.#cap - used;
    const day = this.#daily === undefined ? Infinity : this.#daily.capMicroUsd - this.#daily.spentByOthersMicroUsd - used;
    return Math.min(run, day);
  }

  /** Check and reserve in one step; false (and nothing reserved) if it would pass a cap. */
  tryReserve(id: string, costMicroUsd: number): boolean {
    if (!Number.isSafeInteger(costMicroUsd) || costMicroUsd < 0) throw new RangeError(`bad cost ${costMicroUsd}`);
    if (this.#reserved.has(id)) return true;
    if (costMicroUsd > this.headroom()) return false;
    this.#reserved.set(id, costMicroUsd);
    this.#reservedTotal += costMicroUsd;
    return true;
  }

  /**
   * Count money that may already be billed (an intent found in the journal on start), cap or not: it is not ours to
   * refuse, only to account for.
   */
  restore(id: string, costMicroUsd: number): void {
    if (this.#reserved.has(id)) return;
    this.#reserved.set(id, costMicroUsd);
    this.#reservedTotal += costMicroUsd;
  }

  /** The job was billed: the hold becomes spend. */
  commit(id: string): void {
    this.#spent += this.#drop(id);
  }

  /** Only on proof nothing was billed (a definite refusal, or reconciliation found no job). */
  release(id: string): void {
    this.#drop(id);
  }

  // Remove a hold (idempotent) and return its amount.
  #drop(id: string): number {
    const amount = this.#reserved.get(id) ?? 0;
    this.#reserved.delete(id);
    this.#reservedTotal -= amount;
    return amount;
  }

  isReserved(id: string): boolean {
    return this.#reserved.has(id);
  }

  snapshot(): LedgerSnapshot {
    return { spentMicroUsd: this.#spent, reservedMicroUsd: this.#reservedTotal, capMicroUsd: this.#cap };
  }
}
