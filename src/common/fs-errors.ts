// File-system failures as user errors: a stable code per kind of trouble (disk full, read-only, permissions,
// missing, wrong kind of file), the path, and what to do about it. Never "internal error" for a full disk.
import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { RenderError, type EnvironmentErrorCode } from './errors.js';

/** Node's error code of an fs failure, if any. */
export function errnoCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

interface FsKind {
  code: EnvironmentErrorCode;
  what: string;
  fix: string;
}

const kinds: Record<string, FsKind> = {
  ENOSPC: { code: 'FS_DISK_FULL', what: 'disk full', fix: 'free some space on that disk and run again' },
  EDQUOT: { code: 'FS_DISK_FULL', what: 'disk quota exceeded', fix: 'free some space within your quota and run again' },
  EFBIG: { code: 'FS_DISK_FULL', what: 'file too large for this file system or ulimit', fix: 'use a folder on another file system, or raise the file-size limit' },
  EROFS: { code: 'FS_READ_ONLY', what: 'read-only file system', fix: 'use a folder on a writable file system' },
  EACCES: { code: 'FS_PERMISSION', what: 'permission denied', fix: 'make the folder writable for this user' },
  EPERM: { code: 'FS_PERMISSION', what: 'operation not permitted (an immutable or append-only file?)', fix: 'check the attributes (lsattr; chattr -i) and permissions of the path' },
  ENOENT: { code: 'FS_NOT_FOUND', what: 'no such file or folder', fix: 'check that the path exists (it may have been moved or deleted while render ran)' },
  ENOTDIR: { code: 'FS_NOT_A_FOLDER', what: 'a part of the path is a file, not a folder', fix: 'remove or rename the file that stands where a folder is expected' },
  EEXIST: { code: 'FS_NOT_A_FOLDER', what: 'a file stands where a folder is expected', fix: 'remove or rename that file' },
  EISDIR: { code: 'FS_IS_A_FOLDER', what: 'is a folder, not a file', fix: 'remove or rename the folder that stands where a file is expected' },
  EIO: { code: 'FS_IO', what: 'I/O error', fix: 'check the disk (dmesg), then run again' },
  ELOOP: { code: 'FS_NOT_FOUND', what: 'a loop of symbolic links', fix: 'fix the symbolic links on that path' },
  ENAMETOOLONG: { code: 'FS_NOT_FOUND', what: 'path too long', fix: 'use a shorter folder path' },
};

/** One line a user can act on: `disk full (ENOSPC) at /path`. */
export function describeFsError(error: unknown, path: string): string {
  const code = errnoCode(error);
  const what = code ? kinds[code]?.what : undefined;
  return `${what ?? (error instanceof Error ? error.message : String(error))} (${code ?? 'error'}) at ${path}`;
}

/** A Node fs error (errno code and syscall), as opposed to a bug or a RenderError. */
export function isFsErrno(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && /^E[A-Z0-9]+$/.test(errnoCode(error) ?? '') && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}

/**
 * A RenderError (exit 4) for an fs failure at `path`: `<doing>: <what> (<errno>) at <path>` with a fix. `doing` says
 * what render was about, e.g. "cannot write the output folder"; `hint` replaces the generic fix.
 */
export function fsUserError(error: unknown, path: string, doing: string, hint?: string): RenderError {
  const code = errnoCode(error);
  const kind: FsKind = (code && kinds[code]) || { code: 'FS_IO', what: '', fix: 'check the disk and the path, then run again' };
  return new RenderError(kind.code, `${doing}: ${describeFsError(error, path)}`, {
    hint: hint ? `${kind.fix}; or ${hint}` : kind.fix,
    cause: error,
  });
}

/** For `.catch()`: an fs failure becomes fsUserError (at the path it names, else `path`); anything else is rethrown. */
export function rethrowAsFsError(doing: string, path: string, hint?: string): (error: unknown) => never {
  return (error) => {
    throw isFsErrno(error) ? fsUserError(error, pathOf(error) ?? path, doing, hint) : error;
  };
}

/** The path a Node fs error names, if it names one. */
export function pathOf(error: unknown): string | undefined {
  const path = (error as { path?: unknown; dest?: unknown } | null)?.path;
  return typeof path === 'string' ? path : undefined;
}

/**
 * mkdir -p that reports the true cause: Node's recursive mkdir says ENOENT when the parent is on a read-only file
 * system (or is not writable), which reads as "your folder is missing". On that ENOENT the first missing component
 * is created on its own, which fails with the real code (EROFS, EACCES, ENOTDIR…).
 */
export async function makeDir(path: string): Promise<void> {
  try {
    await mkdir(path, { recursive: true });
  } catch (error) {
    if (errnoCode(error) !== 'ENOENT') throw error;
    let missing = path;
    while (dirname(missing) !== missing && !(await exists(dirname(missing)))) missing = dirname(missing);
    await mkdir(missing);
    await mkdir(path, { recursive: true });
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
