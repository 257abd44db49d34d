// Durable file operations (docs/design/money-safety.md#durable-files): temp file in the destination's file system,
// fsync, rename, fsync the directory. A file counts only once it has been renamed into place.
import { randomBytes, createHash } from 'node:crypto';
import { constants, createReadStream } from 'node:fs';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { RenderError } from './errors.js';
import { errnoCode, fsUserError, makeDir } from './fs-errors.js';
import { sharedRuns } from './shared-runs.js';

/** Make a rename or a new file in `dir` survive a power loss. */
export async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Every temp file this tool writes starts so: a clean-up may remove exactly these, never a user's own `*.part`. */
export const ownTempPrefix = '.render-tmp-';

export function isOwnTemp(name: string): boolean {
  return name.startsWith(ownTempPrefix);
}

// Unique per process (pid + a random run tag) and within it (a counter): no random bytes drawn per file.
const runTag = randomBytes(4).toString('hex');
let tempCount = 0;

/** A unique temp name inside `tmpDir` (which must be on the destination's file system: rename fails with EXDEV). */
export function tempPath(tmpDir: string, hint: string): string {
  tempCount += 1;
  return join(tmpDir, `${ownTempPrefix}${basename(hint)}.${process.pid}.${runTag}${tempCount.toString(16).padStart(4, '0')}.part`);
}

/**
 * The stem of a temp folder or file this process makes with a random tail of its own (mkdtemp's six characters, a
 * `.partial`'s hex): `<folder>/.render-tmp-<hint>.<pid>.`, so a clean-up can tell whose it is (ownTempPid).
 */
export function ownTempStem(dir: string, hint: string): string {
  return join(dir, `${ownTempPrefix}${basename(hint)}.${process.pid}.`);
}

/**
 * The pid in one of this tool's temp names (`.render-tmp-<hint>.<pid>.<tag>[.part|.partial|.tmp]`), or undefined for
 * a name made before the pid was part of every one.
 */
export function ownTempPid(name: string): number | undefined {
  if (!isOwnTemp(name)) return undefined;
  const match = /\.(\d+)\.[0-9A-Za-z]+(?:\.(?:part|partial|tmp))?$/.exec(name);
  return match ? Number(match[1]) : undefined;
}

/**
 * Write bytes to `target` atomically and durably; the temp file is removed on any failure. `durable: false` keeps
 * the atomic replace (a reader sees the old file or the new one, never half) but skips both fsyncs: for files the
 * tool can lose in a power cut without harm, such as a diagnostic pointer.
 */
export async function writeFileAtomic(target: string, data: string | Uint8Array, tmpDir: string, options: { durable?: boolean } = {}): Promise<void> {
  await writeAtomically(target, tmpDir, (handle) => handle.writeFile(data), options.durable ?? true);
}

/** As writeFileAtomic, the content streamed chunk by chunk (a copy of a large file): never whole in memory. */
export async function writeStreamAtomic(target: string, chunks: AsyncIterable<Uint8Array>, tmpDir: string): Promise<void> {
  await writeAtomically(target, tmpDir, async (handle) => {
    for await (const chunk of chunks) await handle.write(chunk);
  });
}

async function writeAtomically(target: string, tmpDir: string, write: (handle: FileHandle) => Promise<unknown>, durable = true): Promise<void> {
  const temp = tempPath(tmpDir, target);
  try {
    const handle = await open(temp, 'wx', 0o644);
    try {
      await write(handle);
      if (durable) await handle.sync();
    } finally {
      await handle.close();
    }
    await (durable ? renameDurable(temp, target) : renameMakingDir(temp, target));
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

// Renames into one folder at about the same time (many shots finishing together) share its fsync.
const fsyncDirShared = sharedRuns(fsyncDir);

/** rename, making the destination directory when it is missing: atomic for a reader, but not durable. */
export async function renameMakingDir(from: string, to: string): Promise<void> {
  // The folder nearly always exists: rename first, and only on ENOENT make it (a mkdir per file was a hot-path cost).
  try {
    await rename(from, to);
  } catch (error) {
    if (errnoCode(error) !== 'ENOENT') throw error;
    await makeDir(join(to, '..'));
    await rename(from, to);
  }
}

/** rename + fsync of the destination directory (made first if it is missing). */
export async function renameDurable(from: string, to: string): Promise<void> {
  await renameMakingDir(from, to);
  await fsyncDirShared(join(to, '..'));
}

export interface FileDigest {
  sha256: string;
  bytes: number;
}

export async function hashFile(path: string): Promise<FileDigest> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

/**
 * The whole of a regular file of at most `maxBytes`, in one read. O_NONBLOCK and fstat: a path swapped for a FIFO or a
 * device neither hangs nor is read. Failures are user errors naming the path (`doing` says what for).
 */
export async function readRegularFile(path: string, maxBytes: number, doing: string): Promise<Buffer> {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw fsUserError(error, path, doing);
  }
  try {
    const stats = await handle.stat();
    const refused = !stats.isFile() ? 'it is not a regular file (a FIFO, socket, device or folder)' : stats.size > maxBytes ? `it is larger than ${maxBytes} bytes` : undefined;
    if (refused) {
      throw new RenderError('FS_NOT_REGULAR', `${doing}: ${refused}: ${path}`, { hint: 'put the file back as it was when the run started, then run again' });
    }
    return await handle.readFile();
  } catch (error) {
    throw error instanceof RenderError ? error : fsUserError(error, path, doing);
  } finally {
    await handle.close();
  }
}

export { describeFsError, errnoCode } from './fs-errors.js';
