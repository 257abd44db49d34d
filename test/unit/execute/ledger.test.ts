// Scenario R6 (docs/design/scenarios.md): random sequences of reserve / commit / release / ambiguous /
// crash-and-rebuild against a trivial model, and random interleavings of concurrent workers: spent + reserved never
// passes the cap, and a rebuilt ledger never counts less than what may have been billed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { restoredIntents } from '../../../src/execute/budget-plan.js';
import type { IntentRecord, JournalRecord } from '../../../src/execute/journal-records.js';
import { replayJournal } from '../../../src/execute/journal-state.js';
import { BudgetLedger } from '../../../src/execute/ledger.js';
import type { ShotCacheStatus } from '../../../src/cache/status.js';

interface Model {
  cap: number;
  spent: number;
  /** Held intents: reserved, or ambiguous (maybe billed). */
  held: Map<string, { amount: number; ambiguous: boolean }>;
  next: number;
}

interface Real {
  ledger: BudgetLedger;
  journal: JournalRecord[];
}

const intentRecord = (id: string, amount: number): IntentRecord => ({
  type: 'intent', intentId: id, shotId: id, shotKey: `key-${id}`, kind: 'create', model: 'm', size: '720x1280', seconds: 4,
  promptSha256: 'p', parentJobId: null, reservedMicroUsd: amount, notBefore: 0, attempt: 1,
});

function check(m: Model, r: Real): void {
  const snap = r.ledger.snapshot();
  expect(snap.spentMicroUsd + snap.earlierMicroUsd + snap.reservedMicroUsd).toBeLessThanOrEqual(m.cap);
  expect(snap.spentMicroUsd + snap.earlierMicroUsd).toBe(m.spent);
  expect(snap.ownReservedMicroUsd).toBeLessThanOrEqual(snap.reservedMicroUsd);
  expect(snap.reservedMicroUsd).toBe([...m.held.values()].reduce((s, h) => s + h.amount, 0));
}

const pick = (m: Model, index: number): string | undefined => [...m.held.keys()][index % Math.max(1, m.held.size)];

class Reserve implements fc.Command<Model, Real> {
  constructor(readonly amount: number) {}
  check = () => true;
  run(m: Model, r: Real): void {
    const id = `i${m.next++}`;
    const fits = m.spent + [...m.held.values()].reduce((s, h) => s + h.amount, 0) + this.amount <= m.cap;
    expect(r.ledger.tryReserve(id, this.amount)).toBe(fits);
    if (fits) {
      r.journal.push(intentRecord(id, this.amount));
      m.held.set(id, { amount: this.amount, ambiguous: false });
    }
    check(m, r);
  }
  toString = () => `reserve(${this.amount})`;
}

class Settle implements fc.Command<Model, Real> {
  constructor(readonly how: 'commit' | 'release' | 'ambiguous', readonly index: number) {}
  check = (m: Readonly<Model>) => m.held.size > 0;
  run(m: Model, r: Real): void {
    const id = pick(m, this.index)!;
    const held = m.held.get(id)!;
    if (this.how === 'ambiguous') {
      r.journal.push({ type: 'ambiguous', intentId: id, reason: 'reset' });
      held.ambiguous = true;
    } else if (this.how === 'commit') {
      r.ledger.commit(id);
      r.journal.push({ type: 'created', intentId: id, jobId: `v-${id}` }, { type: 'stored', intentId: id, shotKey: `key-${id}` });
      m.spent += held.amount;
      m.held.delete(id);
    } else if (!held.ambiguous) {
      // Released only on proof nothing was billed: never straight from an ambiguous state.
      r.ledger.release(id);
      r.journal.push({ type: 'rejected', intentId: id, code: 'REJECTED', message: 'no' });
      m.held.delete(id);
    }
    check(m, r);
  }
  toString = () => `${this.how}(${this.index})`;
}

class CrashAndRebuild implements fc.Command<Model, Real> {
  check = () => true;
  run(m: Model, r: Real): void {
    const state = replayJournal(r.journal);
    const misses = [...state.intents.values()].map((s) => ({ status: 'miss', key: s.intent.shotKey }) as ShotCacheStatus);
    r.ledger = new BudgetLedger({ capMicroUsd: m.cap });
    for (const [id, amount] of restoredIntents(misses, state)) r.ledger.restore(id, amount);
    // A new run: what was committed is history; everything that may still be billed is held again.
    m.spent = 0;
    check(m, r);
  }
  toString = () => 'crash';
}

