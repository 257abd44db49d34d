// Cost bars: every amount on one scale whose full width is the cap, so bars compare with each other and with it.
import { describe, expect, it } from 'vitest';
import { barPercent, costBars } from '../../../src/report/cost-bars.js';
import { money } from '../../../src/report/format.js';
import type { ReportShot } from '../../../src/report/types.js';

type Shot = Pick<ReportShot, 'id' | 'cost' | 'estimate' | 'possiblyBilled'>;
const shot = (id: string, cost: number, estimate: number | null, possibly = 0): Shot => ({
  id, cost: money(cost), estimate: estimate === null ? null : money(estimate), possiblyBilled: money(possibly),
});

function bars(shots: Shot[], cap: number | null, totals: { spent: number; estimate: number; possibly?: number }) {
  return costBars({
    shots: shots as ReportShot[],
    totals: { cap: cap === null ? null : money(cap), spent: money(totals.spent), estimate: money(totals.estimate), possiblyBilled: money(totals.possibly ?? 0) },
  });
}

describe('costBars', () => {
  it('sizes each shot and the total as a share of the cap', () => {
    const out = bars([shot('a', 400_000, 400_000), shot('b', 2_880_000, 2_400_000), shot('hit', 0, null)], 5_000_000, { spent: 3_280_000, estimate: 2_800_000 });
    expect(out.scaleMicroUsd).toBe(5_000_000);
    expect(out.capPercent).toBe(100);
    expect(out.rows.map((r) => [r.shotId, r.costPercent, r.estimatePercent])).toEqual([['a', 8, 8], ['b', 57.6, 48], ['hit', 0, null]]);
    expect(out.total).toEqual({ costPercent: 65.6, estimatePercent: 56, possiblyBilledPercent: 0 });
  });

  it('without a cap, the largest amount drawn is the full width', () => {
    const out = bars([shot('a', 1_000_000, 1_000_000), shot('b', 0, null, 1_000_000)], null, { spent: 1_000_000, estimate: 1_000_000, possibly: 1_000_000 });
    expect(out.scaleMicroUsd).toBe(2_000_000);
    expect(out.capPercent).toBeNull();
    expect(out.rows[1]).toMatchObject({ costPercent: 0, possiblyBilledPercent: 50 });
    expect(out.total).toMatchObject({ costPercent: 50, possiblyBilledPercent: 50 });
  });

  it('when the charges went past the cap, the cap moves inside the track instead of bars spilling out', () => {
    const out = bars([shot('a', 6_000_000, 5_000_000)], 5_000_000, { spent: 6_000_000, estimate: 5_000_000 });
    expect(out.scaleMicroUsd).toBe(6_000_000);
    expect(out.capPercent).toBe(83.33);
    expect(out.rows[0]).toMatchObject({ costPercent: 100, estimatePercent: 83.33 });
  });
});

describe('barPercent', () => {
  it('is a share within 0–100, and 0 for nothing or no scale', () => {
    expect([barPercent(1, 3), barPercent(5, 4), barPercent(-1, 4), barPercent(1, 0)]).toEqual([33.33, 100, 0, 0]);
  });
});
