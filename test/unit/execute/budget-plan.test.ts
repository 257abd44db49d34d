// Budget at start: intents an earlier run left unsettled are held again, a plan over the cap is refused before any
// spend (exit 3), and the per-day file is rebuilt from the journal.
import { describe, expect, it } from 'vitest';
import type { ShotCacheStatus } from '../../../src/cache/status.js';
import { refuseOverBudget, restoredIntents, startBudget } from '../../../src/execute/budget-plan.js';
import { dailyTotal, mergeJournal, utcDay } from '../../../src/execute/daily-ledger.js';
import type { IntentRecord, JournalRecord } from '../../../src/execute/journal-records.js';
import { replayJournal } from '../../../src/execute/journal-state.js';

const day = Date.parse('2026-11-24T10:00:00Z') / 1000;
const intent = (id: string, key: string, amount = 400_000, notBefore = day): IntentRecord => ({
  type: 'intent', intentId: id, shotId: key, shotKey: key, kind: 'create', model: 'sora-2', size: '720x1280', seconds: 4,
  promptSha256: 'p', parentJobId: null, reservedMicroUsd: amount, notBefore, attempt: 1,
});
const miss = (key: string, cost = 400_000): ShotCacheStatus => ({ id: key, key, status: 'miss', reasons: ['new-shot'], costMicroUsd: cost });
const hit = (key: string): ShotCacheStatus => ({ id: key, key, status: 'hit', reasons: [], costMicroUsd: 0 });

const journal: JournalRecord[] = [
  intent('i1', 'k1'), { type: 'created', intentId: 'i1', jobId: 'v1' },
  intent('i2', 'k2'), { type: 'rejected', intentId: 'i2', code: 'REJECTED', message: 'no' },
  intent('i3', 'k3'), { type: 'created', intentId: 'i3', jobId: 'v3' }, { type: 'stored', intentId: 'i3', shotKey: 'k3' },
  intent('i4', 'k4'), { type: 'created', intentId: 'i4', jobId: 'v4' }, { type: 'completed', intentId: 'i4', jobId: 'v4', completedAt: 1, expiresAt: 2 }, { type: 'expired', intentId: 'i4', jobId: 'v4' },
  intent('i5', 'other'),
];

describe('startBudget', () => {
  it('holds again only unsettled intents of this run’s misses, and prices only misses that need a new job', () => {
    const state = replayJournal(journal);
    const statuses = [miss('k1'), miss('k2'), hit('k3'), miss('k4'), miss('k5')];
    expect([...restoredIntents(statuses, state).keys()]).toEqual(['i1']);
    const start = startBudget({ statuses, journal: state, capMicroUsd: 2_000_000, regenerateExpired: false });
    expect(start).toMatchObject({ restoredMicroUsd: 400_000, newSpendMicroUsd: 800_000 });
    expect(start.ledger.snapshot()).toEqual({ spentMicroUsd: 0, earlierMicroUsd: 0, ownReservedMicroUsd: 0, reservedMicroUsd: 400_000, capMicroUsd: 2_000_000 });
    expect(startBudget({ statuses, journal: state, regenerateExpired: true }).newSpendMicroUsd).toBe(1_200_000);
  });

  it('refuses a plan over the cap with exit 3, and accepts one that fits exactly', () => {
    const state = replayJournal(journal);
    const statuses = [miss('k1'), miss('k5'), miss('k6')];
    expect(() => refuseOverBudget(startBudget({ statuses, journal: state, capMicroUsd: 1_199_999, regenerateExpired: false }), statuses)).toThrow(
      expect.objectContaining({ code: 'BUDGET_EXCEEDED', exitCode: 3, message: expect.stringContaining('plus $0.40 held') }),
    );
    expect(() => refuseOverBudget(startBudget({ statuses, journal: state, capMicroUsd: 1_200_000, regenerateExpired: false }), statuses)).not.toThrow();
    const daily = { date: '2026-11-24', intents: { old: 700_000 } };
    expect(() => refuseOverBudget(startBudget({ statuses, journal: state, dailyCapMicroUsd: 1_800_000, daily, regenerateExpired: false }), statuses)).toThrow(/\$1\.10/);
  });
});

describe('daily spend', () => {
  it('merges today’s possibly-billed intents from the journal and drops proven-unbilled ones', () => {
    const state = replayJournal([...journal, intent('yesterday', 'k9', 100_000, day - 86_400)]);
    const merged = mergeJournal({ date: utcDay(day * 1000), intents: { i2: 400_000, earlier: 300_000 } }, state);
    expect(merged.intents).toEqual({ earlier: 300_000, i1: 400_000, i3: 400_000, i4: 400_000, i5: 400_000 });
    expect(dailyTotal(merged, new Set(['i1']))).toBe(1_500_000);
  });
});
