// Pure: the report as one static page that opens from disk, loads nothing from the network and runs no script.
import { createHash } from 'node:crypto';
import { formatUsd } from '../common/money.js';
import { humanDuration } from './format.js';
import { cutSection, segmentSeconds } from './html-cut.js';
import { fileUrl, html, raw, type SafeHtml } from './html-escape.js';
import { costSection } from './html-cost.js';
import { shotAnchor, shotCard } from './html-shots.js';
import { stylesheet } from './html-style.js';
import { timelineSection } from './html-timeline.js';
import type { Report, RunOutcome } from './types.js';

const outcomeBadges: Record<RunOutcome, [string, string]> = {
  completed: ['b-ok', 'Completed'],
  failed: ['b-bad', 'Failed'],
  budget: ['b-warn', 'Stopped at the budget cap'],
  interrupted: ['b-warn', 'Interrupted: the next run resumes'],
};

/**
 * No script may run and nothing may be fetched; only the page's own stylesheet and local media are allowed.
 * Its text is ours alone (no quotes, no data), so it goes into the attribute unescaped, readable as written.
 */
export function contentSecurityPolicy(css: string): string {
  const styleHash = createHash('sha256').update(css, 'utf8').digest('base64');
  return [
    "default-src 'none'",
    `style-src 'sha256-${styleHash}'`,
    "img-src 'self' file:",
    "media-src 'self' file:",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

function utc(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function header(report: Report): SafeHtml {
  const [cls, label] = outcomeBadges[report.outcome];
  const provider = report.provider.kind === 'sim' ? 'simulator' : report.provider.baseUrl;
  return html`<header class="top"><div class="wrap">
<p class="eyebrow">Storyboard render report</p>
<h1>${report.storyboard.name}</h1>
<p class="meta"><span class="badge ${cls}">${label}</span><span>${utc(report.time.startedAt)}</span>
<span>took ${humanDuration(report.time.durationSeconds)}</span><span>${provider}</span>
<span class="mono">${report.storyboard.file}</span></p>
</div></header>`;
}

function tile(label: string, value: string, sub: SafeHtml | string): SafeHtml {
  return html`<div class="panel stat"><div class="label">${label}</div><div class="value">${value}</div><div class="sub">${sub}</div></div>`;
}

function spentTile(report: Report): SafeHtml {
  const { spent, cap } = report.totals;
  const note = report.provider.kind === 'sim' ? 'simulated: nothing billed' : 'billed this run';
  if (cap === null) return tile('Spent', formatUsd(spent.microUsd), `${note} · no budget cap`);
  const meter = html`<meter min="0" max="${cap.microUsd}" low="${Math.round(cap.microUsd * 0.8)}" high="${Math.round(cap.microUsd * 0.95)}" optimum="0" value="${Math.min(spent.microUsd, cap.microUsd)}"></meter>`;
  return tile('Spent', formatUsd(spent.microUsd), html`${note} · cap ${formatUsd(cap.microUsd)}${meter}`);
}

/** How the providers' own charges compare with the catalog's estimate for the same shots. */
function chargedNote(differenceMicroUsd: number): string {
  if (differenceMicroUsd === 0) return 'as estimated';
  const word = differenceMicroUsd > 0 ? 'more' : 'less';
  return `${formatUsd(Math.abs(differenceMicroUsd))} ${word} than estimated for the same shots`;
}

function shotsSummary(report: Report): string {
  const { cached, failed, skipped } = report.totals.shots;
  const parts = [[cached, 'from cache'], [failed, 'failed'], [skipped, 'skipped']] as const;
  const text = parts.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}`);
  return text.length > 0 ? text.join(' · ') : 'all generated this run';
}

function stats(report: Report): SafeHtml {
  const { totals, cut } = report;
  const tiles = [
    spentTile(report),
    tile('Saved by cache', formatUsd(totals.savedByCache.microUsd), `${totals.shots.cached} shot(s) not paid again`),
    totals.charged !== null && totals.chargedMinusEstimate !== null
      ? tile('Charged by the provider', formatUsd(totals.charged.microUsd), chargedNote(totals.chargedMinusEstimate.microUsd))
      : null,
    totals.reserved.microUsd > 0
      ? tile('Reserved', formatUsd(totals.reserved.microUsd), 'jobs with an unknown outcome: may yet be billed')
      : null,
    tile('Shots completed', `${totals.shots.completed} / ${totals.shots.total}`, shotsSummary(report)),
    cut ? tile('Final cut', humanDuration(cut.durationSeconds), `${cut.entries.length} entries · ${transitionText(report)}`) : null,
  ];
  return html`<section class="stats" aria-label="Totals">${tiles}</section>`;
}

function transitionText(report: Report): string {
  const t = report.cut?.transition;
  return !t || t.type === 'cut' ? 'hard cuts' : `${t.type} ${t.seconds} s`;
}

function attention(report: Report): SafeHtml | null {
  const items = report.shots.flatMap((shot, i) => {
    if (shot.status === 'completed') return [];
    const why = shot.status === 'skipped' ? `skipped: ${shot.skipReason ?? 'not attempted'}` : failureText(shot.error);
    return [html`<li><a href="#${shotAnchor(i)}"><code>${shot.id}</code></a> ${why}</li>`];
  });
  if (items.length === 0) return null;
  return html`<section class="panel attention" aria-label="Needs attention"><h2>${items.length} shot(s) need attention</h2><ul>${items}</ul></section>`;
}

function failureText(error: Report['shots'][number]['error']): string {
  if (error === null) return 'failed';
  return error.moderation ? `blocked by moderation (${error.code}): change the prompt or reference` : `failed: ${error.code}`;
}

function footer(report: Report): SafeHtml {
  const sheet = report.contactSheet === null ? null : html`<a href="${fileUrl(report.contactSheet)}">Contact sheet</a>`;
  return html`<footer class="wrap"><span>storyboard-render ${report.tool.version}</span><a href="report.json">report.json</a>${sheet}
<span class="mono" title="SHA-256 of the storyboard file">storyboard ${report.storyboard.sha256.slice(0, 12)}</span></footer>`;
}

export function renderReportHtml(report: Report): string {
  const css = stylesheet(segmentSeconds(report.cut));
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${raw(contentSecurityPolicy(css))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="referrer" content="no-referrer">
<title>${report.storyboard.name} · render report</title>
<style>${raw(css)}</style>
</head>
<body>
${header(report)}
<main class="wrap">
${cutSection(report)}
${stats(report)}
${attention(report)}
${timelineSection(report)}
${costSection(report)}
<h2>Shots</h2>
<div class="grid">${report.shots.map(shotCard)}</div>
</main>
${footer(report)}
</body>
</html>
`;
  return page.value;
}
