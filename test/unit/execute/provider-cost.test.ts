// Provider-reported costs in the ledger: a raised hold, a booked charge (above, below or a refund), and cost margins
// that grow to the ratio observed, so later reservations cover what the provider really bills.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BudgetLedger } from '../../../src/execute/ledger.js';
import { nextMargin, reservationOf } from '../../../src/execute/provider-cost.js';

describe('BudgetLedger with provider costs', () => {
  it("raises a hold to the provider's estimate at once, cap or not, and says when the cap is passed", () => {
    const ledger = new BudgetLedger({ capMicroUsd: 500_000 });
    expect(ledger.tryReserve('a', 200_000)).toBe(true);
    expect(ledger.raise('a', 240_000)).toBe(true);
    expect(ledger.snapshot()).toMatchObject({ reservedMicroUsd: 240_000, ownReservedMicroUsd: 240_000 });
    // Never lowered: the estimate below the hold changes nothing.
    ledger.raise('a', 100_000);
    expect(ledger.hold('a')?.amount).toBe(240_000);
    expect(ledger.tryReserve('b', 240_000)).toBe(true);
    expect(ledger.raise('b', 300_000)).toBe(false);
    expect(ledger.headroom()).toBeLessThan(0);
    expect(ledger.tryReserve('c', 1)).toBe(false);
  });

  it('books the charge the provider reported instead of the hold; a refund books 0', () => {
    const ledger = new BudgetLedger({ capMicroUsd: 1_000_000 });
    ledger.tryReserve('over', 250_000);
    ledger.tryReserve('refund', 240_000);
    ledger.tryReserve('silent', 100_000);
    expect(ledger.commit('over', 240_000)).toEqual({ origin: 'own', bookedMicroUsd: 240_000 });
    expect(ledger.commit('refund', 0)).toEqual({ origin: 'own', bookedMicroUsd: 0 });
    expect(ledger.commit('silent')).toEqual({ origin: 'own', bookedMicroUsd: 100_000 });
    expect(ledger.snapshot()).toMatchObject({ spentMicroUsd: 340_000, reservedMicroUsd: 0 });
  });
});

describe('cost margins', () => {
  it('reserves the price times the margin, rounded up, never below the price', () => {
    const margins = new Map([['openrouter', 1.25], ['odd', 0.5]]);
    expect(reservationOf({ provider: 'openrouter', costMicroUsd: 200_001 }, margins)).toBe(250_002);
    expect(reservationOf({ provider: 'runway', costMicroUsd: 240_000 }, margins)).toBe(240_000);
    expect(reservationOf({ provider: 'odd', costMicroUsd: 100 }, margins)).toBe(100);
    expect(reservationOf({ costMicroUsd: 100 }, margins)).toBe(100);
  });

  it('grows to the highest ratio seen, so a later reservation covers a charge at that ratio', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 5_000_000 }), fc.double({ min: 0, max: 3, noNaN: true })), { maxLength: 30 }), (jobs) => {
        let margin = 1;
        let worst = 1;
        for (const [estimate, ratio] of jobs) {
          const charged = Math.ceil(estimate * ratio);
          margin = nextMargin(margin, estimate, charged);
          worst = Math.max(worst, charged / estimate);
          expect(margin).toBe(worst);
          // The next job of this price, charged at the worst ratio seen so far, fits in what it reserves.
          expect(reservationOf({ provider: 'p', costMicroUsd: estimate }, new Map([['p', margin]]))).toBeGreaterThanOrEqual(charged);
        }
      }),
    );
  });
});
