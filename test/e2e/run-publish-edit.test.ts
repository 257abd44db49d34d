// A published clip is the user's file: editing out/<name>/shots/<id>.mp4 in place (ffmpeg -y over it, or writing
// bytes into it) must leave the cache intact, so the next `render plan` and run show hits and pay nothing.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { open, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import { explain, readReport, runRender, simEnv, storyboardYaml, useSimAndWorkspace, type ShotSpec, type Workspace } from '../support/run-harness.js';

const run = promisify(execFile);
const shots: ShotSpec[] = [
  { id: 'a', prompt: 'publish test: a red kite over a green field' },
  { id: 'b', prompt: 'publish test: a blue boat on a grey sea' },
];
const sha = async (file: string) => createHash('sha256').update(await readFile(file)).digest('hex');

describe('editing a published clip never touches the cache', () => {
  let sim: Simulator;
  let ws: Workspace;
  const args = (...extra: string[]) => [...extra, 'storyboard.yaml', '--base-url', sim.baseURL];
  const published = (id: string) => join(ws.dir, 'out', 'edit', 'shots', `${id}.mp4`);

  useSimAndWorkspace({ timeScale: 0.01, seed: 3, rpm: 1000 }, 'render-publish-', (s, w) => {
    sim = s;
    ws = w;
  });
  beforeAll(async () => {
    await ws.write('storyboard.yaml', storyboardYaml({ name: 'edit', shots, cut: false }));
    const first = await runRender(args(), { cwd: ws.dir, env: simEnv(sim) });
    expect(first.code, explain(first)).toBe(0);
  });

  it('a published clip is a file of its own, not a link into .render/objects', async () => {
    const info = await stat(published('a'));
    expect(info.nlink).toBe(1);
  });

  it('after ffmpeg rewrites one clip and bytes are written into another, plan shows hits and the run pays nothing', async () => {
    const originalA = await sha(published('a'));
    const originalB = await sha(published('b'));
    // ffmpeg -y opens the existing name with O_TRUNC: with a hard link this rewrote the cached blob.
    await run('ffmpeg', ['-v', 'error', '-y', '-i', published('b'), '-c', 'copy', '-f', 'mp4', published('a')]);
    const handle = await open(published('b'), 'r+');
    await handle.write(Buffer.alloc(4096, 0x5a), 0, 4096, 1024);
    await handle.close();
    expect(await sha(published('a'))).not.toBe(originalA);

    const plan = await runRender(args('plan'), { cwd: ws.dir, env: simEnv(sim) });
    expect(plan.code, explain(plan)).toBe(0);
    for (const id of ['a', 'b']) {
      const row = plan.stdout.split('\n').find((line) => line.trim().split(/\s+/)[0] === id) ?? `(no row for ${id})`;
      expect(row, plan.stdout).toMatch(/\bhit\b/);
    }

    const before = sim.stats().jobs.length;
    const again = await runRender(args(), { cwd: ws.dir, env: simEnv(sim) });
    expect(again.code, explain(again)).toBe(0);
    expect(sim.stats().jobs.length, 'no new paid job').toBe(before);
    const report = await readReport(join(ws.dir, 'out', 'edit'));
    expect(report.shots.map((s) => s.cache)).toEqual(['hit', 'hit']);
    expect(report.totals.spent.microUsd).toBe(0);
    // The run republishes the cache's clips over the edited copies.
    expect(await sha(published('a'))).toBe(originalA);
    expect(await sha(published('b'))).toBe(originalB);
  });

  it('an unchanged re-run leaves the published files as they are (same inode, same time)', async () => {
    const before = await stat(published('a'));
    const again = await runRender(args(), { cwd: ws.dir, env: simEnv(sim) });
    expect(again.code, explain(again)).toBe(0);
    const after = await stat(published('a'));
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
  });
});
