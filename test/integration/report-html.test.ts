// report.html in a real headless Chromium, opened from disk next to real media: what a user sees when they open it.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedactor } from '../../src/common/redact.js';
import { buildReport } from '../../src/report/build.js';
import type { Report } from '../../src/report/types.js';
import { writeReport } from '../../src/report/write.js';
import { hostilePrompt, runRecord } from '../unit/report/run-record.fixture.js';

const run = promisify(execFile);
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Without the background-networking flags Chromium's own connections are refused by a closed network and logged.
const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

async function makeMedia(dir: string): Promise<void> {
  const ff = (args: string[]) => run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y', ...args]);
  await mkdir(join(dir, 'shots'));
  const still = (size: string, out: string) =>
    ff(['-f', 'lavfi', '-i', `testsrc2=s=${size}:d=1`, '-frames:v', '1', '-c:v', 'libwebp', join(dir, 'shots', out)]);
  await Promise.all([
    ff(['-f', 'lavfi', '-i', 'testsrc2=s=320x180:d=1:r=25', '-f', 'lavfi', '-i', 'sine=d=1', '-shortest',
      '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-movflags', '+faststart', join(dir, 'final.mp4')]),
    // The opening shot's still is plain red, so the player showing it as its poster is told apart from any frame.
    ff(['-f', 'lavfi', '-i', 'color=c=red:s=320x180:d=1', '-frames:v', '1', '-c:v', 'libwebp', join(dir, 'shots', 'opening.webp')]),
    still('320x180', 'keeper.webp'),
    still('180x320', 'closing.webp'),
  ]);
}

/** toBeCloseTo's precision for "within a pixel": |Δ| < 10^0.3 / 2 ≈ 1. */
const withinOnePx = -0.3;

interface TimelineDom {
  grid: number[];
  ticks: string[];
  rows: Array<{ row: string; y: number; bars: Array<{ phase: string; x: number; width: number }> }>;
}

interface CostDom {
  id: string;
  track: number | null;
  cost: number | null;
  estimate: number | null;
}

/** `45 s`, `3 min`, `1 min 30 s` back to seconds. */
function tickSeconds(label: string): number {
  const m = /^(?:(\d+) min)?\s*(?:([\d.]+) s)?$/.exec(label);
  if (!m) throw new Error(`unexpected tick label ${label}`);
  return Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0);
}

/** The average colour of a PNG (ffmpeg scales it to one pixel). */
async function meanColour(png: Buffer): Promise<number[]> {
  const file = join(tmpdir(), `report-colour-${process.pid}.png`);
  await writeFile(file, png);
  try {
    const { stdout } = await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-i', file, '-vf', 'scale=1:1:flags=area', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { encoding: 'buffer' });
    return [...stdout.subarray(0, 3)];
  } finally {
    await rm(file, { force: true });
  }
}

async function launch(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`Chromium not found at ${chromiumPath}: install it (apt-get install chromium) or set CHROMIUM_PATH.`);
  }
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
}

