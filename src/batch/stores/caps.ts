// The org caps an intent is checked against, and the arithmetic of the check. Pure: the journal store reads the sums
// and the caps inside the transaction that inserts the intent, under one lock, and asks this.
import { formatUsd } from '../../common/money.js';

export interface CapLimits {
  /** render.caps 'day': every provider, per UTC day. */
  day?: number | undefined;
  /** render.caps 'provider:<name>', per UTC day. */
  provider?: number | undefined;
  /** render.batches.cap_micro_usd. */
  batch?: number | undefined;
}


/** Money that may be billed (held or spent, not released) in each scope, before this intent. */
export interface CapTotals {
  day: number;
  provider: number;
  batch: number;
}

/** A storyboard of the unit's batch that uses the unit and has its own budget.max-usd, with what it holds already. */
export interface StoryboardCap {
  name: string;
  cap: number;
  total: number;
}

/** Why `amount` more would pass a cap, or undefined when it fits every one. */
export function capRefusal(
  amount: number,
  totals: CapTotals,
  caps: CapLimits,
  names: { provider: string; batch: string },
  storyboards: readonly StoryboardCap[] = [],
): string | undefined {
  const checks: Array<[number | undefined, number, string]> = [
    [caps.day, totals.day, "the org's daily cap"],
    [caps.provider, totals.provider, `the org's daily cap for ${names.provider}`],
    [caps.batch, totals.batch, `batch ${names.batch}'s cap`],
    ...storyboards.map((s): [number, number, string] => [s.cap, s.total, `storyboard ${s.name}'s budget.max-usd`]),
  ];
  for (const [cap, total, what] of checks) {
    if (cap !== undefined && total + amount > cap) {
      return `${formatUsd(amount)} more would pass ${what} of ${formatUsd(cap)} (${formatUsd(total)} already held or spent)`;
    }
  }
  return undefined;
}

/** Room left under the tightest cap (Infinity when none is set). Pure. */
export function capHeadroom(totals: readonly { cap: number | undefined; total: number }[]): number {
  return totals.reduce((room, { cap, total }) => (cap === undefined ? room : Math.min(room, Math.max(0, cap - total))), Number.POSITIVE_INFINITY);
}
