// renderReportHtml: hostile text stays text, nothing can reach the network, and the reasons a user needs are on the page.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stripControl } from '../../../src/common/redact.js';
import { buildReport } from '../../../src/report/build.js';
import { escapeHtml, fileUrl, html } from '../../../src/report/html-escape.js';
import { renderReportHtml } from '../../../src/report/html.js';
import { hostilePrompt, runRecord } from './run-record.fixture.js';

const page = (mutate: (r: ReturnType<typeof runRecord>) => void = () => {}): string => {
  const record = runRecord();
  mutate(record);
  return renderReportHtml(buildReport(record));
};

describe('renderReportHtml', () => {
  it('renders a hostile prompt as text: no script, no injected element or attribute', () => {
    const out = page();
    expect(out).not.toMatch(/<script/i);
    expect(out).not.toMatch(/<img src=x/i);
    expect(out).toContain(escapeHtml(hostilePrompt));
    expect(out).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(out).toContain('&amp; &#39;waves&#39;');
  });

  it('escapes a shot id inside attributes and strips control characters', () => {
    const out = page((r) => {
      r.shots[0]!.id = 'a"b><x';
      r.shots[1]!.prompt = 'bell\u0007 \u001b[31mred\u001b[0m';
    });
    expect(out).toContain('data-shot-id="a&quot;b&gt;&lt;x"');
    expect(out).toContain('bell red');
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });

  it('carries a CSP that forbids scripts and network, and whose style hash matches the page style', () => {
    const out = page();
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(out)?.[1] ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/script-src|unsafe-inline|https?:/);
    const css = /<style>([\s\S]*?)<\/style>/.exec(out)?.[1] ?? '';
    const hash = createHash('sha256').update(css).digest('base64');
    expect(csp).toContain(`style-src 'sha256-${hash}'`);
    expect(out).not.toMatch(/(src|href)="(https?:)?\/\//i);
  });

  it('plays the cut at the top, then one card per shot with its thumbnail', () => {
    const out = page();
    expect(out.indexOf('<video')).toBeLessThan(out.indexOf('class="card'));
    expect(out).toContain('<video controls preload="metadata" src="final.mp4" poster="shots/opening.webp">');
    expect(out.match(/<article class="card/g)).toHaveLength(5);
    expect(out).toContain('src="shots/closing.webp"');
    expect(out).toContain('00:03.500 – 00:07.500');
  });

  it('draws the timeline and the cost bars as inline SVG: no style attribute, nothing external', () => {
    const out = page();
    const svgs = out.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
    expect(svgs.length).toBeGreaterThan(6);
    expect(out.indexOf('Where the time went')).toBeLessThan(out.indexOf('Cost against the cap'));
    expect(out.indexOf('Cost against the cap')).toBeLessThan(out.indexOf('class="card'));
    for (const svg of svgs) expect(svg).not.toMatch(/\bstyle=|href=|<image|<foreignObject|\bon[a-z]+=/i);
    expect(out).not.toMatch(/\sstyle="/);
  });

  it('ends each timeline row with how the shot ended, and says when there was no stitch', () => {
    const notes = (out: string) => [...out.matchAll(/<text class="tl-note [^"]+"[^>]*>([^<]+)</g)].map((m) => m[1]);
    expect(notes(page())).toEqual(['1 min 26 s', 'cache hit', 'failed', 'skipped', '2 min 40 s', '30.5 s']);
    const unstitched = page((r) => {
      r.timeline!.finish = r.timeline!.finish.filter((p) => p.phase !== 'stitching');
    });
    expect(notes(unstitched).at(-1)).toBe('not stitched');
  });

  it("gives the player the still of the shot the cut opens with, else the first shot's that has one", () => {
    const opensWithClosing = page((r) => {
      r.cut!.entries.reverse();
    });
    expect(opensWithClosing).toContain('src="final.mp4" poster="shots/closing.webp"');
    const openingHasNone = page((r) => {
      delete r.shots[0]!.thumbnail;
    });
    expect(openingHasNone).toContain('src="final.mp4" poster="shots/keeper.webp"');
  });

  it('draws no timeline for a record without times, and puts no poster on a cut with no stills', () => {
    const out = page((r) => {
      delete r.timeline;
      for (const shot of r.shots) delete shot.thumbnail;
    });
    expect(out).not.toContain('Where the time went');
    expect(out).toContain('<video controls preload="metadata" src="final.mp4">');
  });

  it('names moderation with advice, and gives the skip reason', () => {
    const out = page();
    expect(out).toContain('Blocked by moderation');
    expect(out).toContain('Change the prompt (or the reference image)');
    expect(out).toContain('the shot it remixes (storm) failed');
    expect(out).toContain('2 shot(s) need attention');
  });

  it('shows money held for unknown outcomes only when there is some', () => {
    expect(page()).not.toContain('Reserved');
    const out = page((r) => {
      r.outcome = 'interrupted';
      r.budget.reservedMicroUsd = 800_000;
    });
    expect(out).toMatch(/Reserved<\/div><div class="value">\$0\.80/);
    expect(out).toContain('Interrupted: the next run resumes');
  });

  it('explains a missing cut instead of showing a dead player', () => {
    const out = page((r) => {
      r.cut = null;
      r.cutError = 'ffmpeg exited with code 1: Invalid data found';
    });
    expect(out).not.toContain('<video');
    expect(out).toContain('No final cut');
    expect(out).toContain('ffmpeg exited with code 1: Invalid data found');
  });

  it('keeps file names in URLs as paths: no scheme, fragment or query can sneak in', () => {
    expect(fileUrl('shots/a b#1?.webp')).toBe('shots/a%20b%231%3F.webp');
    expect(fileUrl('javascript:alert(1)')).toBe('javascript%3Aalert(1)');
    expect(fileUrl('shots\\x.mp4')).toBe('shots/x.mp4');
  });
});

const decode = (s: string): string =>
  s.replace(/&(lt|gt|quot|#39|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e] ?? '');

// Plain random strings rarely hold the characters that matter; weight them in.
const markupHeavy = fc.oneof(fc.constantFrom('<', '>', '"', "'", '&', '\u001b', '\u0007', '\u0085'), fc.string({ unit: 'binary', maxLength: 1 }));

describe('html template', () => {
  it('never lets an interpolated string open a tag or leave an attribute', () => {
    fc.assert(
      fc.property(fc.string({ unit: markupHeavy }), (text) => {
        const escaped = escapeHtml(text);
        expect(html`<p title="${text}">${text}</p>`.value).toBe(`<p title="${escaped}">${escaped}</p>`);
        expect(escaped).not.toMatch(/[<>"']/);
        expect(decode(escaped)).toBe(stripControl(text));
      }),
    );
  });
});
