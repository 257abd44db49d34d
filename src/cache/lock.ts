// One writer per cache folder (docs/design/money-safety.md#one-writer-per-cache-folder, scenario R15): an O_EXCL
// lock file with pid and process start time, recovered when its owner is dead, so two overlapping runs never both
// create jobs.
import { hostname as osHostname } from 'node:os';
import { link, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { RenderError } from '../common/errors.js';
import { fsyncDir } from '../common/durable-fs.js';
import { errnoCode, isFsErrno, fsUserError, pathOf } from '../common/fs-errors.js';
import { dirname } from 'node:path';

export interface LockOwner {
  pid: number;
  /** performance.timeOrigin of the owning process: tells a reused pid from the original owner. */
  processStart: number;
  hostname: string;
  acquiredAt: string;
}

export interface LockOptions {
  owner?: LockOwner;
  isAlive?: (pid: number) => boolean;
}

export interface CacheLock {
  readonly owner: LockOwner;
  release(): Promise<void>;
}

export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errnoCode(error) === 'EPERM';
  }
}

export function currentOwner(): LockOwner {
  return { pid: process.pid, processStart: performance.timeOrigin, hostname: osHostname(), acquiredAt: new Date().toISOString() };
}

/** A lock is stale when its owner is provably gone: same host, and the pid is dead or now belongs to another process. */
export function isStale(found: LockOwner, me: LockOwner, isAlive: (pid: number) => boolean): boolean {
  if (found.hostname !== me.hostname) return false;
  if (found.pid === me.pid) return found.processStart !== me.processStart;
  return !isAlive(found.pid);
}

async function readOwner(path: string): Promise<LockOwner | 'unreadable' | 'gone'> {
  try {
    const value = JSON.parse(await readFile(path, 'utf8')) as Partial<LockOwner>;
    if (typeof value.pid === 'number' && typeof value.processStart === 'number' && typeof value.hostname === 'string') {
      return value as LockOwner;
    }
    return 'unreadable';
  } catch (error) {
    return errnoCode(error) === 'ENOENT' ? 'gone' : 'unreadable';
  }
}

async function tryCreate(path: string, owner: LockOwner): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, 'wx', 0o644);
  } catch (error) {
    if (errnoCode(error) === 'EEXIST') return false;
    throw error;
  }
  try {
    try {
      await handle.writeFile(`${JSON.stringify(owner)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fsyncDir(dirname(path));
    return true;
  } catch (error) {
    // The file is ours and unfinished (disk full, I/O error): left behind, it would block every later run.
    await rm(path, { force: true }).catch(() => undefined);
    throw error;
  }
}

function lockedError(path: string, found: LockOwner | 'unreadable'): RenderError {
  const who = found === 'unreadable' ? 'another render process' : `render (pid ${found.pid} on ${found.hostname}, since ${found.acquiredAt})`;
  return new RenderError('CACHE_LOCKED', `the cache folder is in use by ${who}: ${path}`, {
    hint: 'wait for that run to finish, or use another --cache-dir; delete the lock file only if no render is running',
  });
}

// Move a stale lock aside atomically; if what we moved was not the stale lock we saw, put it back and give up.
async function breakStale(path: string, seen: LockOwner): Promise<boolean> {
  const aside = `${path}.stale.${process.pid}.${Date.now()}`;
  try {
    await rename(path, aside);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return true;
    throw error;
  }
  const moved = await readOwner(aside);
  if (moved !== 'gone' && moved !== 'unreadable' && moved.pid === seen.pid && moved.processStart === seen.processStart) {
    await rm(aside, { force: true });
    return true;
  }
  await link(aside, path).catch(() => undefined);
  await rm(aside, { force: true });
  return false;
}

// Remove the lock only while it is still ours: a lock broken as stale by someone else must not be deleted. A lock
// that cannot be removed (the folder went read-only) is not worth failing a finished run for: its owner is dead
// once this process exits, so the next run breaks it.
async function releaseIfOwned(path: string, me: LockOwner): Promise<void> {
  const found = await readOwner(path);
  if (found !== 'gone' && found !== 'unreadable' && found.pid === me.pid && found.processStart === me.processStart) {
    await rm(path, { force: true }).catch(() => undefined);
  }
}

/** Take the cache folder's lock; a file-system failure is a user error (FS_*, exit 4) naming the path. */
export async function acquireCacheLock(path: string, options: LockOptions = {}): Promise<CacheLock> {
  try {
    return await acquire(path, options);
  } catch (error) {
    if (!isFsErrno(error)) throw error;
    throw fsUserError(error, pathOf(error) ?? path, 'cannot take the cache lock', 'pass a writable --cache-dir');
  }
}

async function acquire(path: string, options: LockOptions): Promise<CacheLock> {
  const me = options.owner ?? currentOwner();
  const isAlive = options.isAlive ?? processIsAlive;
  for (let attempt = 0; attempt < 5; attempt += 1) {
    if (await tryCreate(path, me)) {
      return { owner: me, release: () => releaseIfOwned(path, me) };
    }
    const found = await readOwner(path);
    if (found === 'gone') continue;
    if (found === 'unreadable') {
      // A crash between create and write leaves an empty lock; a live writer fills it within milliseconds.
      const age = Date.now() - (await stat(path).then((s) => s.mtimeMs, () => Date.now()));
      if (age > 10_000) await rm(path, { force: true });
      else throw lockedError(path, found);
      continue;
    }
    if (!isStale(found, me, isAlive) || !(await breakStale(path, found))) throw lockedError(path, found);
  }
  throw lockedError(path, 'unreadable');
}
