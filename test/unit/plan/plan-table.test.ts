// What `render plan` prints: the table, the cap line, and the --json document.
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../../src/plan/plan.js';
import { formatCapLine, formatPlanTable, planToJson } from '../../../src/plan/plan-table.js';

const plan: Omit<Plan, 'cut'> = {
  name: 'neon-city',
  shots: [
    { id: 'street', kind: 'create', model: 'sora-2', size: '1280x720', seconds: 8, prompt: 'p', take: 1, referenceFit: 'cover', retries: 0, costMicroUsd: 800_000 },
    { id: 'street-night', kind: 'remix', remixOf: 'street', model: 'sora-2', size: '1280x720', seconds: 8, prompt: 'p', take: 1, referenceFit: 'cover', retries: 0, costMicroUsd: 800_000 },
    { id: 'pro', kind: 'create', model: 'sora-2-pro', size: '1792x1024', seconds: 12, prompt: 'p', take: 1, referenceFit: 'cover', retries: 0, costMicroUsd: 6_000_000 },
  ],
  totalMicroUsd: 7_600_000,
  priceDate: '2026-09-19',
  priceSource: 'https://example.test/pricing',
  prices: [{ provider: 'openai', date: '2026-09-19', source: 'https://example.test/pricing' }],
};

describe('formatPlanTable', () => {
  it('prints one aligned row per shot, the total and where the prices come from', () => {
    expect(formatPlanTable(plan)).toBe(
      [
        'Plan for neon-city: 3 shots, $7.60 to pay',
        '',
        '  SHOT          KIND             MODEL       SIZE       SECONDS    USD',
        '  street        create           sora-2      1280x720         8  $0.80',
        '  street-night  remix of street  sora-2      1280x720         8  $0.80',
        '  pro           create           sora-2-pro  1792x1024       12  $6.00',
        '  ------------  ---------------  ----------  ---------  -------  -----',
        '  total                                                      28  $7.60',
        '',
        'Prices as of 2026-09-19: https://example.test/pricing',
      ].join('\n'),
    );
  });
});

describe('formatCapLine and planToJson', () => {
  it('says how much is left, or by how much the plan is over the cap', () => {
    expect(formatCapLine(plan, { capMicroUsd: 10_000_000, source: 'budget.max-usd' })).toBe('Budget cap $10.00 (budget.max-usd): $2.40 to spare.');
    expect(formatCapLine(plan, { capMicroUsd: 5_000_000, source: '--max-usd' })).toBe(
      'Over budget: this plan costs $7.60, $2.60 more than the $5.00 cap (--max-usd).',
    );
  });

  it('gives the same facts as one JSON document, money in micro-dollars and USD', () => {
    const json = planToJson(plan, 'sb.yaml', { capMicroUsd: 5_000_000, source: '--max-usd' });
    expect(json).toMatchObject({
      name: 'neon-city', file: 'sb.yaml', totalMicroUsd: 7_600_000, totalUsd: 7.6, priceDate: '2026-09-19',
      cap: { microUsd: 5_000_000, usd: 5, source: '--max-usd' }, overCapMicroUsd: 2_600_000, withinCap: false,
    });
    expect((json.shots as Array<Record<string, unknown>>)[1]).toMatchObject({ id: 'street-night', kind: 'remix', remixOf: 'street', costMicroUsd: 800_000, costUsd: 0.8 });
    expect(planToJson(plan, 'sb.yaml', undefined)).toMatchObject({ cap: null, overCapMicroUsd: 0, withinCap: true });
  });
});

describe('formatPlanTable with cache states', () => {
  it('prices only the misses, says why each miss is one, and counts the savings', () => {
    const cache = new Map([
      [plan.shots[0]!.id, { status: 'hit' as const, why: '', costMicroUsd: 0 }],
      [plan.shots[1]!.id, { status: 'miss' as const, why: 'prompt changed', costMicroUsd: plan.shots[1]!.costMicroUsd }],
    ]);
    const text = formatPlanTable(plan, cache);
    expect(text).toContain('CACHE');
    expect(text).toMatch(new RegExp(`^  ${plan.shots[0]!.id} .* \\$0\\.00  hit$`, 'm'));
    expect(text).toMatch(/miss: prompt changed$/m);
    const toPay = plan.totalMicroUsd - plan.shots[0]!.costMicroUsd;
    expect(planToJson(plan, 'sb.yaml', { capMicroUsd: toPay, source: '--max-usd' }, cache)).toMatchObject({ toPayMicroUsd: toPay, withinCap: true });
    expect(formatCapLine(plan, { capMicroUsd: toPay - 1, source: '--max-usd' }, cache)).toMatch(/^Over budget/);
  });
});

describe('a plan mixing providers', () => {
  const mixed: Omit<Plan, 'cut'> = {
    ...plan,
    shots: [
      plan.shots[0]!,
      { id: 'harbour', kind: 'create', provider: 'fal', model: 'fal-ai/veo3.1/fast', size: '1280x720', seconds: 8, prompt: 'p', take: 1, referenceFit: 'cover', retries: 0, costMicroUsd: 1_200_000 },
      { id: 'harbour-more', kind: 'extend', extendOf: 'harbour', provider: 'fal', model: 'fal-ai/veo3.1/fast', size: '1280x720', seconds: 7, prompt: 'p', take: 1, referenceFit: 'cover', retries: 0, costMicroUsd: 1_050_000, clipSeconds: 15 },
    ],
    prices: [
      { provider: 'openai', date: '2026-09-19', source: 'https://example.test/pricing' },
      { provider: 'fal', date: '2026-11-20', source: 'https://example.test/fal' },
    ],
  };

  it('names the provider of non-OpenAI models, the extension and every price list with its date', () => {
    const table = formatPlanTable(mixed);
    expect(table).toMatch(/harbour-more\s+extend harbour\s+fal:fal-ai\/veo3\.1\/fast\s+1280x720\s+7\s+\$1\.05/);
    expect(table).toMatch(/street\s+create\s+sora-2\s/);
    expect(table).toContain('Prices as of 2026-09-19 (openai): https://example.test/pricing');
    expect(table).toContain('Prices as of 2026-11-20 (fal): https://example.test/fal');
    expect(planToJson(mixed, 'sb.yaml', undefined).prices).toEqual(mixed.prices);
  });
});

