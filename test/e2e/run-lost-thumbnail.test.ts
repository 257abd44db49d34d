// Thumbnails are written to the cache without fsync (a clip is; docs/executor.md, "Downloads"), so after a power cut
// an index entry can name a thumbnail that is missing or short. A re-run must still be all cache hits, pay nothing,
// and show each such shot with a poster frame drawn from its clip instead.
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import { explain, listFiles, readReport, runRender, simEnv, storyboardYaml, useSimAndWorkspace, type ShotSpec, type Workspace } from '../support/run-harness.js';

const shots: ShotSpec[] = [
  { id: 'a', prompt: 'lost thumbnail test: a paper lantern on a dark river' },
  { id: 'b', prompt: 'lost thumbnail test: a windmill against a storm' },
  { id: 'c', prompt: 'lost thumbnail test: a fox in fresh snow' },
];

interface Entry {
  shotId: string;
  thumbnail?: { sha256: string; ext: string; bytes: number };
}

describe('a cache entry whose thumbnail was lost', () => {
  let sim: Simulator;
  let ws: Workspace;
  const args = () => ['storyboard.yaml', '--base-url', sim.baseURL];
  const outDir = () => join(ws.dir, 'out', 'thumbs');

  useSimAndWorkspace({ timeScale: 0.01, seed: 5, rpm: 1000 }, 'render-thumbs-', (s, w) => {
    sim = s;
    ws = w;
  });
  beforeAll(async () => {
    await ws.write('storyboard.yaml', storyboardYaml({ name: 'thumbs', shots, cut: false }));
    const first = await runRender(args(), { cwd: ws.dir, env: simEnv(sim) });
    expect(first.code, explain(first)).toBe(0);
  });

  it('is still a hit that pays nothing, and the card shows a poster drawn from the clip', async () => {
    const cache = join(ws.dir, '.render');
    const indexFiles = (await listFiles(join(cache, 'index'))).filter((name) => name.endsWith('.json'));
    const entries = await Promise.all(indexFiles.map(async (name) => JSON.parse(await readFile(join(cache, 'index', name), 'utf8')) as Entry));
    const thumbnailOf = (id: string) => {
      const thumb = entries.find((entry) => entry.shotId === id)?.thumbnail;
      if (!thumb) throw new Error(`no thumbnail recorded for ${id}`);
      return join(cache, 'objects', thumb.sha256.slice(0, 2), `${thumb.sha256}.${thumb.ext}`);
    };
    const before = await readReport(outDir());
    expect(before.shots.map((shot) => (shot as { thumbnail?: string }).thumbnail)).toEqual(['shots/a.webp', 'shots/b.webp', 'shots/c.webp']);
    // a: gone; b: a power cut kept its name but not all of its bytes; c: intact.
    await rm(thumbnailOf('a'));
    await writeFile(thumbnailOf('b'), Buffer.from('RIFF'));
    const jobs = sim.stats().jobs.length;

    const again = await runRender(args(), { cwd: ws.dir, env: simEnv(sim) });
    expect(again.code, explain(again)).toBe(0);
    expect(sim.stats().jobs.length, 'no new paid job').toBe(jobs);
    const report = await readReport(outDir());
    expect(report.shots.map((shot) => shot.cache)).toEqual(['hit', 'hit', 'hit']);
    expect(report.totals.spent.microUsd).toBe(0);
    expect(report.shots.map((shot) => (shot as { thumbnail?: string }).thumbnail)).toEqual(['shots/a.jpg', 'shots/b.jpg', 'shots/c.webp']);
    for (const id of ['a', 'b']) {
      const poster = await readFile(join(outDir(), 'shots', `${id}.jpg`));
      expect(poster.subarray(0, 2).toString('hex'), `${id}.jpg is a JPEG`).toBe('ffd8');
    }
    expect((await stat(join(outDir(), 'shots', 'c.webp'))).size).toBeGreaterThan(100);
  });
});
