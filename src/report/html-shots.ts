// One card per shot: what was asked, what came back, what it cost, and for a failure what to do next.
import { formatUsd } from '../common/money.js';
import { fileUrl, html, type SafeHtml } from './html-escape.js';
import type { ReportShot } from './types.js';

/** Anchors use the shot's position: an id may hold characters a fragment cannot carry safely. */
export function shotAnchor(index: number): string {
  return `shot-${index + 1}`;
}

function statusBadge(shot: ReportShot): SafeHtml {
  if (shot.status === 'failed') {
    return shot.error?.moderation ? html`<span class="badge b-bad">Blocked</span>` : html`<span class="badge b-bad">Failed</span>`;
  }
  if (shot.status === 'skipped') return html`<span class="badge b-warn">Skipped</span>`;
  return html`<span class="badge b-ok">Completed</span>`;
}

function cacheBadge(shot: ReportShot): SafeHtml | null {
  if (shot.cache === 'hit') return html`<span class="badge b-cache" title="Served from the cache: nothing paid">Cached</span>`;
  if (shot.cache === 'paid') return html`<span class="badge">Paid</span>`;
  return null;
}

/** The call-out on a failed or skipped card: the reason in the provider's words, then the next step in ours. */
export function shotReason(shot: ReportShot): SafeHtml | null {
  if (shot.status === 'skipped') {
    return html`<div class="reason warn" role="note"><strong>Skipped</strong><p>${shot.skipReason ?? 'Not attempted in this run.'}</p></div>`;
  }
  if (shot.status !== 'failed') return null;
  const error = shot.error ?? { code: 'UNKNOWN', message: 'No error was recorded.', moderation: false };
  const advice = error.moderation
    ? 'The provider’s moderation blocked this shot. Change the prompt (or the reference image) and run again; retrying the same request will be blocked again.'
    : 'Fix the cause and run again: completed shots come from the cache and are not paid for twice.';
  const title = error.moderation ? 'Blocked by moderation' : 'Failed';
  return html`<div class="reason bad" role="alert"><strong>${title} <code>${error.code}</code></strong>
<p>${error.message}</p><p>${advice}</p></div>`;
}

function thumbnail(shot: ReportShot): SafeHtml {
  if (shot.thumbnail === null) {
    const text = shot.status === 'completed' ? 'No preview' : 'No clip';
    return html`<div class="thumb empty"><span>${text}</span></div>`;
  }
  const [width, height] = shot.size.split('x');
  return html`<div class="thumb"><img src="${fileUrl(shot.thumbnail)}" alt="Still of shot ${shot.id}" width="${width}" height="${height}" decoding="async"></div>`;
}

function costText(shot: ReportShot): string {
  if (shot.cache === 'hit') return `${formatUsd(shot.cost.microUsd)} (saved ${formatUsd(shot.saved.microUsd)})`;
  return formatUsd(shot.cost.microUsd);
}

function params(shot: ReportShot): SafeHtml {
  const rows: Array<[string, SafeHtml | string | number]> = [
    ['Provider', shot.provider],
    ['Model', shot.model],
    ['Size', shot.size],
    ['Seconds', shot.seconds],
    ['Take', shot.take],
  ];
  if (shot.remixOf !== null) rows.push(['Remix of', html`<code>${shot.remixOf}</code>`]);
  rows.push(['Attempts', shot.attempts], ['Cost', costText(shot)]);
  if (shot.charged !== null) {
    rows.push(['Estimate', shot.estimate === null ? '—' : formatUsd(shot.estimate.microUsd)], ['Charged by the provider', formatUsd(shot.charged.microUsd)]);
  }
  if (shot.jobId !== null) rows.push(['Job', html`<code>${shot.jobId}</code>`]);
  if (shot.file !== null) rows.push(['File', html`<a href="${fileUrl(shot.file)}">${shot.file}</a>`]);
  if (shot.sha256 !== null) rows.push(['SHA-256', html`<code title="${shot.sha256}">${shot.sha256.slice(0, 16)}…</code>`]);
  return html`<dl class="params">${rows.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>`;
}

export function shotCard(shot: ReportShot, index: number): SafeHtml {
  return html`<article class="card panel is-${shot.status}" id="${shotAnchor(index)}" data-shot-id="${shot.id}">
${thumbnail(shot)}
<div class="body">
<h3><code>${shot.id}</code>${statusBadge(shot)}${cacheBadge(shot)}</h3>
<p class="prompt">${shot.prompt}</p>
${shotReason(shot)}
${params(shot)}
</div>
</article>`;
}
