// Publishing copies clips out of the cache (never links), and the stale-temp clean-up removes only this tool's own
// temp files: a user's `*.part` or `*.tmp` beside the outputs is theirs (a storyboard named `..` once deleted them).
import { link, mkdir, mkdtemp, readFile, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { publishClips, removeStaleTemps } from '../../../src/run/publish.js';
import { tempPath } from '../../../src/common/durable-fs.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'render-publish-unit-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('removeStaleTemps', () => {
  it("removes this tool's temp files and keeps a user's *.part and *.tmp", async () => {
    const out = join(dir, 'out');
    await mkdir(join(out, 'shots'), { recursive: true });
    const own = [tempPath(out, 'report.json'), tempPath(join(out, 'shots'), 'a.mp4')];
    const users = [join(out, 'notes.part'), join(out, 'edit.tmp'), join(out, 'shots', 'take.part'), join(out, '.a.mp4.123.tmp')];
    for (const file of [...own, ...users]) await writeFile(file, 'x');
    await removeStaleTemps(out);
    const left = [...(await readdir(out)), ...(await readdir(join(out, 'shots')))].sort();
    expect(left).toEqual(['.a.mp4.123.tmp', 'edit.tmp', 'notes.part', 'shots', 'take.part']);
  });

  it("removes a killed run's stitch folder and partial cut, and keeps those of a render still running", async () => {
    const out = join(dir, 'out');
    await mkdir(out, { recursive: true });
    const dead = 4_000_001;
    const live = 4_000_002;
    const names = (pid: number) => [`.render-tmp-stitch.${pid}.Ab12Cd`, `.render-tmp-cut.mp4.${pid}.0a1b2c3d.partial`, `.render-tmp-contact-sheet.${pid}.Zz09Yy`];
    for (const pid of [dead, live]) {
      const [stitch, partial, sheet] = names(pid);
      await mkdir(join(out, stitch!, `.render-tmp-stitch.${pid}.Qq11Rr`), { recursive: true });
      await writeFile(join(out, stitch!, `.render-tmp-stitch.${pid}.Qq11Rr`, 'clip-0001.mp4'), 'x');
      await writeFile(join(out, partial!), 'x');
      await mkdir(join(out, sheet!));
    }
    await removeStaleTemps(out, (pid) => pid === live);
    expect((await readdir(out)).sort()).toEqual(names(live).sort());
  });
});

describe('publishClips', () => {
  it('copies nothing on a re-run when the blob was written late in a millisecond (a Date would round its time up)', async () => {
    const blob = join(dir, 'blob.mp4');
    await writeFile(blob, 'clip bytes');
    await utimes(blob, 1_796_182_534.6267566, 1_796_182_534.6267566);
    const out = join(dir, 'out');
    await publishClips(out, [{ id: 'a', file: blob }]);
    const first = await stat(join(out, 'shots', 'a.mp4'));
    await publishClips(out, [{ id: 'a', file: blob }]);
    const second = await stat(join(out, 'shots', 'a.mp4'));
    expect([second.ino, second.mtimeMs]).toEqual([first.ino, first.mtimeMs]);
  });

  it('writes a copy a user can edit without changing the source, and replaces an old hard link with a copy', async () => {
    const blob = join(dir, 'blob.mp4');
    await writeFile(blob, 'cached bytes', { mode: 0o444 });
    const out = join(dir, 'out');
    await mkdir(join(out, 'shots'), { recursive: true });
    await link(blob, join(out, 'shots', 'a.mp4'));
    const [clip] = await publishClips(out, [{ id: 'a', file: blob }]);
    const info = await stat(clip!.file);
    expect(info.ino).not.toBe((await stat(blob)).ino);
    expect(info.mode & 0o777).toBe(0o644);
    await writeFile(clip!.file, 'edited');
    expect(await readFile(blob, 'utf8')).toBe('cached bytes');
    await publishClips(out, [{ id: 'a', file: blob }]);
    expect(await readFile(clip!.file, 'utf8')).toBe('cached bytes');
    expect(await readdir(join(out, 'shots'))).toEqual(['a.mp4']);
  });
});
