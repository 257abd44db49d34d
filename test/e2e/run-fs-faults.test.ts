// File-system trouble is the user's to fix, never "internal error": a full disk (a small tmpfs), a read-only folder (a
// read-only bind mount), an immutable journal (chattr +i) or a file where a folder belongs each give one message with
// the cause, the path and a fix, exit 4, and no spend when found before the first paid call (the simulator's billing).
// A lock that could not be written is not left behind to block the next run.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, open, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import { explain, runRender, simEnv, storyboardYaml, type Workspace, useSimAndWorkspace } from '../support/run-harness.js';

const exec = promisify(execFile);
const isRoot = process.getuid?.() === 0;
const rootReason = 'needs root to mount a tmpfs and a read-only bind mount (run the tests as root to cover disk-full and read-only cases)';

/** Fill a mounted tmpfs to the last byte, so the next write of any data fails with ENOSPC. */
async function fillDisk(dir: string): Promise<string> {
  const filler = join(dir, 'filler.bin');
  const handle = await open(filler, 'w');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) await handle.write(chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    await handle.close();
  }
  for (let size = 4096; size >= 1; size = Math.floor(size / 2)) {
    await writeFile(filler, Buffer.alloc(size), { flag: 'a' }).catch(() => undefined);
  }
  return filler;
}

describe('a file where a folder is expected', () => {
  let sim: Simulator;
  let ws: Workspace;
  useSimAndWorkspace({ timeScale: 0.02, seed: 21, rpm: 10_000 }, 'render-fs-file-', (s, w) => {
    sim = s;
    ws = w;
  });

  it('--out naming a file: exit 4 with the path and a fix, before anything is paid', async () => {
    await ws.write('storyboard.yaml', storyboardYaml({ name: 'outfile', shots: [{ id: 'a', prompt: 'fs: out is a file' }] }));
    await ws.write('not-a-folder', 'just a file\n');
    const before = sim.stats();
    const result = await runRender(['storyboard.yaml', '--base-url', sim.baseURL, '--out', 'not-a-folder'], { cwd: ws.dir, env: simEnv(sim) });
    expect(result.code, explain(result)).toBe(4);
    expect(result.stderr).toContain(join(ws.dir, 'not-a-folder'));
    expect(result.stderr).toMatch(/cannot write the output folder: .*file/);
    expect(result.stderr).toMatch(/hint: .*--out/);
    expect(result.stderr).not.toMatch(/internal error|This is a bug/);
    expect(sim.stats().requests.total).toBe(before.requests.total);
  });
});

