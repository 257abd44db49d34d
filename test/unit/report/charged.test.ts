// Provider-reported charges in the report: per shot the estimate and the charge, totals of both and their difference,
// null where no provider said anything; the page shows them beside the cost.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../../src/report/build.js';
import { renderReportHtml } from '../../../src/report/html.js';
import { runRecord } from './run-record.fixture.js';

const schema = JSON.parse(readFileSync(fileURLToPath(new URL('../../../schemas/report.schema.json', import.meta.url)), 'utf8')) as Record<string, unknown>;
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

/** `closing` charged above its estimate (OpenRouter), `storm` refunded (a failed Runway task), the rest unreported. */
function withCharges() {
  const record = runRecord();
  record.shots[4] = { ...record.shots[4]!, provider: 'openrouter', estimateMicroUsd: 2_400_000, chargedMicroUsd: 2_880_000, costMicroUsd: 2_880_000 };
  record.shots[2] = { ...record.shots[2]!, provider: 'runway', estimateMicroUsd: 400_000, chargedMicroUsd: 0, costMicroUsd: 0 };
  record.shots[0] = { ...record.shots[0]!, estimateMicroUsd: 400_000 };
  return record;
}

describe('charged by the provider', () => {
  it('records per shot the estimate and the charge, null when absent', () => {
    const { shots } = buildReport(withCharges());
    expect(shots[4]).toMatchObject({ estimate: { microUsd: 2_400_000, usd: '2.40' }, charged: { microUsd: 2_880_000, usd: '2.88' }, cost: { usd: '2.88' } });
    expect(shots[2]).toMatchObject({ estimate: { usd: '0.40' }, charged: { microUsd: 0, usd: '0.00' } });
    expect(shots[0]).toMatchObject({ estimate: { usd: '0.40' }, charged: null });
    expect(shots[1]).toMatchObject({ estimate: null, charged: null });
  });

  it('totals both and their difference over the shots with a charge; the schema accepts it', () => {
    const report = buildReport(withCharges());
    expect(report.totals).toMatchObject({
      estimate: { microUsd: 3_200_000 },
      charged: { microUsd: 2_880_000 },
      // (2.88 + 0) - (2.40 + 0.40): the refund outweighs the overcharge.
      chargedMinusEstimate: { microUsd: 80_000, usd: '0.08' },
    });
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    const plain = buildReport(runRecord());
    expect(plain.totals).toMatchObject({ estimate: { microUsd: 0 }, charged: null, chargedMinusEstimate: null });
    expect(validate(plain), JSON.stringify(validate.errors)).toBe(true);
  });

  it('a negative difference is an exact negative amount', () => {
    const record = withCharges();
    record.shots[4] = { ...record.shots[4]!, chargedMicroUsd: 2_000_000 };
    expect(buildReport(record).totals.chargedMinusEstimate).toEqual({ microUsd: -800_000, usd: '-0.80' });
  });

  it('shows the charge beside the estimate on the card and in the totals', () => {
    const out = renderReportHtml(buildReport(withCharges()));
    expect(out).toContain('Charged by the provider');
    expect(out).toMatch(/\$2\.88/);
    expect(out).toMatch(/\$0\.08 more than estimated/);
    expect(renderReportHtml(buildReport(runRecord()))).not.toContain('Charged by the provider');
  });
});