describe('report.html in Chromium', () => {
  let dir: string;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const dialogs: string[] = [];
  let report: Report;
  // The catalog estimate of the paid shots, so the cost bars have both parts to draw (spent is unchanged).
  const record = runRecord();
  record.shots[0]!.estimateMicroUsd = 400_000;
  record.shots[4]!.estimateMicroUsd = 2_400_000;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'report-html-'));
    const [, launched] = await Promise.all([makeMedia(dir), launch()]);
    browser = launched;
    const { html } = await writeReport(dir, buildReport(record), createRedactor([]));
    report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as Report;
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(pathToFileURL(html).href, { waitUntil: 'load' });
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('plays the final cut from disk', async () => {
    // Page-side code is passed as text or typed structurally: this project compiles without the DOM library.
    await page.waitForFunction("(document.querySelector('video')?.readyState ?? 0) >= 1", undefined, { timeout: 10_000 });
    const duration = await page.locator('video').evaluate((v: { duration: number }) => v.duration);
    expect(duration).toBeGreaterThan(0.5);
    await expect(page.getByRole('list', { name: 'Timeline of the final cut' }).textContent()).resolves.toContain('00:07.000 – 00:15.000');
  });

  it('shows every shot card with its id, and loads every thumbnail', async () => {
    for (const shot of runRecord().shots) {
      const card = page.locator(`article[data-shot-id="${shot.id}"]`);
      expect(await card.isVisible(), shot.id).toBe(true);
      expect(await card.locator('h3').textContent()).toContain(shot.id);
    }
    const widths = await page
      .locator('img')
      .evaluateAll((imgs: Array<{ naturalWidth: number; getAttribute(n: string): string | null }>) =>
        imgs.map((i) => [i.getAttribute('src'), i.naturalWidth]),
      );
    expect(widths).toEqual([['shots/opening.webp', 320], ['shots/keeper.webp', 320], ['shots/closing.webp', 180]]);
  });

  it('shows what the run cost, what the cache saved, and the cap', async () => {
    const totals = await page.getByRole('region', { name: 'Totals' }).innerText();
    expect(totals).toMatch(/Spent\s+\$3\.20[\s\S]*cap \$5\.00/i);
    expect(totals).toMatch(/Saved by cache\s+\$0\.40/i);
    expect(totals).toMatch(/3 \/ 5/);
  });

  it('calls out the moderated and the skipped shot with their reasons', async () => {
    const storm = page.locator('article[data-shot-id="storm"] .reason');
    expect(await storm.isVisible()).toBe(true);
    expect(await storm.textContent()).toMatch(/Blocked by moderation[\s\S]*Change the prompt/);
    const skipped = page.locator('article[data-shot-id="storm-remix"] .reason');
    expect(await skipped.isVisible()).toBe(true);
    expect(await skipped.textContent()).toContain('the shot it remixes (storm) failed');
  });

  it('loads without console errors, failed requests or dialogs', () => {
    expect(problems).toEqual([]);
    expect(dialogs).toEqual([]);
  });

  it('shows a hostile prompt as text and runs no script, even one added later', async () => {
    expect(await page.locator('article[data-shot-id="opening"] .prompt').textContent()).toBe(hostilePrompt);
    const before = problems.length;
    const blocked = await page.evaluate<string>(`new Promise((resolve) => {
      document.addEventListener('securitypolicyviolation', (e) => resolve(e.effectiveDirective), { once: true });
      const script = document.createElement('script');
      script.textContent = 'document.title = "ran"';
      document.body.append(script);
    })`);
    expect(blocked).toBe('script-src-elem');
    expect(await page.title()).not.toBe('ran');
    // The refusal is the one console error expected here; drop it so later checks stay strict.
    expect(problems.splice(before)).toEqual([expect.stringContaining('Content Security Policy')]);
  });

  it("shows the opening shot's still on the player before it is played", async () => {
    const video = page.locator('video');
    expect(await video.getAttribute('poster')).toBe('shots/opening.webp');
    // The poster's URL loads as an image under the page's own policy (img-src), resolved as the player resolves it.
    const size = await page.evaluate<number>(`new Promise((resolve) => {
      const img = new Image();
      img.onload = () => resolve(img.naturalWidth);
      img.onerror = () => resolve(-1);
      img.src = document.querySelector('video').poster;
    })`);
    expect(size).toBe(320);
    // What a person sees: the box is red (the still), not the black of a player that shows nothing until played.
    const [r = 0, g = 0, b = 0] = await meanColour(await video.screenshot());
    expect(r).toBeGreaterThan(180);
    expect(Math.max(g, b)).toBeLessThan(80);
  });

  it("draws the run's timeline: rows in storyboard order, then the stitch; bars where the recorded times put them", async () => {
    const drawn = await page.evaluate<TimelineDom>(`(() => {
      const svg = document.querySelector('svg.tl');
      const box = (el) => el.getBoundingClientRect();
      return {
        grid: [...svg.querySelectorAll('.tl-grid')].map((line) => box(line).x),
        ticks: [...svg.querySelectorAll('.tl-tick')].map((text) => text.textContent),
        rows: [...svg.querySelectorAll('.tl-row')].map((row) => ({
          row: row.dataset.row,
          y: box(row).y,
          bars: [...row.querySelectorAll('rect.ph')].map((bar) => ({ phase: bar.dataset.phase, x: box(bar).x, width: box(bar).width })),
        })),
      };
    })()`);
    expect(drawn.rows.map((r) => r.row)).toEqual([...report.shots.map((s) => s.id), 'stitch']);
    const ys = drawn.rows.map((r) => r.y);
    expect(ys).toEqual([...ys].sort((a, b) => a - b));
    expect(new Set(ys).size).toBe(ys.length);
    // The axis as a person reads it: the first tick is the run's start, the last one's label says how far it is.
    expect(drawn.ticks[0]).toBe('0 s');
    expect(drawn.ticks).toContain('1 min 30 s');
    const x0 = drawn.grid[0]!;
    const pxPerSecond = (drawn.grid.at(-1)! - x0) / tickSeconds(drawn.ticks.at(-1)!);
    expect(pxPerSecond).toBeGreaterThan(2);
    const recorded = [...report.timeline.shots.map((row) => row.phases), report.timeline.finish];
    recorded.forEach((phases, i) => {
      const bars = drawn.rows[i]!.bars;
      expect(bars.map((b) => b.phase), drawn.rows[i]!.row).toEqual(phases.map((p) => p.phase));
      phases.forEach((phase, j) => {
        const bar = bars[j]!;
        expect(bar.x, `${drawn.rows[i]!.row} ${phase.phase} x`).toBeCloseTo(x0 + phase.startSeconds * pxPerSecond, withinOnePx);
        if (phase.phase === 'cached') expect(bar.width).toBeGreaterThanOrEqual(2);
        else expect(bar.width, `${drawn.rows[i]!.row} ${phase.phase} width`).toBeCloseTo((phase.endSeconds - phase.startSeconds) * pxPerSecond, withinOnePx);
      });
    });
    const timeline = await page.getByRole('region', { name: 'Where the time went' }).innerText();
    expect(timeline).toMatch(/failed/);
    expect(timeline).toMatch(/the stitch took 24 s/);
  });

  it('draws each shot’s cost and the total as bars in proportion to the cap', async () => {
    const rows = await page.evaluate<CostDom[]>(`[...document.querySelectorAll('.cost-row')].map((row) => {
      const width = (sel) => row.querySelector(sel)?.getBoundingClientRect().width ?? null;
      return { id: row.dataset.shotId ?? row.dataset.row, track: width('.c-track'), cost: width('.c-cost'), estimate: width('.c-est') };
    })`);
    const cap = report.totals.cap!.microUsd;
    expect(rows.map((r) => r.id)).toEqual([...report.shots.map((s) => s.id), 'total']);
    const amounts = [...report.shots.map((s) => [s.cost.microUsd, s.estimate?.microUsd ?? null] as const), [report.totals.spent.microUsd, report.totals.estimate.microUsd] as const];
    rows.forEach((row, i) => {
      const [cost, estimate] = amounts[i]!;
      expect(row.track).toBeGreaterThan(100);
      expect(row.cost! / row.track!, row.id).toBeCloseTo(cost / cap, 2);
      if (estimate === null) expect(row.estimate).toBeNull();
      else expect(row.estimate! / row.track!, row.id).toBeCloseTo(estimate / cap, 2);
    });
    const costs = await page.getByRole('region', { name: 'Cost against the cap' }).innerText();
    expect(costs).toMatch(/\$3\.20 of the \$5\.00 cap \(64%\)/);
    expect(costs).toMatch(/cache hit · saved \$0\.40/);
  });

  it('keeps screenshots for a human to judge the design', async () => {
    const out = process.env.REPORT_SCREENSHOT_DIR ?? dir;
    await page.screenshot({ path: join(out, 'report-first-screen.png') });
    await page.screenshot({ path: join(out, 'report-light.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.setViewportSize({ width: 420, height: 900 });
    await page.screenshot({ path: join(out, 'report-dark-narrow.png'), fullPage: true });
    expect(problems).toEqual([]);
  });
});
