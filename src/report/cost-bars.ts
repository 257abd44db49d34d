// Pure: each shot's cost, and the run's total, as bar widths on one scale whose full width is the budget cap, so a
// person sees at a glance which shots took the money and how close the run came to the cap.
import type { Report } from './types.js';

export interface CostBarRow {
  shotId: string;
  /** The catalog price of the shot's ended paid calls (null: none ended, e.g. a cache hit). */
  estimatePercent: number | null;
  /** What counts against the cap: the provider's charge where it reported one, else the estimate booked. */
  costPercent: number;
  /** Paid calls whose outcome is unsettled: may yet be billed. */
  possiblyBilledPercent: number;
}

export interface CostBars {
  /** The amount the full width stands for: the cap, or (without a cap, or past it) the largest amount drawn. */
  scaleMicroUsd: number;
  /** Where the cap sits (100 unless something went past it); null without a cap. */
  capPercent: number | null;
  rows: CostBarRow[];
  total: { estimatePercent: number; costPercent: number; possiblyBilledPercent: number };
}

/** `amount` as a percentage of `scale`, within 0–100, to a hundredth. */
export function barPercent(amount: number, scale: number): number {
  if (!(scale > 0) || !(amount > 0)) return 0;
  return Math.round(Math.min(100, (amount / scale) * 100) * 100) / 100;
}

type CostInput = Pick<Report, 'shots'> & { totals: Pick<Report['totals'], 'cap' | 'spent' | 'possiblyBilled' | 'estimate'> };

export function costBars(report: CostInput): CostBars {
  const { totals } = report;
  const cap = totals.cap?.microUsd ?? null;
  const drawn = Math.max(totals.spent.microUsd + totals.possiblyBilled.microUsd, totals.estimate.microUsd);
  const scale = Math.max(cap ?? 0, drawn);
  return {
    scaleMicroUsd: scale,
    capPercent: cap === null ? null : barPercent(cap, scale),
    rows: report.shots.map((shot) => ({
      shotId: shot.id,
      estimatePercent: shot.estimate === null ? null : barPercent(shot.estimate.microUsd, scale),
      costPercent: barPercent(shot.cost.microUsd, scale),
      possiblyBilledPercent: barPercent(shot.possiblyBilled.microUsd, scale),
    })),
    total: {
      estimatePercent: barPercent(totals.estimate.microUsd, scale),
      costPercent: barPercent(totals.spent.microUsd, scale),
      possiblyBilledPercent: barPercent(totals.possiblyBilled.microUsd, scale),
    },
  };
}
