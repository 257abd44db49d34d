// Per-shot cost against the cap, and the total, as bars (inline SVG widths in percent: no script, no style attribute).
import { formatUsd } from '../common/money.js';
import { costBars, type CostBarRow } from './cost-bars.js';
import { html, type SafeHtml } from './html-escape.js';
import type { Report, ReportShot } from './types.js';

/** An outlined estimate behind the filled cost, then anything unsettled after it; the track's end is the scale. */
function bar(estimate: number | null, cost: number, possibly: number, capPercent: number | null): SafeHtml {
  const cap = capPercent !== null && capPercent < 100 ? html`<line class="c-cap" x1="${capPercent}%" x2="${capPercent}%" y1="0" y2="14"/>` : null;
  return html`<svg class="cost-bar" width="100%" height="14" aria-hidden="true"><rect class="c-track" width="100%" height="14" rx="3"/>${
    estimate === null ? null : html`<rect class="c-est" x="0.5" y="0.5" width="${estimate}%" height="13" rx="3"/>`
  }<rect class="c-cost" y="3" width="${cost}%" height="8" rx="2"/>${
    possibly > 0 ? html`<rect class="c-possibly" x="${cost}%" y="3" width="${possibly}%" height="8" rx="2"/>` : null
  }${cap}</svg>`;
}

function amountText(shot: ReportShot): string {
  if (shot.cache === 'hit') return `cache hit · saved ${formatUsd(shot.saved.microUsd)}`;
  const parts = [shot.charged !== null ? `${formatUsd(shot.charged.microUsd)} charged` : formatUsd(shot.cost.microUsd)];
  if (shot.estimate !== null) parts.push(`est. ${formatUsd(shot.estimate.microUsd)}`);
  if (shot.possiblyBilled.microUsd > 0) parts.push(`${formatUsd(shot.possiblyBilled.microUsd)} may be billed`);
  if (shot.status === 'skipped' && shot.cost.microUsd === 0) parts.push('not run');
  return parts.join(' · ');
}

function shotRow(shot: ReportShot, row: CostBarRow, capPercent: number | null): SafeHtml {
  return html`<div class="cost-row" data-shot-id="${shot.id}"><code class="cost-id" title="${shot.id}">${shot.id}</code>${bar(row.estimatePercent, row.costPercent, row.possiblyBilledPercent, capPercent)}<span class="cost-amt">${amountText(shot)}</span></div>`;
}

function totalText(report: Report): string {
  const { spent, cap, possiblyBilled } = report.totals;
  const unsettled = possiblyBilled.microUsd > 0 ? ` + ${formatUsd(possiblyBilled.microUsd)} may be billed` : '';
  if (cap === null) return `${formatUsd(spent.microUsd)}${unsettled} · no cap`;
  const share = cap.microUsd > 0 ? ` (${Math.round((spent.microUsd / cap.microUsd) * 100)}%)` : '';
  return `${formatUsd(spent.microUsd)}${unsettled} of the ${formatUsd(cap.microUsd)} cap${share}`;
}

export function costSection(report: Report): SafeHtml | null {
  if (report.shots.length === 0) return null;
  const bars = costBars(report);
  const { cap } = report.totals;
  const scale = cap !== null && bars.capPercent === 100 ? `the full width is the ${formatUsd(cap.microUsd)} cap` : `the full width is ${formatUsd(bars.scaleMicroUsd)}${cap === null ? ' (no cap)' : `; the line marks the ${formatUsd(cap.microUsd)} cap`}`;
  const simulated = report.provider.kind === 'sim' ? ' Simulated: nothing billed.' : '';
  const rows = report.shots.map((shot, i) => shotRow(shot, bars.rows[i]!, bars.capPercent));
  return html`<section class="panel costs" aria-label="Cost against the cap">
<h2>${cap === null ? 'Cost per shot' : 'Cost against the cap'}</h2>
<p class="sub">Filled: charged (or booked at the catalog price); outlined: the estimate; ${scale}.${simulated}</p>
<div class="cost-rows">${rows}
<div class="cost-row cost-total" data-row="total"><strong class="cost-id">Total</strong>${bar(bars.total.estimatePercent, bars.total.costPercent, bars.total.possiblyBilledPercent, bars.capPercent)}<span class="cost-amt">${totalText(report)}</span></div>
</div>
</section>`;
}
