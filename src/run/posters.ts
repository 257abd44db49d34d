// A poster for every published clip whose provider made no thumbnail (fal, Runway, OpenRouter): one frame from the
// middle of the clip, beside it as shots/<id>.jpg, so the report's card shows the shot instead of "No preview". A
// poster is a convenience: one that cannot be made leaves the card as it was.
import { stat } from 'node:fs/promises';
import pLimit from 'p-limit';
import { extractThumbnail } from '../stitch/contact-sheet.js';
import { frameTime } from '../stitch/sheet-layout.js';
import type { FfmpegTools } from '../stitch/types.js';
import type { PublishedClip } from './publish.js';

/** A poster newer than its clip is kept: an unchanged re-run runs no ffmpeg. */
async function upToDate(poster: string, clip: string): Promise<boolean> {
  try {
    const [p, c] = await Promise.all([stat(poster), stat(clip)]);
    return p.isFile() && p.mtimeMs >= c.mtimeMs;
  } catch {
    return false;
  }
}

export async function withPosters(clips: readonly PublishedClip[], tools: FfmpegTools, signal: AbortSignal): Promise<PublishedClip[]> {
  // Two at a time: a thousand-shot storyboard must not start a thousand ffmpeg processes.
  const limit = pLimit(2);
  return Promise.all(
    clips.map((clip) =>
      limit(async () => {
        if (clip.thumbnail || signal.aborted) return clip;
        const poster = clip.file.replace(/\.mp4$/, '.jpg');
        try {
          if (!(await upToDate(poster, clip.file))) {
            const at = clip.probe ? { atSeconds: frameTime(clip.probe.duration) } : {};
            await extractThumbnail({ tools, file: clip.file, output: poster, format: 'jpeg', signal, ...at });
          }
          return { ...clip, thumbnail: poster };
        } catch {
          return clip;
        }
      }),
    ),
  );
}
