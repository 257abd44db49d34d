// The budget ledger: integer micro-dollars, reserve-then-commit like a card hold. The check and the reservation are
// one synchronous step, so no interleaving of workers can pass the cap. Holds remember whether this run made the
// paid call or inherited it from an earlier run's journal, so totals never count one payment twice. Pure, no I/O.

export interface LedgerOptions {
  /** The run's cap; undefined = no cap. */
  capMicroUsd?: number | undefined;
  /** Per-day cap across runs, with what other runs already spent today. */
  daily?: { capMicroUsd: number; spentByOthersMicroUsd: number } | undefined;
}

export interface LedgerSnapshot {
  /** Billed for paid calls this run made. */
  spentMicroUsd: number;
  /** Billed for paid calls an earlier run made, settled in this run (not spent again). */
  earlierMicroUsd: number;
  /** Every hold: money that may be billed and is not settled (this run's and inherited). */
  reservedMicroUsd: number;
  /** The part of `reservedMicroUsd` held for this run's own paid calls. */
  ownReservedMicroUsd: number;
  capMicroUsd: number | undefined;
}

export type HoldOrigin = 'own' | 'inherited';

export class BudgetLedger {
  readonly #cap: number | undefined;
  readonly #daily: LedgerOptions['daily'];
  #spent = 0;
  #earlier = 0;
  #reservedTotal = 0;
  #ownReserved = 0;
  readonly #reserved = new Map<string, { amount: number; origin: HoldOrigin }>();

  constructor(options: LedgerOptions = {}) {
    this.#cap = options.capMicroUsd;
    this.#daily = options.daily;
  }

  /** Room left under the tighter of the run cap and the daily cap (Infinity when uncapped). */
  headroom(): number {
    const used = this.#spent + this.#earlier + this.#reservedTotal;
    const run = this.#cap === undefined ? Infinity : this.#cap - used;
    const day = this.#daily === undefined ? Infinity : this.#daily.capMicroUsd - this.#daily.spentByOthersMicroUsd - used;
    return Math.min(run, day);
  }

  /** Check and reserve in one step; false (and nothing reserved) if it would pass a cap. */
  tryReserve(id: string, costMicroUsd: number): boolean {
    if (!Number.isSafeInteger(costMicroUsd) || costMicroUsd < 0) throw new RangeError(`bad cost ${costMicroUsd}`);
    if (this.#reserved.has(id)) return true;
    if (costMicroUsd > this.headroom()) return false;
    this.#hold(id, costMicroUsd, 'own');
    return true;
  }

  /**
   * Count money that may already be billed (an intent found in the journal on start), cap or not: it is not ours to
   * refuse, only to account for.
   */
  restore(id: string, costMicroUsd: number): void {
    if (!this.#reserved.has(id)) this.#hold(id, costMicroUsd, 'inherited');
  }

  /**
   * The provider says the job may cost more than is held (Runway's `estimatedCost` above the catalog price): raise
   * the hold at once, cap or not, since the job exists already. Returns false when the run is now past a cap.
   */
  raise(id: string, amountMicroUsd: number): boolean {
    const hold = this.#reserved.get(id);
    if (hold && Number.isSafeInteger(amountMicroUsd) && amountMicroUsd > hold.amount) {
      this.#reservedTotal += amountMicroUsd - hold.amount;
      if (hold.origin === 'own') this.#ownReserved += amountMicroUsd - hold.amount;
      hold.amount = amountMicroUsd;
    }
    return this.headroom() >= 0;
  }

  /**
   * The job was billed: the hold becomes spend (this run's, or an earlier run's). `chargedMicroUsd`: what the
   * provider says it charged (it replaces the hold, above or below it); absent, the hold is what is booked.
   */
  commit(id: string, chargedMicroUsd?: number): { origin: HoldOrigin; bookedMicroUsd: number } | undefined {
    const hold = this.#drop(id);
    if (!hold) return undefined;
    const booked = chargedMicroUsd !== undefined && Number.isSafeInteger(chargedMicroUsd) && chargedMicroUsd >= 0 ? chargedMicroUsd : hold.amount;
    if (hold.origin === 'own') this.#spent += booked;
    else this.#earlier += booked;
    return { origin: hold.origin, bookedMicroUsd: booked };
  }

  /** Only on proof nothing was billed (a definite refusal, a user's declaration, or countFailed false). */
  release(id: string): void {
    this.#drop(id);
  }

  #hold(id: string, amount: number, origin: HoldOrigin): void {
    this.#reserved.set(id, { amount, origin });
    this.#reservedTotal += amount;
    if (origin === 'own') this.#ownReserved += amount;
  }

  // Remove a hold (idempotent).
  #drop(id: string): { amount: number; origin: HoldOrigin } | undefined {
    const hold = this.#reserved.get(id);
    if (!hold) return undefined;
    this.#reserved.delete(id);
    this.#reservedTotal -= hold.amount;
    if (hold.origin === 'own') this.#ownReserved -= hold.amount;
    return hold;
  }

  isReserved(id: string): boolean {
    return this.#reserved.has(id);
  }

  /** The hold of one intent, if any. */
  hold(id: string): { amount: number; origin: HoldOrigin } | undefined {
    const hold = this.#reserved.get(id);
    return hold ? { ...hold } : undefined;
  }

  snapshot(): LedgerSnapshot {
    return {
      spentMicroUsd: this.#spent,
      earlierMicroUsd: this.#earlier,
      reservedMicroUsd: this.#reservedTotal,
      ownReservedMicroUsd: this.#ownReserved,
      capMicroUsd: this.#cap,
    };
  }
}
