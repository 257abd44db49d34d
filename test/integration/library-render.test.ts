// The README's library example, run in process (no bin) as written, against a copy of examples/ with the
// simulator: the result names the final cut and the report, and both exist.
import { cp, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/index.js';
import type { Report } from '../../src/report/types.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));

/** The first ```ts block under "## Library use" in the README. */
async function readmeExample(): Promise<string> {
  const readme = await readFile(join(repo, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Library use'));
  const match = /```ts\n([\s\S]*?)```/.exec(section);
  if (!match?.[1]) throw new Error('README has no ts example under "## Library use"');
  return match[1];
}

describe("the README's library example", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'library-render-'));
    // Only what the storyboard needs: never the user's own examples/.render or examples/out.
    await cp(join(repo, 'examples'), join(dir, 'examples'), { recursive: true, filter: (source) => !/[\\/]examples[\\/](\.render|out)([\\/]|$)/.test(source) });
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('renders examples/storyboard.yaml with the simulator and names the final cut and the report', async () => {
    const code = await readmeExample();
    expect(code).toContain("from 'storyboard-render'");
    expect(code).toContain("'examples/storyboard.yaml'");
    // The same code, pointed at this checkout's source and at the copied storyboard, and handing back its result.
    const runnable = `${code
      .replace("'storyboard-render'", JSON.stringify(join(repo, 'src', 'index.ts')))
      .replace("'examples/storyboard.yaml'", JSON.stringify(join(dir, 'examples', 'storyboard.yaml')))}\nexport { result };\n`;
    const file = join(dir, 'example.ts');
    await writeFile(file, runnable);
    const { result } = (await import(file)) as { result: RunResult };

    expect(result.outcome).toBe('completed');
    expect(result.shots.map((shot) => shot.status)).toEqual(result.shots.map(() => 'completed'));
    expect(result.cutFile).toBe(join(dir, 'examples', 'out', 'neon-city', 'neon-city.mp4'));
    expect(result.cut?.file).toBe('neon-city.mp4');
    expect(result.report.html).toBe(join(dir, 'examples', 'out', 'neon-city', 'report.html'));
    for (const path of [result.cutFile!, result.report.json, result.report.html]) expect((await stat(path)).size).toBeGreaterThan(0);
    const report = JSON.parse(await readFile(result.report.json, 'utf8')) as Report;
    expect(report).toMatchObject({ outcome: 'completed', cut: { file: 'neon-city.mp4' } });
    // Where the time went, from the executor's own events: every shot generated, downloaded and checked, in that
    // order and back to back, then the stitch; all within the run.
    expect(report.timeline.shots.map((row) => row.shotId)).toEqual(report.shots.map((shot) => shot.id));
    for (const row of report.timeline.shots) {
      const phases = row.phases.map((p) => p.phase).filter((phase) => phase !== 'queued');
      expect(phases, row.shotId).toEqual(['generating', 'downloading', 'checking']);
      row.phases.forEach((p, i) => {
        expect(p.endSeconds).toBeGreaterThanOrEqual(p.startSeconds);
        if (i > 0) expect(p.startSeconds).toBe(row.phases[i - 1]!.endSeconds);
      });
    }
    expect(report.timeline.finish.map((p) => p.phase)).toEqual(['publishing', 'stitching', 'contact-sheet']);
    const lastEnd = Math.max(...report.timeline.finish.map((p) => p.endSeconds));
    expect(lastEnd).toBeLessThanOrEqual(report.time.durationSeconds + 0.001);
    // The player's poster is the opening shot's still, a file in the output folder.
    const page = await readFile(result.report.html, 'utf8');
    const poster = /<video [^>]*poster="([^"]+)"/.exec(page)?.[1];
    expect(poster).toBe(report.shots[0]!.thumbnail);
    expect((await stat(join(dir, 'examples', 'out', 'neon-city', poster!))).size).toBeGreaterThan(0);
  }, 180_000);
});
