// Durable file operations (docs/design/money-safety.md#durable-files): temp file in the destination's file system,
// fsync, rename, fsync the directory. A file counts only once it has been renamed into place.
import { randomBytes, createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';

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

/** A unique temp name inside `tmpDir` (which must be on the destination's file system: rename fails with EXDEV). */
export function tempPath(tmpDir: string, hint: string): string {
  return join(tmpDir, `${ownTempPrefix}${basename(hint)}.${process.pid}.${randomBytes(6).toString('hex')}.part`);
}

/** Write bytes to `target` atomically and durably; the temp file is removed on any failure. */
export async function writeFileAtomic(target: string, data: string | Uint8Array, tmpDir: string): Promise<void> {
  const temp = tempPath(tmpDir, target);
  try {
    const handle = await open(temp, 'wx', 0o644);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await renameDurable(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** rename + fsync of the destination directory. */
export async function renameDurable(from: string, to: string): Promise<void> {
  const dir = join(to, '..');
  await mkdir(dir, { recursive: true });
  await rename(from, to);
  await fsyncDir(dir);
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

/** Node error code of an fs failure, if any. */
export function errnoCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** One line a user can act on for an fs failure: disk full, permissions, read-only… with the path. */
export function describeFsError(error: unknown, path: string): string {
  const code = errnoCode(error);
  const what: Record<string, string> = {
    ENOSPC: 'disk full',
    EDQUOT: 'disk quota exceeded',
    EFBIG: 'file too large for this file system or ulimit',
    EIO: 'I/O error',
    EROFS: 'read-only file system',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
  };
  return `${(code && what[code]) ?? (error instanceof Error ? error.message : String(error))} (${code ?? 'error'}) at ${path}`;
}
