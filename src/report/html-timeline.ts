// Where the run's time went, as static inline SVG: a row per shot (queued, generating, downloading, checking, or a
// cache hit) and a row for the stitch, on one time axis. No script, no style attribute: colours come from classes.
import { humanDuration } from './format.js';
import { html, type SafeHtml } from './html-escape.js';
import { defaultGeometry, fitLabel, layoutTimeline, tickLabel, type LaidBar, type LaidRow, type TimelineRowInput } from './timeline-layout.js';
import type { Report, ReportShot } from './types.js';

const phaseNames: Record<string, string> = {
  queued: 'queued',
  generating: 'generating',
  downloading: 'downloading',
  checking: 'checking',
  cached: 'cache hit',
  publishing: 'publishing clips',
  stitching: 'stitching',
  'contact-sheet': 'contact sheet',
};

/** Shot phases first, then the finishing steps: the order a run goes through them. */
const legendOrder = ['queued', 'generating', 'downloading', 'checking', 'cached', 'publishing', 'stitching', 'contact-sheet'];

function barTitle(bar: LaidBar): string {
  const took = bar.endSeconds - bar.startSeconds;
  const span = `${tickLabel(bar.startSeconds)} → ${tickLabel(bar.endSeconds)}`;
  return bar.phase === 'cached' ? `cache hit at ${tickLabel(bar.startSeconds)}` : `${phaseNames[bar.phase] ?? bar.phase} ${humanDuration(took)} (${span})`;
}

/** The word after a row's last bar: how the shot ended, or how long it took. */
function endNote(shot: ReportShot | undefined, row: TimelineRowInput): { text: string; cls: string } | null {
  if (row.spans.length === 0) return shot ? { text: shot.status === 'skipped' ? 'not run' : 'no times', cls: 'n-muted' } : { text: 'not stitched', cls: 'n-muted' };
  if (shot?.status === 'failed') return { text: 'failed', cls: 'n-bad' };
  if (shot?.status === 'skipped') return { text: 'skipped', cls: 'n-warn' };
  if (shot?.cache === 'hit') return { text: 'cache hit', cls: 'n-cache' };
  if (!shot && !row.spans.some((s) => s.phase === 'stitching')) return { text: 'not stitched', cls: 'n-warn' };
  const first = row.spans[0]!.startSeconds;
  const last = row.spans.at(-1)!.endSeconds;
  return { text: humanDuration(last - first), cls: 'n-muted' };
}

function rowMarkup(row: LaidRow, input: TimelineRowInput, shot: ReportShot | undefined, index: number): SafeHtml {
  const g = defaultGeometry;
  const note = endNote(shot, input);
  const textY = row.barY + g.barHeight - 3;
  const bars = row.bars.map(
    (bar) => html`<rect class="ph ph-${bar.phase}" data-phase="${bar.phase}" x="${bar.x}" y="${row.barY}" width="${bar.width}" height="${g.barHeight}" rx="2"><title>${barTitle(bar)}</title></rect>`,
  );
  const kind = shot ? 'shot' : 'finish';
  return html`<g class="tl-row tl-${kind}${index % 2 === 1 ? ' tl-odd' : ''}" data-row="${shot ? shot.id : 'stitch'}">
<rect class="tl-lane" x="0" y="${row.y}" width="${g.width}" height="${g.rowHeight}"/>
<text class="tl-label" x="${g.labelWidth - 10}" y="${textY}" text-anchor="end"><title>${input.label}</title>${row.label}</text>
${bars}${note ? html`<text class="tl-note ${note.cls}" x="${row.endX + 6}" y="${textY}">${note.text}</text>` : null}
</g>`;
}

function summary(report: Report): string {
  const shotEnd = Math.max(0, ...report.timeline.shots.flatMap((row) => row.phases.map((p) => p.endSeconds)));
  const stitch = report.timeline.finish.find((p) => p.phase === 'stitching');
  const parts = [`The run took ${humanDuration(report.time.durationSeconds)}`, `the last shot was ready after ${humanDuration(shotEnd)}`];
  if (stitch) parts.push(`the stitch took ${humanDuration(stitch.endSeconds - stitch.startSeconds)}`);
  return `${parts.join('; ')}.`;
}

export function timelineSection(report: Report): SafeHtml | null {
  const { timeline } = report;
  if (timeline.shots.every((row) => row.phases.length === 0) && timeline.finish.length === 0) return null;
  const shots = new Map(report.shots.map((shot) => [shot.id, shot]));
  const inputs: TimelineRowInput[] = [
    ...timeline.shots.map((row) => ({ label: row.shotId, spans: row.phases })),
    { label: 'stitch', spans: timeline.finish },
  ];
  const columns = defaultGeometry.labelWidth - 16;
  const layout = layoutTimeline(inputs.map((row) => ({ ...row, label: fitLabel(row.label, columns) })), report.time.durationSeconds);
  const g = defaultGeometry;
  const ticks = layout.ticks.map(
    (t) => html`<line class="tl-grid" x1="${t.x}" x2="${t.x}" y1="${g.axisHeight - 6}" y2="${layout.height - 6}"/><text class="tl-tick" x="${t.x}" y="${g.axisHeight - 10}" text-anchor="middle">${t.label}</text>`,
  );
  const rows = layout.rows.map((row, i) => rowMarkup(row, inputs[i]!, i < timeline.shots.length ? shots.get(inputs[i]!.label) : undefined, i));
  const present = new Set<string>([...timeline.shots.flatMap((row) => row.phases.map((p) => p.phase)), ...timeline.finish.map((p) => p.phase)]);
  const legend = legendOrder.filter((phase) => present.has(phase)).map((phase) => html`<li><span class="sw ph-${phase}"></span>${phaseNames[phase]}</li>`);
  return html`<section class="panel timeline" aria-label="Where the time went">
<h2>Where the time went</h2>
<p class="sub">${summary(report)}</p>
<ul class="legend">${legend}</ul>
<div class="tl-scroll"><svg class="tl" viewBox="0 0 ${layout.width} ${layout.height}" width="${layout.width}" height="${layout.height}" role="img" aria-label="Timeline of the run: one row per shot and one for the stitch, time since the run started across">
<g class="tl-axis">${ticks}</g>
${rows}
</svg></div>
</section>`;
}
