// File-system failures become user errors: a code per kind of trouble, exit 4, the path, and a fix. A path that is
// not a regular file (a FIFO) is refused at once instead of hanging the run.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRegularFile } from '../../../src/common/durable-fs.js';
import { environmentErrorCodes } from '../../../src/common/errors.js';
import { fsUserError, isFsErrno, makeDir } from '../../../src/common/fs-errors.js';

function errno(code: string, path = '/data/out'): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: something, open '${path}'`), { code, syscall: 'open', path });
}

describe('fsUserError', () => {
  it('gives every common errno its own code, exit 4, the path, and a fix', () => {
    const expected: Record<string, [string, RegExp]> = {
      ENOSPC: ['FS_DISK_FULL', /disk full/],
      EDQUOT: ['FS_DISK_FULL', /quota/],
      EROFS: ['FS_READ_ONLY', /read-only file system/],
      EACCES: ['FS_PERMISSION', /permission denied/],
      EPERM: ['FS_PERMISSION', /not permitted/],
      ENOENT: ['FS_NOT_FOUND', /no such file/],
      ENOTDIR: ['FS_NOT_A_FOLDER', /not a folder/],
      EISDIR: ['FS_IS_A_FOLDER', /is a folder/],
      EIO: ['FS_IO', /I\/O error/],
      EWEIRD: ['FS_IO', /EWEIRD/],
    };
    for (const [code, [renderCode, text]] of Object.entries(expected)) {
      const error = fsUserError(errno(code), '/data/out', 'cannot write the output folder', 'pass a writable --out folder');
      expect(error.code, code).toBe(renderCode);
      expect(error.exitCode, code).toBe(4);
      expect(error.code in environmentErrorCodes).toBe(true);
      expect(error.message, code).toMatch(text);
      expect(error.message).toContain(`(${code}) at /data/out`);
      expect(error.hint, code).toMatch(/\S.*; or pass a writable --out folder$/);
    }
  });

  it('recognises Node fs errors only (not bugs, not RenderErrors)', () => {
    expect(isFsErrno(errno('ENOSPC'))).toBe(true);
    expect(isFsErrno(new TypeError('undefined is not a function'))).toBe(false);
    expect(isFsErrno(Object.assign(new Error('x'), { code: 'ERR_INVALID_ARG_TYPE' }))).toBe(false);
  });
});

describe('on disk', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'render-fs-unit-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('makeDir reports a file in the way as ENOTDIR, and creates nested folders otherwise', async () => {
    await writeFile(join(dir, 'file'), 'x');
    await expect(makeDir(join(dir, 'file', 'sub', 'deeper'))).rejects.toMatchObject({ code: 'ENOTDIR' });
    await expect(makeDir(join(dir, 'a', 'b', 'c'))).resolves.toBeUndefined();
  });

  it('readRegularFile refuses a FIFO at once (no hang) and reads a regular file whole', async () => {
    const fifo = join(dir, 'pipe');
    await promisify(execFile)('mkfifo', [fifo]);
    await expect(readRegularFile(fifo, 1024, 'cannot read the reference image')).rejects.toMatchObject({ code: 'FS_NOT_REGULAR', exitCode: 4, message: expect.stringContaining(fifo) });
    await writeFile(join(dir, 'image'), Buffer.from([1, 2, 3]));
    expect([...(await readRegularFile(join(dir, 'image'), 1024, 'reading'))]).toEqual([1, 2, 3]);
    await expect(readRegularFile(join(dir, 'image'), 2, 'reading')).rejects.toMatchObject({ code: 'FS_NOT_REGULAR' });
    await expect(readRegularFile(join(dir, 'missing'), 2, 'reading')).rejects.toMatchObject({ code: 'FS_NOT_FOUND', exitCode: 4 });
  });
});
