// `render stitch --cache-url`: a machine that never rendered stitches a storyboard from the shared cache batch
// workers push to (pulling the clips, each verified, into its own cache folder), with no call to the provider.
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openSharedCache } from '../../src/cache/shared/index.js';
import { cacheLayout } from '../../src/cache/store.js';
import type { Simulator } from '../../src/sim/index.js';
import { explain, makeWorkspace, probeClip, readReport, runRender, simEnv, storyboardYaml, useSimAndWorkspace, type Workspace } from '../support/run-harness.js';

const shots = [
  { id: 'harbour', prompt: 'shared stitch: boats in a harbour at dusk' },
  { id: 'market', prompt: 'shared stitch: a fish market at dawn' },
];

describe('render stitch --cache-url', () => {
  let sim: Simulator;
  let ws: Workspace;
  useSimAndWorkspace({ timeScale: 0.01, seed: 7, rpm: 10_000 }, 'render-stitch-shared-', (s, w) => {
    sim = s;
    ws = w;
  });

  it('stitches from the shared cache on a machine whose own cache is empty, paying nothing', async () => {
    const yaml = storyboardYaml({ name: 'harbour', shots });
    await ws.write('storyboard.yaml', yaml);
    const rendered = await runRender(['storyboard.yaml', '--base-url', sim.baseURL], { cwd: ws.dir, env: simEnv(sim) });
    expect(rendered.code, explain(rendered)).toBe(0);
    // What a worker does after storing a shot: push it.
    const sharedDir = join(ws.dir, 'shared');
    await mkdir(sharedDir);
    const shared = openSharedCache(pathToFileURL(sharedDir).href, {});
    const layout = cacheLayout(join(ws.dir, '.render'));
    const keys = (await readdir(layout.index, { recursive: true })).filter((name) => name.endsWith('.json')).map((name) => name.slice(-69, -5));
    expect(keys).toHaveLength(2);
    for (const key of keys) await shared.push(layout, key);

    const other = await makeWorkspace('render-stitch-other-');
    try {
      await other.write('storyboard.yaml', yaml);
      const requestsBefore = sim.stats().requests.log.length;
      const stitched = await runRender(['stitch', 'storyboard.yaml', '--base-url', sim.baseURL, '--cache-url', pathToFileURL(sharedDir).href, '--out', 'out'], { cwd: other.dir, env: simEnv(sim) });
      expect(stitched.code, explain(stitched)).toBe(0);
      const outDir = join(other.dir, 'out', 'harbour');
      const report = await readReport(outDir);
      expect(report.shots.map((shot) => [shot.id, shot.status, shot.cache])).toEqual([['harbour', 'completed', 'hit'], ['market', 'completed', 'hit']]);
      expect(report.cut).not.toBeNull();
      expect((await probeClip(join(outDir, report.cut!.file), false)).durationSeconds).toBeGreaterThan(7);
      expect(sim.stats().requests.log.length).toBe(requestsBefore);
    } finally {
      await other.cleanup();
    }
  });

  it('refuses a --cache-url that is not file:// or s3:// with exit 2', async () => {
    await ws.write('storyboard.yaml', storyboardYaml({ name: 'harbour', shots }));
    const result = await runRender(['stitch', 'storyboard.yaml', '--base-url', sim.baseURL, '--cache-url', 'https://user:s3cr3t@example.com/cache'], { cwd: ws.dir, env: simEnv(sim) });
    expect(result.code, explain(result)).toBe(2);
    expect(result.stderr).toContain('the scheme https:// is not supported');
    expect(result.stderr + result.stdout).not.toContain('s3cr3t');
  });
});
