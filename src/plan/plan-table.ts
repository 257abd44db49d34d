// The plan as a terminal table and as one JSON document; pure, so the CLI only prints.
import { formatUsd, microToUsd, type MicroUsd } from '../common/money.js';
import { stripControl } from '../common/redact.js';
import type { Plan } from './plan.js';

export interface CapInfo {
  capMicroUsd: MicroUsd;
  /** Where the cap comes from, as a user would set it: `budget.max-usd` or `--max-usd`. */
  source: string;
}

const headers = ['SHOT', 'KIND', 'MODEL', 'SIZE', 'SECONDS', 'USD'] as const;
const rightAligned = new Set([4, 5]);

/** One row per shot, the total, and where the prices come from. */
export function formatPlanTable(plan: Plan): string {
  const rows = plan.shots.map((shot) => [
    shot.id,
    shot.kind === 'remix' ? `remix of ${shot.remixOf ?? ''}` : 'create',
    stripControl(shot.model),
    shot.size,
    String(shot.seconds),
    formatUsd(shot.costMicroUsd),
  ]);
  const total = ['total', '', '', '', String(plan.shots.reduce((sum, s) => sum + s.seconds, 0)), formatUsd(plan.totalMicroUsd)];
  const widths = headers.map((header, column) => Math.max(header.length, ...[...rows, total].map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) =>
    `  ${cells.map((cell, column) => (rightAligned.has(column) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0))).join('  ')}`.trimEnd();
  const rule = `  ${widths.map((w) => '-'.repeat(w)).join('  ')}`;
  const count = `${plan.shots.length} shot${plan.shots.length === 1 ? '' : 's'}`;
  return [
    `Plan for ${plan.name}: ${count}, ${formatUsd(plan.totalMicroUsd)}`,
    '',
    line(headers),
    ...rows.map(line),
    rule,
    line(total),
    '',
    `Prices as of ${plan.priceDate}: ${plan.priceSource}`,
  ].join('\n');
}

/** One line about the cap: how much is left, or by how much the plan is over it. */
export function formatCapLine(plan: Plan, cap: CapInfo): string {
  const difference = cap.capMicroUsd - plan.totalMicroUsd;
  if (difference >= 0) return `Budget cap ${formatUsd(cap.capMicroUsd)} (${cap.source}): ${formatUsd(difference)} to spare.`;
  return `Over budget: this plan costs ${formatUsd(plan.totalMicroUsd)}, ${formatUsd(-difference)} more than the ${formatUsd(cap.capMicroUsd)} cap (${cap.source}).`;
}

/** The --json document: the plan plus USD amounts for people and the cap verdict. */
export function planToJson(plan: Plan, file: string, cap: CapInfo | undefined): Record<string, unknown> {
  const over = cap === undefined ? 0 : Math.max(0, plan.totalMicroUsd - cap.capMicroUsd);
  return {
    name: plan.name,
    file,
    shots: plan.shots.map((shot) => ({ ...shot, costUsd: microToUsd(shot.costMicroUsd) })),
    totalMicroUsd: plan.totalMicroUsd,
    totalUsd: microToUsd(plan.totalMicroUsd),
    priceDate: plan.priceDate,
    priceSource: plan.priceSource,
    cap: cap === undefined ? null : { microUsd: cap.capMicroUsd, usd: microToUsd(cap.capMicroUsd), source: cap.source },
    overCapMicroUsd: over,
    withinCap: over === 0,
  };
}
