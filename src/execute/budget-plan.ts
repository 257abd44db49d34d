// Before any spend: rebuild the ledger from the journal (every intent that may have been billed and is not settled
// counts), and refuse a plan whose uncached shots alone already pass the cap (issue 4: exit 3, nothing spent).
import type { ShotCacheStatus } from '../cache/status.js';
import { RenderError } from '../common/errors.js';
import { formatUsd } from '../common/money.js';
import { dailyTotal, type DailySpend } from './daily-ledger.js';
import { intentsForKey, isSettled, isUnresolved, type JournalState } from './journal-state.js';
import { BudgetLedger } from './ledger.js';

export interface BudgetInputs {
  statuses: readonly ShotCacheStatus[];
  journal: JournalState;
  capMicroUsd?: number | undefined;
  dailyCapMicroUsd?: number | undefined;
  daily?: DailySpend | undefined;
  regenerateExpired: boolean;
  resendUnknown?: boolean | undefined;
  /** Per shot key: what its paid call will reserve (its price times its provider's cost margin); default its price. */
  reserveByKey?: ReadonlyMap<string, number> | undefined;
}

export interface BudgetStart {
  ledger: BudgetLedger;
  /** Money held by unsettled intents of earlier runs this run will resolve. */
  restoredMicroUsd: number;
  /** What the misses need that is not held already. */
  newSpendMicroUsd: number;
}

/**
 * Unsettled intents of this run's misses (their money may be billed, and this run resolves them), and unresolved
 * ones of its hits (a first attempt whose outcome is still unknown after a resend: counted until proven). Pure.
 */
export function restoredIntents(statuses: readonly ShotCacheStatus[], journal: JournalState): Map<string, number> {
  const restored = new Map<string, number>();
  for (const status of statuses) {
    for (const state of intentsForKey(journal, status.key)) {
      const counts = status.status === 'miss' ? !isSettled(state) : isUnresolved(state);
      if (counts) restored.set(state.intent.intentId, state.intent.reservedMicroUsd);
    }
  }
  return restored;
}

function needsNewSpend(status: ShotCacheStatus, journal: JournalState, regenerateExpired: boolean, resendUnknown: boolean): boolean {
  if (status.status !== 'miss') return false;
  const latest = intentsForKey(journal, status.key).at(-1);
  if (!latest) return true;
  if (latest.terminal === 'expired' && !latest.stored) return regenerateExpired;
  // An unknown outcome is paid again only on an explicit opt-in (resendUnknown), and then the hold stays too.
  return isSettled(latest) || (resendUnknown && isUnresolved(latest));
}

export function startBudget(inputs: BudgetInputs): BudgetStart {
  const restored = restoredIntents(inputs.statuses, inputs.journal);
  const others = inputs.daily ? dailyTotal(inputs.daily, new Set(restored.keys())) : 0;
  const ledger = new BudgetLedger({
    capMicroUsd: inputs.capMicroUsd,
    daily: inputs.dailyCapMicroUsd === undefined ? undefined : { capMicroUsd: inputs.dailyCapMicroUsd, spentByOthersMicroUsd: others },
  });
  let restoredMicroUsd = 0;
  for (const [id, amount] of restored) {
    ledger.restore(id, amount);
    restoredMicroUsd += amount;
  }
  // One payment per key: a recipe repeated in the storyboard is generated once.
  const paying = new Map(inputs.statuses.filter((s) => needsNewSpend(s, inputs.journal, inputs.regenerateExpired, inputs.resendUnknown ?? false)).map((s) => [s.key, inputs.reserveByKey?.get(s.key) ?? s.costMicroUsd]));
  const newSpendMicroUsd = [...paying.values()].reduce((sum, cost) => sum + cost, 0);
  return { ledger, restoredMicroUsd, newSpendMicroUsd };
}

/** Throw (exit 3) when the plan cannot fit: refuse before spending anything. */
export function refuseOverBudget(start: BudgetStart, statuses: readonly ShotCacheStatus[]): void {
  const room = start.ledger.headroom() + start.restoredMicroUsd;
  const needed = start.newSpendMicroUsd + start.restoredMicroUsd;
  if (needed <= room || start.newSpendMicroUsd === 0) return;
  const misses = statuses.filter((s) => s.status === 'miss').length;
  const held = start.restoredMicroUsd > 0 ? ` plus ${formatUsd(start.restoredMicroUsd)} held by jobs an earlier run started` : '';
  throw new RenderError(
    'BUDGET_EXCEEDED',
    `the ${misses} uncached shot(s) cost ${formatUsd(start.newSpendMicroUsd)}${held}, ${formatUsd(needed - Math.max(0, room))} more than the budget allows (${formatUsd(Math.max(0, room))}); nothing was spent`,
    { hint: 'raise budget.max-usd / --max-usd (or the daily cap), or cut or cache shots; cached shots are free' },
  );
}
