// Decides whether the cut may copy the video (fast path) or must re-encode (normalise path), and says why.
// Copying is only safe when every clip has the same video stream parameters
// (docs/design/ffmpeg.md#concat-without-re-encoding). Audio never blocks it: the fast path rebuilds the audio through
// the same resampling graph as the normalise path, silence included.
import type { Timeline } from './timeline.js';
import { formatRational, type ClipInfo } from './types.js';

export type StitchPath = 'fast' | 'normalise';

export interface PathChoice {
  path: StitchPath;
  /** Why the cut is re-encoded, one line per cause; empty on the fast path. */
  reasons: string[];
}

const videoKey = (c: ClipInfo) =>
  `${c.videoCodec} ${c.profile} ${c.width}x${c.height} sar ${c.sar} ${formatRational(c.fps)} fps tb ${formatRational(c.timeBase)} ${c.pixFmt}`;

export function choosePath(
  clips: readonly { shotId: string; info: ClipInfo }[],
  timeline: Timeline,
  target: { width: number; height: number },
): PathChoice {
  const reasons: string[] = [];
  const first = clips[0];
  if (!first) return { path: 'normalise', reasons: ['no clips'] };
  timeline.clips.filter((c) => c.trimmed).forEach((c) => reasons.push(`${c.shotId} is trimmed (from/to)`));
  if (timeline.joins.some((j) => j.frames > 0)) reasons.push('the cut has transitions');
  if (first.info.videoCodec !== 'h264' || first.info.pixFmt !== 'yuv420p') {
    reasons.push(`${first.shotId} is ${first.info.videoCodec} ${first.info.pixFmt}, the output is h264 yuv420p`);
  }
  if (first.info.width !== target.width || first.info.height !== target.height) {
    reasons.push(`${first.shotId} is ${first.info.width}x${first.info.height}, the cut is ${target.width}x${target.height}`);
  }
  for (const clip of clips.slice(1)) {
    if (videoKey(clip.info) !== videoKey(first.info)) reasons.push(`${clip.shotId} is ${videoKey(clip.info)}, ${first.shotId} is ${videoKey(first.info)}`);
  }
  return { path: reasons.length ? 'normalise' : 'fast', reasons };
}
