// The README's first command, as a new user runs it: `render examples/storyboard.yaml --provider sim` renders the
// demo end to end (final cut, report, contact sheet, one clip per shot), and a second run pays for nothing.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyExample } from '../support/example.js';
import { baseEnv, explain, isTempFile, listFiles, makeWorkspace, probeClip, readReport, runRender, type Workspace } from '../support/run-harness.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const shotIds = ['skyline', 'street', 'street-night', 'rooftop', 'harbour', 'harbour-night'];
/** Each clip's length: an extension's is its parent's 8 s plus the 7 s it adds. */
const clipSeconds: Record<string, number> = { skyline: 4, street: 8, 'street-night': 8, rooftop: 4, harbour: 8, 'harbour-night': 15 };

describe('render examples/storyboard.yaml --provider sim', () => {
  let ws: Workspace;
  let outDir: string;
  const env = baseEnv({ RENDER_SIM_TIME_SCALE: '0.02', RENDER_POLL_MIN_MS: '50' });

  beforeAll(async () => {
    ws = await makeWorkspace('render-demo-');
    // Only what a fresh clone holds: a user's own examples/.render or examples/out must not turn paid shots into hits.
    await copyExample(ws.dir);
    outDir = join(ws.dir, 'examples', 'out', 'neon-city');
  });
  afterAll(async () => ws?.cleanup());

  it('renders the demo: final cut, valid report.json, report.html, contact sheet and every shot', async () => {
    const result = await runRender(['examples/storyboard.yaml', '--provider', 'sim'], { cwd: ws.dir, env });
    expect(result.code, explain(result)).toBe(0);
    expect(result.stderr).toMatch(/final cut: .*neon-city\.mp4/);

    const report = await readReport(outDir);
    const schema = JSON.parse(await readFile(join(repo, 'schemas', 'report.schema.json'), 'utf8')) as object;
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
    expect(validate(report), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(report.outcome).toBe('completed');
    expect(report.shots.map((s) => [s.id, s.status, s.cache])).toEqual(shotIds.map((id) => [id, 'completed', 'paid']));

    // The final cut: H.264 with sound, as long as the report says.
    expect(report.cut).not.toBeNull();
    const cut = await probeClip(join(outDir, report.cut!.file));
    expect(cut.video?.codec).toBe('h264');
    expect(cut.video).toMatchObject({ width: 1280, height: 720 });
    expect(cut.audio).toBeDefined();
    expect(Math.abs(cut.durationSeconds - report.cut!.durationSeconds)).toBeLessThanOrEqual(0.1);
    // 4 + 8 + 6 (street-night from 2 to 8) + 4 + 11 (harbour-night from 4 to its end at 15), minus four 0.5 s crossfades.
    expect(report.cut!.durationSeconds).toBeCloseTo(31, 1);
    expect(report.shots.map((s) => [s.id, s.provider, s.kind])).toEqual([
      ['skyline', 'openai', 'create'], ['street', 'openai', 'create'], ['street-night', 'openai', 'remix'], ['rooftop', 'openai', 'create'],
      ['harbour', 'fal', 'create'], ['harbour-night', 'fal', 'extend'],
    ]);

    const html = await readFile(join(outDir, 'report.html'), 'utf8');
    expect(html).toMatch(/<html/i);
    for (const id of shotIds) expect(html).toContain(id);
    const sheet = await readFile(join(outDir, 'contact-sheet.jpg'));
    expect(sheet.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    expect(report.contactSheet).toBe('contact-sheet.jpg');

    // Every card has a picture: the provider's thumbnail (sora-2), else a poster made from the clip (fal makes none).
    const thumbnails = new Map(report.shots.map((s) => [s.id, (s as { thumbnail?: string | null }).thumbnail ?? null]));
    expect(thumbnails.get('skyline')).toMatch(/^shots\/skyline\.webp$/);
    expect(thumbnails.get('harbour')).toBe('shots/harbour.jpg');
    for (const id of shotIds) {
      const file = join(outDir, 'shots', `${id}.mp4`);
      expect((await stat(file)).size).toBeGreaterThan(0);
      expect((await stat(join(outDir, thumbnails.get(id) ?? 'missing'))).size, `${id}'s picture`).toBeGreaterThan(0);
      const clip = await probeClip(file);
      expect(clip.video).toMatchObject({ codec: 'h264', width: 1280, height: 720 });
      expect(clip.durationSeconds).toBeCloseTo(clipSeconds[id]!, 1);
    }
    expect((await listFiles(ws.dir)).filter(isTempFile)).toEqual([]);
  }, 180_000); // four paid shots, then a real stitch: ~55 s on an idle 2-core machine, more when it is shared

  it('a second run is served entirely from the cache: every shot a hit, nothing spent', async () => {
    const result = await runRender(['examples/storyboard.yaml', '--provider', 'sim'], { cwd: ws.dir, env });
    expect(result.code, explain(result)).toBe(0);
    const report = await readReport(outDir);
    expect(report.shots.map((s) => [s.id, s.status, s.cache, s.attempts, s.cost.microUsd])).toEqual(shotIds.map((id) => [id, 'completed', 'hit', 0, 0]));
    expect(report.totals.spent.microUsd).toBe(0);
    expect(report.totals.savedByCache.microUsd).toBe(4_650_000);
    expect(report.totals.shots).toMatchObject({ total: 6, completed: 6, cached: 6 });
    expect(result.stderr).not.toMatch(/submitting|remixing|created/);
  });
});
