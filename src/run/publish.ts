// Finished clips appear as out/<name>/shots/<id>.mp4 (and .webp thumbnails): copies of the verified cache blobs
// (reflinks where the file system shares extents), never hard links, so editing a published clip in place can
// never change what the cache holds. Each is replaced atomically so a reader never sees half a file.
import { constants, type Stats } from 'node:fs';
import { chmod, copyFile, mkdir, readdir, rename, rm, stat, utimes } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import pLimit from 'p-limit';
import { errnoCode, isOwnTemp, ownTempPid, tempPath } from '../common/durable-fs.js';
import { processIsAlive } from '../cache/lock.js';
import type { ClipFacts } from '../stitch/types.js';

export interface PublishedClip {
  id: string;
  /** Absolute path under out/<name>/shots/. */
  file: string;
  thumbnail?: string;
  /** Of the verified cache blob the file is a copy of, when known. */
  sha256?: string;
  /** What the download measured of the blob (the copy has the same bytes), when known. */
  probe?: ClipFacts;
}

/**
 * An unchanged re-run copies nothing: the published file has the blob's size and modification time (set when it
 * was copied) and is a file of its own. An edit changes the time; a hard link left by an older version shares the
 * blob's inode and is replaced by a copy.
 */
function upToDate(blob: Stats, published: Stats | undefined): boolean {
  if (!published) return false;
  const sameInode = blob.dev === published.dev && blob.ino === published.ino;
  // Within a millisecond: the copy's time is set from the blob's, and a time passes through a float of seconds.
  return !sameInode && published.isFile() && published.size === blob.size && Math.abs(published.mtimeMs - blob.mtimeMs) < 1;
}

async function place(source: string, target: string): Promise<void> {
  const [blob, published] = await Promise.all([stat(source), stat(target).catch(() => undefined)]);
  if (upToDate(blob, published)) return;
  const temp = tempPath(dirname(target), basename(target));
  try {
    // A reflink when the file system can (btrfs, XFS, APFS): instant and space-free, yet a separate file.
    await copyFile(source, temp, constants.COPYFILE_FICLONE);
    // The cache's blobs are read-only; the user's copy is theirs to edit.
    await chmod(temp, 0o644);
    // In seconds with the fraction kept: a Date would round the blob's time to the nearest millisecond.
    await utimes(temp, blob.atimeMs / 1000, blob.mtimeMs / 1000);
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * Temp files and work folders (a stitch's, a contact sheet's) that an earlier run of this tool left in the output
 * folders when it was killed: never a user's own files, and never those of a render still running (its pid is in
 * the name). Called before publishing, when this run has nothing of its own in flight there.
 */
export async function removeStaleTemps(outDir: string, isAlive: (pid: number) => boolean = processIsAlive): Promise<void> {
  const stale = (name: string) => {
    if (!isOwnTemp(name)) return false;
    const pid = ownTempPid(name);
    return pid === undefined || pid === process.pid || !isAlive(pid);
  };
  for (const dir of [outDir, join(outDir, 'shots')]) {
    const names = await readdir(dir).catch(() => [] as string[]);
    await Promise.all(names.filter(stale).map((name) => rm(join(dir, name), { force: true, recursive: true })));
  }
}

const publishConcurrency = 8;

export async function publishClips(
  outDir: string,
  clips: ReadonlyArray<{ id: string; file: string; thumbnail?: string | undefined; sha256?: string | undefined; probe?: ClipFacts | undefined }>,
): Promise<PublishedClip[]> {
  const shotsDir = join(outDir, 'shots');
  await mkdir(shotsDir, { recursive: true });
  // A few at a time: the thread pool has four threads, and 1,000 clips at once only queue thousands of requests (and
  // their memory) at the end of a long run, ahead of the report's own writes.
  const limit = pLimit(publishConcurrency);
  return Promise.all(
    clips.map((clip) =>
      limit(async () => {
        const file = join(shotsDir, `${clip.id}.mp4`);
        await place(clip.file, file);
        const published: PublishedClip = { id: clip.id, file, ...(clip.sha256 ? { sha256: clip.sha256 } : {}), ...(clip.probe ? { probe: clip.probe } : {}) };
        if (!clip.thumbnail) return published;
        const thumbnail = join(shotsDir, `${clip.id}${extname(clip.thumbnail) || '.webp'}`);
        try {
          await place(clip.thumbnail, thumbnail);
        } catch (error) {
          // A thumbnail is a convenience (and its blob is not fsynced): a missing one gets a poster instead. A full
          // or read-only disk still stops the run, as it would at the next file.
          if (errnoCode(error) !== 'ENOENT') throw error;
          return published;
        }
        return { ...published, thumbnail };
      }),
    ),
  );
}
