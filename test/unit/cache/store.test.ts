// The store on a real temp folder: entries round-trip, a damaged or missing blob is never a hit, writes are atomic,
// and only one process holds a cache folder (a dead owner's lock is recovered).
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, rm, truncate, writeFile, readFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyComponents, keyOfComponents, sha256Hex } from '../../../src/cache/key.js';
import { acquireCacheLock, isStale, type LockOwner } from '../../../src/cache/lock.js';
import { lookupCachedClips } from '../../../src/cache/lookup.js';
import { blobPath, cacheLayout, cleanTmp, ensureLayout, readEntry, readLatestForShot, verifyBlob, writeEntry, type CacheEntry, type CacheLayout } from '../../../src/cache/store.js';
import { writeFileAtomic } from '../../../src/common/durable-fs.js';

let root: string;
let layout: CacheLayout;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'render-cache-'));
  layout = cacheLayout(join(root, '.render'));
  await ensureLayout(layout);
});
afterEach(async () => rm(root, { recursive: true, force: true }));

async function stored(prompt: string): Promise<CacheEntry> {
  const bytes = Buffer.from(`clip of ${prompt}`);
  const blob = { sha256: sha256Hex(bytes), bytes: bytes.length, ext: 'mp4' };
  await writeFileAtomic(blobPath(layout, blob), bytes, layout.tmp);
  const components = keyComponents({ providerIdentity: 'sim', model: 'sora-2', size: '720x1280', seconds: 4, prompt, take: 1 });
  const entry: CacheEntry = {
    version: 1, key: keyOfComponents(components), shotId: 'intro', components, jobId: 'video_1', createdAt: 1, completedAt: 2, expiresAt: 3,
    costMicroUsd: 400_000, video: blob, storedAt: 'now',
  };
  await writeEntry(layout, entry);
  return entry;
}

describe('cache store', () => {
  it('round-trips an entry and points the shot id at its latest key', async () => {
    const first = await stored('one');
    expect(await readEntry(layout, first.key)).toEqual(first);
    const second = await stored('two');
    expect((await readLatestForShot(layout, 'intro'))?.key).toBe(second.key);
    expect(await readEntry(layout, 'f'.repeat(64))).toBeUndefined();
    expect(await readdir(layout.tmp)).toEqual([]);
  });

  it('treats a truncated, altered or missing blob as damaged, and an unreadable entry as absent', async () => {
    const entry = await stored('one');
    expect(await verifyBlob(layout, entry.video, 'hash')).toBe(true);
    const file = blobPath(layout, entry.video);
    await writeFile(file, Buffer.from(`clip of onE`));
    expect(await verifyBlob(layout, entry.video, 'size')).toBe(true);
    expect(await verifyBlob(layout, entry.video, 'hash')).toBe(false);
    await truncate(file, 3);
    expect(await verifyBlob(layout, entry.video, 'size')).toBe(false);
    await rm(file);
    expect(await verifyBlob(layout, entry.video, 'size')).toBe(false);
    const clips = await lookupCachedClips({ cacheDir: layout.root, providerIdentity: 'sim', shots: [{ id: 'intro', model: 'sora-2', size: '720x1280', seconds: 4, prompt: 'one', take: 1, costMicroUsd: 1 }] });
    expect(clips[0]!.file).toBeUndefined();
    const entryFile = join(layout.index, entry.key.slice(0, 2), `${entry.key}.json`);
    await writeFile(entryFile, (await readFile(entryFile, 'utf8')).slice(0, 40));
    expect(await readEntry(layout, entry.key)).toBeUndefined();
  });

  it('cleans temp files left by a killed run', async () => {
    await writeFile(join(layout.tmp, 'video_1.video.123.abc.part'), 'half');
    expect(await cleanTmp(layout)).toBe(1);
    expect(await readdir(layout.tmp)).toEqual([]);
  });
});

describe('cache lock', () => {
  const me: LockOwner = { pid: process.pid, processStart: performance.timeOrigin, hostname: hostname(), acquiredAt: 'now' };

  it('refuses a second holder and frees the folder on release', async () => {
    const lock = await acquireCacheLock(layout.lock);
    await expect(acquireCacheLock(layout.lock)).rejects.toMatchObject({ code: 'CACHE_LOCKED', message: expect.stringContaining(`pid ${process.pid}`) });
    await lock.release();
    const again = await acquireCacheLock(layout.lock);
    await again.release();
  });

  it('recovers the lock of a dead process and of a reused pid, but never another host’s', async () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    expect(isStale({ ...me, pid: dead }, me, () => false)).toBe(true);
    expect(isStale({ ...me, processStart: 1 }, me, () => true)).toBe(true);
    expect(isStale({ ...me, pid: 1 }, me, () => true)).toBe(false);
    expect(isStale({ ...me, pid: dead, hostname: 'elsewhere' }, me, () => false)).toBe(false);
    await writeFile(layout.lock, JSON.stringify({ ...me, pid: dead }));
    const lock = await acquireCacheLock(layout.lock);
    expect(JSON.parse(await readFile(layout.lock, 'utf8')).pid).toBe(process.pid);
    await lock.release();
  });

  it('does not delete a lock it no longer owns', async () => {
    const lock = await acquireCacheLock(layout.lock);
    await writeFile(layout.lock, JSON.stringify({ ...me, pid: 999_999_999 }));
    await lock.release();
    expect(JSON.parse(await readFile(layout.lock, 'utf8')).pid).toBe(999_999_999);
  });
});
