// The download already probed every clip; the cache keeps what it measured, so a changed cut (and `render stitch`)
// hands the stitch each clip's facts instead of running ffprobe on the clips again.
import { chmod, cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderStoryboard, stitchFromCache, type RunSink } from '../../src/index.js';
import { locateFfmpeg } from '../../src/stitch/tools.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const quiet: RunSink = { start: () => undefined, event: () => undefined, stitch: () => undefined };

async function cacheEntries(dir: string): Promise<Array<{ shotId: string; probe?: { width: number; duration: number } }>> {
  const index = join(dir, '.render', 'index');
  const files = (await readdir(index, { recursive: true })).filter((name) => name.endsWith('.json'));
  return Promise.all(files.map(async (name) => JSON.parse(await readFile(join(index, name), 'utf8'))));
}

describe('clip facts measured at download reach the stitch', () => {
  let dir: string;
  let storyboard: string;
  let probeLog: string;
  let loggingProbe: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'known-clip-info-'));
    await cp(join(repo, 'examples'), join(dir, 'examples'), { recursive: true, filter: (source) => !/[\\/]examples[\\/](\.render|out)([\\/]|$)/.test(source) });
    storyboard = join(dir, 'examples', 'storyboard.yaml');
    // An ffprobe that writes down every call, then is the real one.
    const real = await locateFfmpeg(process.env, new AbortController().signal);
    probeLog = join(dir, 'ffprobe.log');
    loggingProbe = join(dir, 'ffprobe-logging');
    await writeFile(loggingProbe, `#!/bin/sh\nprintf '%s\\n' "$*" >> '${probeLog}'\nexec '${real.ffprobe}' "$@"\n`);
    await chmod(loggingProbe, 0o755);
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  const toolsWithLoggingProbe = () => locateFfmpeg({ ...process.env, FFPROBE_PATH: loggingProbe }, new AbortController().signal);
  const clipProbes = async () => (await readFile(probeLog, 'utf8').catch(() => '')).split('\n').filter((line) => /[\\/]shots[\\/]|[\\/]\.render[\\/]/.test(line));

  it('a render keeps each clip probe with its cache entry', async () => {
    const first = await renderStoryboard({ storyboard, provider: { kind: 'sim', simTimeScale: 0.02 }, pollMinMs: 50 }, quiet);
    expect(first.outcome).toBe('completed');
    const entries = await cacheEntries(join(dir, 'examples'));
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) expect(entry.probe, entry.shotId).toMatchObject({ width: expect.any(Number), duration: expect.any(Number) });
  }, 180_000);

  it('a changed cut of cached clips runs no ffprobe on the clips', async () => {
    const text = await readFile(storyboard, 'utf8');
    await writeFile(storyboard, text.replace('output: neon-city.mp4', 'output: neon-city-v2.mp4'));
    await rm(probeLog, { force: true });
    const again = await renderStoryboard({ storyboard, provider: { kind: 'sim' }, tools: toolsWithLoggingProbe }, quiet);
    expect(again.outcome).toBe('completed');
    expect(again.shots.every((shot) => shot.cache === 'hit')).toBe(true);
    expect(again.cutFile).toBe(join(dir, 'examples', 'out', 'neon-city', 'neon-city-v2.mp4'));
    expect(await clipProbes()).toEqual([]);
  }, 180_000);

  it('render stitch (stitchFromCache) runs no ffprobe on the clips either', async () => {
    await rm(probeLog, { force: true });
    const stitched = await stitchFromCache({ storyboard, provider: { kind: 'sim' }, tools: toolsWithLoggingProbe }, quiet);
    expect(stitched.outcome).toBe('completed');
    expect(stitched.cut?.file).toBe('neon-city-v2.mp4');
    expect(await clipProbes()).toEqual([]);
    // The wrapper did run: the final cut itself is still checked.
    expect((await readFile(probeLog, 'utf8')).length).toBeGreaterThan(0);
  }, 180_000);
});
