// The Markdown a run appends to $GITHUB_STEP_SUMMARY: the outcome, spend against the cap, and one table row per
// shot with its cache state, cost, time and, when it did not complete, why. Cell text is escaped so a provider's
// message can neither break the table nor inject HTML into the job's page.
import { formatUsd } from '../../common/money.js';
import { cutState, shotReason, shotSeconds, type CiRun, type CiStop } from './ci-run.js';

/** A table cell: `|` would end it, a line break would end the row, and the summary renders HTML. */
export function markdownCell(value: string): string {
  return value
    .replace(/[\r\n]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .trim();
}

export function stepSummary(run: CiRun): string {
  const { summary, shots } = run.result;
  const cap = summary.capMicroUsd === undefined ? 'no cap' : `of the ${formatUsd(summary.capMicroUsd)} cap`;
  const cut = cutState(run);
  const lines = [
    `### render ${markdownCell(run.name)}: ${summary.outcome}`,
    '',
    `**${shots.length} shots**: ${summary.done} done, ${summary.cached} cache hits, ${summary.failed} failed, ${summary.skipped} skipped. ` +
      `**Spent ${formatUsd(summary.spentMicroUsd)}** ${cap}; saved ${formatUsd(summary.savedMicroUsd)} by the cache` +
      (summary.possiblyBilledMicroUsd > 0 ? `; ${formatUsd(summary.possiblyBilledMicroUsd)} possibly billed (outcome not yet known)` : '') +
      '.',
    '',
    '| shot | status | cache | cost | time | reason |',
    '|---|---|---|---:|---:|---|',
    ...shots.map((shot) => {
      const cells = [shot.id, shot.status, shot.cache, formatUsd(shot.costMicroUsd), `${shotSeconds(run, shot.id).toFixed(1)} s`, shotReason(shot)];
      return `| ${cells.map(markdownCell).join(' | ')} |`;
    }),
    '',
    cut.status === 'completed' && run.result.cut
      ? `**Cut**: \`${markdownCell(run.result.cut.file)}\`, ${run.result.cut.durationSeconds.toFixed(1)} s.`
      : `**Cut** ${cut.status}: ${markdownCell(cut.reason)}`,
    '',
  ];
  return `${lines.join('\n')}\n`;
}

/** A run that stopped before any shot: what stopped it, each problem at its place. */
export function stopSummary(stop: CiStop): string {
  const rows = stop.problems.map((p) => {
    const where = p.location ? `${p.location.file}:${p.location.line ?? 1}:${p.location.col ?? 1}` : stop.file;
    return `| ${[where, p.code, p.message].map(markdownCell).join(' | ')} |`;
  });
  return [`### render ${markdownCell(stop.file)}: stopped before any shot ran`, '', '| where | code | problem |', '|---|---|---|', ...rows, '', ''].join('\n');
}
