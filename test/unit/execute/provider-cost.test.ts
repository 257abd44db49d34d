// Provider-reported costs in the ledger: a raised hold, a booked charge (above, below or a refund), and cost margins
// that grow to the ratio observed, so later reservations cover what the provider really bills.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BudgetLedger } from '../../../src/execute/ledger.js';
import { replayJournal } from '../../../src/execute/journal-state.js';
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

describe('provider costs in the journal', () => {
  const intent = {
    type: 'intent', intentId: 'i1', shotId: 's', shotKey: 'k', kind: 'create', model: 'gen4.5', size: '1280x720', seconds: 2,
    promptSha256: 'p', parentJobId: null, reservedMicroUsd: 200_000, notBefore: 1, attempt: 1,
  } as const;

  it('a raised hold replaces the reservation on replay (a resumed run restores it), never lowering it', () => {
    const state = replayJournal([intent, { type: 'created', intentId: 'i1', jobId: 'runway:t' }, { type: 'held', intentId: 'i1', reservedMicroUsd: 240_000 }, { type: 'held', intentId: 'i1', reservedMicroUsd: 100 }]);
    expect(state.intents.get('i1')?.intent.reservedMicroUsd).toBe(240_000);
  });

  it('keeps the charge a terminal record carries', () => {
    const state = replayJournal([intent, { type: 'failed', intentId: 'i1', jobId: 'runway:t', code: 'INTERNAL', message: 'm', chargedMicroUsd: 0 }]);
    expect(state.intents.get('i1')).toMatchObject({ terminal: 'failed', chargedMicroUsd: 0 });
  });
});
