// The top of the page: the final cut, playable from disk, with where each shot sits on its timeline.
import { fileUrl, html, type SafeHtml } from './html-escape.js';
import { shotAnchor } from './html-shots.js';
import type { Report, ReportCut } from './types.js';

/** Most cuts are minutes long: drop the `00:` hours a reader would skip anyway. */
function shortTimecode(timecode: string): string {
  return timecode.startsWith('00:') ? timecode.slice(3) : timecode;
}

function entryLinks(cut: ReportCut, anchors: ReadonlyMap<string, string>): SafeHtml {
  const href = (shotId: string): string => `#${anchors.get(shotId) ?? ''}`;
  const strip = cut.entries.map(
    (e) => html`<a href="${href(e.shotId)}" title="${e.shotId}: ${e.start} – ${e.end}" aria-hidden="true" tabindex="-1"></a>`,
  );
  const items = cut.entries.map(
    (e) => html`<li><span class="tc mono">${shortTimecode(e.start)} – ${shortTimecode(e.end)}</span> <a href="${href(e.shotId)}">${e.shotId}</a></li>`,
  );
  return html`<div class="strip">${strip}</div><ol class="entries" aria-label="Timeline of the final cut">${items}</ol>`;
}

/**
 * The still the player shows until it is played: the thumbnail (or poster) of the shot the cut opens with, else of
 * the first shot that has one. Without it the player is a black box.
 */
export function posterOf(report: Report): string | null {
  const opening = report.cut?.entries[0]?.shotId;
  const first = report.shots.find((s) => s.id === opening && s.thumbnail !== null) ?? report.shots.find((s) => s.thumbnail !== null);
  return first?.thumbnail ?? null;
}

export function cutSection(report: Report): SafeHtml {
  const { cut } = report;
  if (cut === null) {
    const why = report.cutError ?? 'No shot completed, so there was nothing to stitch.';
    return html`<section class="panel nocut" role="alert"><h2>No final cut</h2><p>${why}</p></section>`;
  }
  const anchors = new Map(report.shots.map((s, i) => [s.id, shotAnchor(i)] as const));
  const src = fileUrl(cut.file);
  const poster = posterOf(report);
  return html`<section class="panel hero" aria-label="Final cut">
<video controls preload="metadata" src="${src}"${poster === null ? null : html` poster="${fileUrl(poster)}"`}><a href="${src}">Open ${cut.file}</a></video>
${entryLinks(cut, anchors)}
</section>`;
}

/** Seconds of each timeline segment, for the generated stylesheet. */
export function segmentSeconds(cut: ReportCut | null): number[] {
  return cut ? cut.entries.map((e) => e.endSeconds - e.startSeconds) : [];
}