describe.skipIf(!isRoot)(`full, read-only and immutable folders (${rootReason})`, () => {
  let sim: Simulator;
  let ws: Workspace;
  let full: string;
  let readOnly: string;
  const immutable: string[] = [];

  useSimAndWorkspace({ timeScale: 0.02, seed: 22, rpm: 10_000 }, 'render-fs-', (s, w) => {
    sim = s;
    ws = w;
  });
  beforeAll(async () => {
    full = join(ws.dir, 'full');
    readOnly = join(ws.dir, 'ro');
    await mkdir(full);
    await mkdir(join(ws.dir, 'ro-source', 'cache'), { recursive: true });
    await mkdir(readOnly);
    await exec('mount', ['-t', 'tmpfs', '-o', 'size=512k', 'tmpfs', full]);
    await exec('mount', ['--bind', join(ws.dir, 'ro-source'), readOnly]);
    await exec('mount', ['-o', 'remount,ro,bind', readOnly]);
  });
  afterAll(async () => {
    for (const file of immutable) await exec('chattr', ['-i', file]).catch(() => undefined);
    for (const dir of [full, readOnly]) if (dir) await exec('umount', ['-l', dir]).catch(() => undefined);
  });

  const render = (extra: string[]) => runRender(['storyboard.yaml', '--base-url', sim.baseURL, ...extra], { cwd: ws.dir, env: simEnv(sim) });

  async function expectRefusedUnpaid(extra: string[], cause: RegExp, path: string) {
    const before = sim.stats();
    const result = await render(extra);
    expect(result.code, explain(result)).toBe(4);
    expect(result.stderr, explain(result)).toMatch(cause);
    expect(result.stderr).toContain(path);
    expect(result.stderr).toMatch(/\n  hint: \S/);
    expect(result.stderr).not.toMatch(/internal error|This is a bug|\n\s+at .+:\d+:\d+/);
    const after = sim.stats();
    expect(after.billed.microUsd, 'nothing paid').toBe(before.billed.microUsd);
    expect(after.requests.total, 'no request sent').toBe(before.requests.total);
    return result;
  }

  it('a read-only output folder (EROFS): refused before the first paid call, said as read-only, not "not found"', async () => {
    await ws.write('storyboard.yaml', storyboardYaml({ name: 'ro-out', shots: [{ id: 'a', prompt: 'fs: read-only out' }] }));
    const result = await expectRefusedUnpaid(['--out', join(readOnly, 'out')], /cannot write the output folder: read-only file system \(EROFS\)/, join(readOnly, 'out'));
    expect(result.stderr).not.toMatch(/ENOENT/);
  });

  it('a full output disk (ENOSPC): refused before the first paid call', async () => {
    await ws.write('storyboard.yaml', storyboardYaml({ name: 'full-out', shots: [{ id: 'a', prompt: 'fs: full out' }] }));
    const filler = await fillDisk(full);
    try {
      await expectRefusedUnpaid(['--out', join(full, 'out')], /cannot write the output folder: disk full \(ENOSPC\)/, join(full, 'out'));
    } finally {
      await rm(filler, { force: true });
    }
  });

  it('a read-only cache folder (EROFS): a coded error naming it, nothing paid', async () => {
    await ws.write('storyboard.yaml', storyboardYaml({ name: 'ro-cache', shots: [{ id: 'a', prompt: 'fs: read-only cache' }] }));
    await expectRefusedUnpaid(['--cache-dir', join(readOnly, 'cache')], /read-only file system \(EROFS\)/, join(readOnly, 'cache'));
  });

  it('a read-only storyboard folder (EROFS): the lockfile beside it is refused before the first paid call; --no-lockfile runs', async () => {
    await mkdir(join(ws.dir, 'ro-source', 'board'), { recursive: true });
    await writeFile(join(ws.dir, 'ro-source', 'board', 'storyboard.yaml'), storyboardYaml({ name: 'ro-board', shots: [{ id: 'a', prompt: 'fs: read-only storyboard folder' }] }));
    const board = (extra: string[]) =>
      runRender([join(readOnly, 'board', 'storyboard.yaml'), '--base-url', sim.baseURL, '--out', join(ws.dir, 'out-ro-board'), '--cache-dir', join(ws.dir, 'cache-ro-board'), ...extra], { cwd: ws.dir, env: simEnv(sim) });
    const before = sim.stats();
    const refused = await board([]);
    expect(refused.code, explain(refused)).toBe(4);
    expect(refused.stderr).toMatch(/cannot write the lockfile beside the storyboard: read-only file system \(EROFS\)/);
    expect(refused.stderr).toMatch(/\n  hint: .*; or pass --no-lockfile to run without one/);
    expect(sim.stats().requests.total, 'no request sent').toBe(before.requests.total);
    const next = await board(['--no-lockfile', '--no-stitch']);
    expect(next.code, explain(next)).toBe(0);
  }, 180_000);

  it('disk full while taking the lock: no lock left behind, and the next run works', async () => {
    await ws.write('storyboard.yaml', storyboardYaml({ name: 'full-lock', shots: [{ id: 'a', prompt: 'fs: full lock' }] }));
    const cacheDir = join(full, 'cache');
    await mkdir(join(cacheDir, 'tmp'), { recursive: true });
    const filler = await fillDisk(full);
    try {
      await expectRefusedUnpaid(['--cache-dir', cacheDir], /cannot take the cache lock: disk full \(ENOSPC\)/, join(cacheDir, 'lock'));
      expect(existsSync(join(cacheDir, 'lock')), 'no empty lock left behind').toBe(false);
    } finally {
      await rm(filler, { force: true });
    }
    const next = await render(['--cache-dir', cacheDir, '--no-stitch']);
    expect(next.code, explain(next)).toBe(0);
    expect(existsSync(join(cacheDir, 'lock'))).toBe(false);
  });

  it('an immutable journal (chattr +i, EPERM): a coded error naming it, nothing paid', async () => {
    const cacheDir = join(ws.dir, 'cache-immutable');
    await ws.write('storyboard.yaml', storyboardYaml({ name: 'immutable', shots: [{ id: 'a', prompt: 'fs: immutable journal, first' }] }));
    const first = await render(['--cache-dir', cacheDir, '--no-stitch']);
    expect(first.code, explain(first)).toBe(0);
    const journal = join(cacheDir, 'journal.jsonl');
    await exec('chattr', ['+i', journal]);
    immutable.push(journal);
    await ws.write('storyboard.yaml', storyboardYaml({ name: 'immutable', shots: [{ id: 'a', prompt: 'fs: immutable journal, second' }] }));
    await expectRefusedUnpaid(['--cache-dir', cacheDir, '--no-stitch'], /cannot open the journal: operation not permitted .*\(EPERM\)/, journal);
    expect(existsSync(join(cacheDir, 'lock')), 'the lock is released').toBe(false);
  });
});