describe('BudgetLedger', () => {
  it('holds the cap through any sequence of reserve, commit, release, ambiguous and crash-and-rebuild', () => {
    const commands = [
      // Realistic shot prices plus off-by-one amounts, so sums land exactly on the cap often.
      fc.constantFrom(0, 1, 99_999, 100_000, 400_000, 800_000, 1_200_000).map((a) => new Reserve(a)),
      fc.tuple(fc.constantFrom('commit', 'release', 'ambiguous' as const), fc.nat(20)).map(([how, i]) => new Settle(how as 'commit' | 'release' | 'ambiguous', i)),
      fc.constant(new CrashAndRebuild()),
    ];
    fc.assert(
      fc.property(fc.nat(40).map((n) => n * 100_000), fc.commands(commands, { maxCommands: 60 }), (cap, cmds) => {
        fc.modelRun(() => ({ model: { cap, spent: 0, held: new Map(), next: 0 }, real: { ledger: new BudgetLedger({ capMicroUsd: cap }), journal: [] } }), cmds);
      }),
      { numRuns: 1000 },
    );
  });

  it('respects the tighter of the run cap and what the day has left', () => {
    const ledger = new BudgetLedger({ capMicroUsd: 1_000_000, daily: { capMicroUsd: 1_500_000, spentByOthersMicroUsd: 900_000 } });
    expect(ledger.headroom()).toBe(600_000);
    expect(ledger.tryReserve('a', 600_001)).toBe(false);
    expect(ledger.tryReserve('a', 600_000)).toBe(true);
    expect(ledger.tryReserve('a', 600_000)).toBe(true);
    expect(ledger.snapshot().reservedMicroUsd).toBe(600_000);
    expect(ledger.tryReserve('b', 1)).toBe(false);
    ledger.release('a');
    expect(ledger.tryReserve('b', 1)).toBe(true);
    expect(() => ledger.tryReserve('c', 0.5)).toThrow(RangeError);
  });

  it('never passes the cap whatever order concurrent workers interleave in (fc.scheduler)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.array(fc.integer({ min: 1, max: 500_000 }), { minLength: 1, maxLength: 12 }), fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }), async (s, costs, billed) => {
        const cap = 1_000_000;
        const ledger = new BudgetLedger({ capMicroUsd: cap });
        let maxSeen = 0;
        const observe = () => {
          const snap = ledger.snapshot();
          maxSeen = Math.max(maxSeen, snap.spentMicroUsd + snap.reservedMicroUsd);
        };
        const worker = async (cost: number, i: number) => {
          if (!ledger.tryReserve(`w${i}`, cost)) return;
          observe();
          await s.schedule(Promise.resolve('journal fsync'));
          await s.schedule(Promise.resolve('POST'));
          if (billed[i]) ledger.commit(`w${i}`);
          else ledger.release(`w${i}`);
          observe();
        };
        const all = Promise.all(costs.map(worker));
        await s.waitAll();
        await all;
        expect(maxSeen).toBeLessThanOrEqual(cap);
      }),
      { numRuns: 300 },
    );
  });
});

describe('BudgetLedger origins', () => {
  it("counts an inherited hold's commit as an earlier run's money, never as this run's spend, yet against the cap", () => {
    const ledger = new BudgetLedger({ capMicroUsd: 1_000 });
    ledger.restore('old', 400);
    expect(ledger.tryReserve('new', 500)).toBe(true);
    expect(ledger.tryReserve('more', 200)).toBe(false);
    expect(ledger.commit('old')?.origin).toBe('inherited');
    expect(ledger.commit('new')?.origin).toBe('own');
    expect(ledger.snapshot()).toEqual({ spentMicroUsd: 500, earlierMicroUsd: 400, reservedMicroUsd: 0, ownReservedMicroUsd: 0, capMicroUsd: 1_000 });
    expect(ledger.tryReserve('more', 200)).toBe(false);
    expect(ledger.commit('gone')).toBeUndefined();
  });
});
