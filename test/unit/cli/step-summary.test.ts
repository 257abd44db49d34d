// The step summary, read back as Markdown: the counts and spend against the cap in words, then one table row per
// shot whose cells hold exactly the shot's facts, even when a provider's message carries pipes, markup or newlines.
import { describe, expect, it } from 'vitest';
import { RenderError } from '../../../src/common/errors.js';
import { stepSummary, stopSummary } from '../../../src/cli/ci/step-summary.js';
import { markdownTables } from '../../support/github-actions.js';
import { ciRunFixture, hostile } from './ci-fixture.js';

describe('stepSummary', () => {
  it('says the outcome, the counts and the spend against the cap', () => {
    const markdown = stepSummary(ciRunFixture());
    expect(markdown).toMatch(/^### render neon-city: failed$/m);
    expect(markdown).toContain('**4 shots**: 2 done, 1 cache hits, 1 failed, 1 skipped. **Spent $1.20** of the $5.00 cap; saved $0.40 by the cache.');
    expect(markdown).toContain('**Cut** skipped: not stitched: not every shot completed');
  });

  it('has one row per shot with status, cache, cost, time and the reason of a failure', () => {
    const [table, ...others] = markdownTables(stepSummary(ciRunFixture()));
    expect(others).toEqual([]);
    expect(table![0]).toEqual(['shot', 'status', 'cache', 'cost', 'time', 'reason']);
    const rows = table!.slice(1);
    expect(rows.map((r) => r.length)).toEqual([6, 6, 6, 6]);
    expect(rows.map((r) => r.slice(0, 5))).toEqual([
      ['skyline', 'completed', 'hit', '$0.00', '0.0 s'],
      ['street', 'completed', 'paid', '$0.80', '12.3 s'],
      ['rooftop', 'failed', 'paid', '$0.40', '2.5 s'],
      ['rooftop-night', 'skipped', 'none', '$0.00', '0.0 s'],
    ]);
    expect(rows[2]![5]).toBe(`MODERATION: ${hostile.replace(/[\r\n]+/g, ' ')} (reword the prompt)`);
    expect(rows[3]![5]).toBe('the shot it remixes (rooftop) failed');
  });

  it('never lets a message open HTML in the job page', () => {
    expect(stepSummary(ciRunFixture())).not.toContain('<script>');
  });

  it('says "no cap" without one, and names the cut when there is one', () => {
    const run = ciRunFixture({ cut: { file: 'neon-city.mp4', sha256: 'x', durationSeconds: 21, transition: { type: 'cut', seconds: 0 }, entries: [] } });
    delete run.result.summary.capMicroUsd;
    const markdown = stepSummary(run);
    expect(markdown).toContain('**Spent $1.20** no cap');
    expect(markdown).toContain('**Cut**: `neon-city.mp4`, 21.0 s.');
  });

  it('lists the problems of a run stopped before any shot, each at its place', () => {
    const problems = [new RenderError('BUDGET_EXCEEDED', 'the plan costs $9.00, over the $5.00 cap | x')];
    const [table] = markdownTables(stopSummary({ file: 'a.yaml', problems }));
    expect(table).toEqual([['where', 'code', 'problem'], ['a.yaml', 'BUDGET_EXCEEDED', 'the plan costs $9.00, over the $5.00 cap | x']]);
  });
});
