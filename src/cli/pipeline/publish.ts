// Finished clips appear as out/<name>/shots/<id>.mp4 (and .webp thumbnails): hard links to the verified cache
// blobs when the filesystems allow it, copies otherwise; each replaced atomically so a reader never sees half a file.
import { copyFile, link, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';

export interface PublishedClip {
  id: string;
  /** Absolute path under out/<name>/shots/. */
  file: string;
  thumbnail?: string;
  /** Of the verified cache blob the file links to, when known. */
  sha256?: string;
}

async function sameFile(a: string, b: string): Promise<boolean> {
  try {
    const [x, y] = await Promise.all([stat(a), stat(b)]);
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}

async function place(source: string, target: string): Promise<void> {
  // Already a link to this very blob (an unchanged re-run): nothing to do. Renaming one hard link onto another of
  // the same file is a no-op that would leave the temp name behind.
  if (await sameFile(source, target)) return;
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  await rm(temp, { force: true });
  try {
    await link(source, temp);
  } catch {
    await copyFile(source, temp);
  }
  await rename(temp, target);
  await rm(temp, { force: true });
}

/** Temp files an interrupted earlier run may have left in the output folders (never the outputs themselves). */
export async function removeStaleTemps(outDir: string): Promise<void> {
  for (const dir of [outDir, join(outDir, 'shots')]) {
    const names = await readdir(dir).catch(() => [] as string[]);
    await Promise.all(names.filter((name) => /\.(tmp|part)$/.test(name)).map((name) => rm(join(dir, name), { force: true })));
  }
}

export async function publishClips(
  outDir: string,
  clips: ReadonlyArray<{ id: string; file: string; thumbnail?: string | undefined; sha256?: string | undefined }>,
): Promise<PublishedClip[]> {
  const shotsDir = join(outDir, 'shots');
  await mkdir(shotsDir, { recursive: true });
  return Promise.all(
    clips.map(async (clip) => {
      const file = join(shotsDir, `${clip.id}.mp4`);
      await place(clip.file, file);
      const published: PublishedClip = { id: clip.id, file, ...(clip.sha256 ? { sha256: clip.sha256 } : {}) };
      if (!clip.thumbnail) return published;
      const thumbnail = join(shotsDir, `${clip.id}${extname(clip.thumbnail) || '.webp'}`);
      await place(clip.thumbnail, thumbnail);
      return { ...published, thumbnail };
    }),
  );
}
