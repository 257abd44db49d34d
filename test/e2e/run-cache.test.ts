// Only what changed is paid for, proven from the simulator's billing: a first run pays each shot once, an unchanged
// re-run pays nothing, and editing one prompt pays for that shot and its remix child only. `render plan` says why.
// A damaged cached clip is never reused, and is repaired without paying while the provider still has the job.
import { createHash } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import {
  explain,
  isTempFile,
  listFiles,
  probeClip,
  paidPerPrompt,
  readReport,
  remixesPerParentPrompt,
  runRender,
  simEnv,
  storyboardYaml,
  type ShotSpec,
  type Workspace,
  useSimAndWorkspace,
} from '../support/run-harness.js';

const shots: ShotSpec[] = [
  { id: 'opening', prompt: 'cache test: a lighthouse at dawn, waves below' },
  { id: 'harbour', prompt: 'cache test: fishing boats leaving the harbour' },
  { id: 'harbour-rain', remixOf: 'harbour', prompt: 'cache test: the same boats, now in heavy rain' },
  { id: 'closing', prompt: 'cache test: gulls circling over an empty pier' },
];
const edited = 'cache test: fishing boats leaving the harbour at sunset';

describe('render storyboard.yaml: the cache re-bills only what changed', () => {
  let sim: Simulator;
  let ws: Workspace;
  const run = () => runRender(['storyboard.yaml', '--base-url', sim.baseURL], { cwd: ws.dir, env: simEnv(sim) });

  useSimAndWorkspace({ timeScale: 0.01, seed: 1, rpm: 1000 }, 'render-cache-', (s, w) => {
    sim = s;
    ws = w;
  });
  beforeAll(async () => {
    await ws.write('storyboard.yaml', storyboardYaml({ name: 'cache', shots }));
  });

  it('a first run pays for each shot exactly once', async () => {
    const result = await run();
    expect(result.code, explain(result)).toBe(0);
    const stats = sim.stats();
    expect(paidPerPrompt(stats, shots.map((s) => s.prompt))).toEqual(Object.fromEntries(shots.map((s) => [s.prompt, 1])));
    expect(stats.jobs.map((j) => j.kind).sort()).toEqual(['create', 'create', 'create', 'remix']);
    expect(remixesPerParentPrompt(stats)).toEqual({ [shots[1]!.prompt]: 1 });
  });

  it('an unchanged re-run makes no paid call', async () => {
    const before = sim.stats();
    const result = await run();
    expect(result.code, explain(result)).toBe(0);
    const after = sim.stats();
    expect(after.jobs.length).toBe(before.jobs.length);
    expect(after.billed).toEqual(before.billed);
    const paidRequests = after.requests.log.slice(before.requests.log.length).filter((e) => e.route === 'create' || e.route === 'remix');
    expect(paidRequests).toEqual([]);
    const report = await readReport(join(ws.dir, 'out', 'cache'));
    expect(report.shots.every((s) => s.cache === 'hit')).toBe(true);
    expect(report.totals.spent.microUsd).toBe(0);
  });

  // rename(2) is a no-op when both names are links to the same inode: publishing must not leave its temp name behind.
  it('the unchanged re-run leaves no temp files anywhere under the storyboard folder', async () => {
    expect((await listFiles(ws.dir)).filter(isTempFile)).toEqual([]);
  });

  it("`render plan` after an edit shows that shot as a miss because its prompt changed (and its remix child's parent changed)", async () => {
    await ws.write('storyboard.yaml', storyboardYaml({ name: 'cache', shots: shots.map((s) => (s.id === 'harbour' ? { ...s, prompt: edited } : s)) }));
    const before = sim.stats().requests.log.length;
    const result = await runRender(['plan', 'storyboard.yaml', '--base-url', sim.baseURL], { cwd: ws.dir, env: simEnv(sim) });
    expect(result.code, explain(result)).toBe(0);
    const row = (id: string) => result.stdout.split('\n').find((line) => line.trim().split(/\s+/)[0] === id) ?? `(no row for ${id})`;
    // NOTE for the lead: needs the CACHE column of `render plan` (hit / miss: <why>), which is being added.
    expect(row('harbour'), result.stdout).toMatch(/\bmiss\b.*prompt changed/);
    expect(row('harbour-rain'), result.stdout).toMatch(/\bmiss\b.*parent changed/);
    expect(row('opening'), result.stdout).toMatch(/\bhit\b/);
    expect(row('closing'), result.stdout).toMatch(/\bhit\b/);
    const paid = sim.stats().requests.log.slice(before).filter((e) => e.route === 'create' || e.route === 'remix');
    expect(paid, 'render plan makes no paid call').toEqual([]);
  });

  it('editing one prompt pays for exactly that shot plus one remix of its child, nothing else', async () => {
    await ws.write('storyboard.yaml', storyboardYaml({ name: 'cache', shots: shots.map((s) => (s.id === 'harbour' ? { ...s, prompt: edited } : s)) }));
    const before = sim.stats();
    const result = await run();
    expect(result.code, explain(result)).toBe(0);
    const after = sim.stats();
    const fresh = after.jobs.slice(before.jobs.length);
    expect(fresh.map((j) => [j.kind, j.prompt])).toEqual([
      ['create', edited],
      ['remix', shots[2]!.prompt],
    ]);
    // The child was remixed from the new parent job, not the old one.
    expect(fresh[1]!.remixedFromVideoId).toBe(fresh[0]!.id);
    const report = await readReport(join(ws.dir, 'out', 'cache'));
    expect(Object.fromEntries(report.shots.map((s) => [s.id, s.cache]))).toEqual({ opening: 'hit', harbour: 'paid', 'harbour-rain': 'paid', closing: 'hit' });
  });

  it('a damaged cached clip is never reused: the re-run downloads it again without paying, and the published clip is whole', async () => {
    const cache = join(ws.dir, '.render');
    const shotRecord = JSON.parse(await readFile(join(cache, 'shots', 'opening.json'), 'utf8')) as { key: string; video?: { sha256: string } };
    const entry = shotRecord.video
      ? shotRecord
      : (JSON.parse(await readFile(join(cache, 'index', shotRecord.key.slice(0, 2), `${shotRecord.key}.json`), 'utf8')) as { video: { sha256: string } });
    const sha = entry.video!.sha256;
    const blob = join(cache, 'objects', sha.slice(0, 2), `${sha}.mp4`);
    // Same size, different bytes: only the hash check can tell.
    const handle = await open(blob, 'r+');
    const { size } = await handle.stat();
    await handle.write(Buffer.alloc(4096, 0x5a), 0, 4096, Math.floor(size / 2));
    await handle.close();

    const before = sim.stats().jobs.length;
    const result = await run();
    expect(result.code, explain(result)).toBe(0);
    expect(sim.stats().jobs.length, 'repairing a damaged clip must not pay for a new job').toBe(before);
    const published = join(ws.dir, 'out', 'cache', 'shots', 'opening.mp4');
    const digest = createHash('sha256').update(await readFile(published)).digest('hex');
    expect(digest).toBe(sha);
    expect((await probeClip(published)).durationSeconds).toBeCloseTo(4, 1);
  });
});
