// A price list older than the limit (90 days by default, from its price date, on the run's clock) is called out in
// the table and in --json; without a clock nothing is judged.
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../../src/plan/plan.js';
import { defaultMaxPriceAgeDays, formatPlanTable, planToJson, priceAgeDays, stalePrices } from '../../../src/plan/plan-table.js';

const prices = [
  { provider: 'runway', date: '2026-04-21', source: 'https://example.test/runway' },
  { provider: 'openai', date: '2026-09-02', source: 'https://example.test/openai' },
  { provider: 'fal', date: '2026-09-03', source: 'https://example.test/fal' },
];
const today = new Date('2026-12-01T23:59:00Z');

const plan: Omit<Plan, 'cut'> = {
  name: 'demo',
  shots: [{ id: 'a', kind: 'create', model: 'sora-2', size: '1280x720', seconds: 4, prompt: 'p', take: 1, referenceFit: 'cover', retries: 0, costMicroUsd: 400_000 }],
  totalMicroUsd: 400_000,
  priceDate: '2026-09-02',
  priceSource: 'https://example.test/openai',
  prices,
};

describe('price age', () => {
  it('counts whole UTC days from the price date', () => {
    expect(priceAgeDays('2026-12-01', today)).toBe(0);
    expect(priceAgeDays('2026-09-02', today)).toBe(90);
    expect(priceAgeDays('2026-09-01', new Date('2026-12-01T00:00:00Z'))).toBe(91);
    expect(priceAgeDays('not a date', today)).toBeUndefined();
  });

  it('lists only lists older than the limit, oldest first; 90 days is still fresh', () => {
    expect(defaultMaxPriceAgeDays).toBe(90);
    expect(stalePrices(prices, today)).toEqual([{ ...prices[0], ageDays: 224 }]);
    expect(stalePrices(prices, today, 30).map((p) => p.provider)).toEqual(['runway', 'openai', 'fal']);
    expect(stalePrices(prices, new Date('2026-04-22T00:00:00Z'))).toEqual([]);
  });

  it('prints a warning line per stale list, and the same facts in --json', () => {
    const table = formatPlanTable(plan, undefined, { today });
    expect(table).toContain('Warning: the runway prices are 224 days old (read 2026-04-21, older than 90 days); check https://example.test/runway before a large run.');
    expect(table).not.toMatch(/Warning: the (openai|fal)/);
    expect(planToJson(plan, 'sb.yaml', undefined, undefined, { today, maxAgeDays: 60 }).priceAge).toEqual({
      today: '2026-12-01',
      maxAgeDays: 60,
      stale: [
        { ...prices[0], ageDays: 224 },
        { ...prices[1], ageDays: 90 },
        { ...prices[2], ageDays: 89 },
      ],
    });
  });

  it('judges nothing without a clock', () => {
    expect(formatPlanTable(plan)).not.toContain('Warning');
    expect(planToJson(plan, 'sb.yaml', undefined)).not.toHaveProperty('priceAge');
  });
});
