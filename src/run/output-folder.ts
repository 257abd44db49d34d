// The output folder is checked before the first paid call: created, written to and cleaned, so a read-only, full or
// misplaced folder is found while it costs nothing, not after the shots were paid for.
import { lstat, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { tempPath } from '../common/durable-fs.js';
import { RenderError } from '../common/errors.js';
import { errnoCode, fsUserError, makeDir, pathOf } from '../common/fs-errors.js';

const outHint = 'pass a writable --out folder';

/** Throws a user error (FS_*, exit 4) naming the path unless `outDir` and its `shots/` can take new files. */
export async function checkOutputFolder(outDir: string, cutOutput: string | undefined): Promise<void> {
  // A temp name of this tool's: removed by the next run's clean-up should this process die between write and remove.
  const probe = tempPath(outDir, 'write-probe');
  try {
    await makeDir(join(outDir, 'shots'));
    const handle = await open(probe, 'wx', 0o644);
    try {
      // A few bytes and a sync: a full disk refuses the data (or, with delayed allocation, the sync), not the name.
      await handle.writeFile('render: checking that this folder is writable\n');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rm(probe);
  } catch (error) {
    await rm(probe, { force: true }).catch(() => undefined);
    throw fsUserError(error, pathOf(error) ?? outDir, 'cannot write the output folder', outHint);
  }
  if (cutOutput !== undefined) await refuseNonFile(join(outDir, cutOutput));
}

/** The final cut replaces its file by a rename: a folder or a FIFO at that name would only fail after the stitch. */
async function refuseNonFile(path: string): Promise<void> {
  const stats = await lstat(path).catch((error: unknown) => {
    if (errnoCode(error) === 'ENOENT') return undefined;
    throw fsUserError(error, path, 'cannot check the final cut', outHint);
  });
  if (!stats || stats.isFile() || stats.isSymbolicLink()) return;
  const code = stats.isDirectory() ? 'FS_IS_A_FOLDER' : 'FS_NOT_REGULAR';
  const what = stats.isDirectory() ? 'a folder' : 'not a regular file (a FIFO, socket or device)';
  throw new RenderError(code, `the final cut's name is taken by ${what}: ${path}`, {
    hint: 'move it away, or change cut.output (or --out)',
  });
}
