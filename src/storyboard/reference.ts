// Checks a shot's reference image in the order of docs/design/untrusted-input.md#paths: containment (lexical, then
// after symlinks), a regular file (never a FIFO or /dev/zero), a size cap, magic bytes, then the header's pixel size.
import type { ErrorCode } from '../common/errors.js';
import { constants } from 'node:fs';
import { open, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { readImageHeader, type ImageHeader } from '../common/image-header.js';
import { maxReferenceBytes, maxReferenceSide } from './limits.js';
import type { ShotReference } from './model.js';

export type ReferenceOutcome = { ok: true; reference: ShotReference } | { ok: false; code: ErrorCode; message: string; hint?: string };

const headerBytes = 64 * 1024;
const insideHint = 'Keep reference images in the storyboard folder (e.g. refs/), so the storyboard stays portable and safe to run.';

/** Resolve `relPath` against the storyboard folder `dir` and inspect it; never reads more than the header it needs. */
export async function inspectReference(relPath: string, dir: string, allowOutside: boolean): Promise<ReferenceOutcome> {
  const fail = (code: ErrorCode, message: string, hint?: string): ReferenceOutcome => (hint ? { ok: false, code, message, hint } : { ok: false, code, message });
  const absolute = path.resolve(dir, relPath);
  if (!allowOutside && !isInside(dir, absolute)) return fail('REF_OUTSIDE', `reference "${relPath}" is outside the storyboard's folder`, insideHint);
  let real: string;
  try {
    real = await realpath(absolute);
    if (!allowOutside && !isInside(await realpath(dir), real)) {
      return fail('REF_OUTSIDE', `reference "${relPath}" leads outside the storyboard's folder (through a symbolic link)`, insideHint);
    }
    const kind = describeNotRegular(await stat(real));
    if (kind) return fail('REF_NOT_FILE', `reference "${relPath}" ${kind}`);
    const header = await readHeader(real);
    return header.kind === 'image' ? checkPixels(relPath, real, header, fail) : fail(...describeNotImage(relPath, header));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return fail('REF_MISSING', `reference "${relPath}" not found (looked for ${absolute})`);
    if (code === 'ELOOP') return fail('REF_MISSING', `reference "${relPath}" is a loop of symbolic links`);
    return fail('REF_UNREADABLE', `reference "${relPath}" cannot be read (${code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (code ?? 'unknown error')})`);
  }
}

/** Containment by path.relative, not a string prefix (`/base2` starts with `/base`). */
export function isInside(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}

function describeNotRegular(stats: { isFile(): boolean; isDirectory(): boolean; size: number }): string | undefined {
  if (stats.isDirectory()) return 'is a directory, not an image';
  if (!stats.isFile()) return 'is not a regular file (a FIFO, socket or device)';
  if (stats.size > maxReferenceBytes) return `is ${(stats.size / 1024 / 1024).toFixed(1)} MiB; the limit is ${maxReferenceBytes / 1024 / 1024} MiB`;
  return undefined;
}

/** The header from the first 64 KiB; the whole (size-capped) file only for a JPEG whose frame header comes later. */
async function readHeader(file: string): Promise<ImageHeader> {
  // O_NONBLOCK and a second fstat: a file swapped for a FIFO after stat must neither hang nor be read.
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stats = await handle.stat();
    const kind = describeNotRegular(stats);
    if (kind) return { kind: 'not-image' };
    let buffer = Buffer.alloc(Math.min(stats.size, headerBytes));
    let { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    let header = readImageHeader(buffer.subarray(0, bytesRead));
    if (header.kind === 'need-more' && stats.size > bytesRead) {
      buffer = Buffer.alloc(stats.size);
      ({ bytesRead } = await handle.read(buffer, 0, buffer.length, 0));
      header = readImageHeader(buffer.subarray(0, bytesRead));
    }
    return header;
  } finally {
    await handle.close();
  }
}

function describeNotImage(relPath: string, header: Exclude<ImageHeader, { kind: 'image' }>): [ErrorCode, string] {
  if (header.kind === 'not-image') return ['REF_NOT_IMAGE', `reference "${relPath}" is not a PNG, JPEG or WebP image`];
  return ['REF_NOT_IMAGE', `reference "${relPath}" looks like ${header.kind === 'corrupt' ? header.mime : 'an image'} but its header is damaged or cut short`];
}

function checkPixels(
  relPath: string,
  absPath: string,
  header: Extract<ImageHeader, { kind: 'image' }>,
  fail: (code: ErrorCode, message: string, hint?: string) => ReferenceOutcome,
): ReferenceOutcome {
  if (header.width > maxReferenceSide || header.height > maxReferenceSide) {
    return fail('REF_TOO_LARGE', `reference "${relPath}" is ${header.width}x${header.height} pixels; the limit is ${maxReferenceSide} a side`);
  }
  return { ok: true, reference: { path: relPath, absPath, mime: header.mime, width: header.width, height: header.height } };
}
