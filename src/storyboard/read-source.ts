// Reads a storyboard file defensively: regular files only, a size cap checked before reading, strict UTF-8.
import type { ErrorCode } from '../common/errors.js';
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { decodeUtf8 } from './utf8.js';
import { wholeFile, type Position } from './problems.js';

export interface SourceProblem {
  code: ErrorCode;
  message: string;
  position: Position;
  hint?: string;
}

/** The text, and the SHA-256 of the very bytes it was decoded from (the run never reads the file again). */
export type SourceOutcome = { ok: true; text: string; sha256: string } | { ok: false; problem: SourceProblem };

/** Read `absPath` as UTF-8 text of at most `maxBytes` bytes, or say in one problem why not. */
export async function readStoryboardSource(absPath: string, maxBytes: number): Promise<SourceOutcome> {
  try {
    const refused = describeNonRegular(await stat(absPath), maxBytes);
    if (refused) return { ok: false, problem: refused };
    // O_NONBLOCK: if the path was swapped for a FIFO after stat, opening it must not hang; fstat then refuses it.
    const handle = await open(absPath, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const stats = await handle.stat();
      const again = describeNonRegular(stats, maxBytes);
      if (again) return { ok: false, problem: again };
      // One byte more than stat said: a file that grew meanwhile is noticed instead of half-read.
      const buffer = Buffer.alloc(stats.size + 1);
      const bytesRead = await readFully(handle, buffer);
      if (bytesRead > stats.size) {
        return { ok: false, problem: { code: 'FILE_UNREADABLE', message: 'the file changed while it was read; try again', position: wholeFile } };
      }
      return decode(buffer.subarray(0, bytesRead));
    } finally {
      await handle.close();
    }
  } catch (error) {
    return { ok: false, problem: describeFsError(error) };
  }
}

async function readFully(handle: FileHandle, buffer: Buffer): Promise<number> {
  let filled = 0;
  for (;;) {
    const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
    filled += bytesRead;
    if (bytesRead === 0 || filled === buffer.length) return filled;
  }
}

function decode(bytes: Uint8Array): SourceOutcome {
  const decoded = decodeUtf8(bytes);
  if (decoded.ok) return { ok: true, text: decoded.text, sha256: createHash('sha256').update(bytes).digest('hex') };
  const byte = decoded.byte.toString(16).padStart(2, '0');
  return {
    ok: false,
    problem: {
      code: 'FILE_ENCODING',
      message: `not valid UTF-8: byte 0x${byte} cannot start or continue a character here`,
      position: decoded.position,
      hint: 'Save the storyboard as UTF-8.',
    },
  };
}

function describeNonRegular(stats: { isFile(): boolean; isDirectory(): boolean; size: number }, maxBytes: number): SourceProblem | undefined {
  if (stats.isDirectory()) return { code: 'FILE_NOT_REGULAR', message: 'is a directory, not a storyboard file', position: wholeFile };
  if (!stats.isFile()) {
    return { code: 'FILE_NOT_REGULAR', message: 'is not a regular file (a FIFO, socket or device); refusing to read it', position: wholeFile };
  }
  return stats.size > maxBytes ? tooLarge(stats.size, maxBytes) : undefined;
}

function tooLarge(size: number, maxBytes: number): SourceProblem {
  const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return {
    code: 'FILE_TOO_LARGE',
    message: `storyboard is ${mib(size)}; the limit is ${mib(maxBytes)}`,
    position: wholeFile,
    hint: 'Split it into several storyboards.',
  };
}

function describeFsError(error: unknown): SourceProblem {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return { code: 'FILE_NOT_FOUND', message: 'file not found', position: wholeFile };
  const reason = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (code ?? 'unknown error');
  return { code: 'FILE_UNREADABLE', message: `cannot read the file (${reason})`, position: wholeFile };
}
