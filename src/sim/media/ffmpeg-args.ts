// The two ffmpeg command lines behind a clip, as argv arrays (never a shell); pure so they can be read and tested.
// Measured on 2 cores (docs/simulator.md): one 1 s still segment, then stream-copied in a loop under a fresh AAC tone,
// is about twice as fast as encoding every frame of a 12 s clip.
import type { ClipLook } from './look.js';

export const frameRate = 30;

export interface SegmentOutputs {
  segment: string;
  thumbnail: string;
  spritesheet: string;
}

// Our own paths only; refusing anything else means the fontfile never needs filtergraph escaping.
const safePath = /^[A-Za-z0-9_./-]+$/;

export function isFilterSafePath(path: string): boolean {
  return safePath.test(path);
}

function drawText(look: ClipLook, textFile: string, fontFile: string | undefined): string {
  if (!fontFile) return '';
  const size = look.fontSize;
  const options = [
    `fontfile=${fontFile}`,
    `textfile=${textFile}`,
    'expansion=none',
    'fontcolor=white',
    `fontsize=${size}`,
    `line_spacing=${Math.round(size / 4)}`,
    'x=(w-text_w)/2',
    'y=(h-text_h)/2',
    'box=1',
    'boxcolor=black@0.35',
    `boxborderw=${Math.round(size / 2)}`,
  ];
  return `drawtext=${options.join(':')},`;
}

/** One second of still frames (one keyframe), a WebP thumbnail and a JPEG spritesheet, from one run. Paths are relative to the cwd. */
export function segmentArgs(size: string, look: ClipLook, textFile: string, fontFile: string | undefined, out: SegmentOutputs): string[] {
  const graph =
    `color=c=${look.background}:s=${size}:r=${frameRate},trim=end_frame=1,${drawText(look, textFile, fontFile)}format=yuv420p,` +
    `loop=loop=${frameRate - 1}:size=1:start=0,setpts=N/${frameRate}/TB,split=3[v][t][s];` +
    '[t]trim=end_frame=1,scale=-2:360[tt];[s]scale=-2:180,tile=3x3[ss]';
  return [
    '-hide_banner', '-nostdin', '-v', 'error', '-y', '-filter_complex', graph,
    '-map', '[v]', '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'stillimage', '-crf', '30', '-g', String(frameRate), '-threads', '2', '-an', '-f', 'mp4', out.segment,
    '-map', '[tt]', '-frames:v', '1', '-c:v', 'libwebp', '-f', 'webp', out.thumbnail,
    '-map', '[ss]', '-frames:v', '1', '-q:v', '4', '-f', 'image2', out.spritesheet,
  ];
}

/** The segment looped to `seconds` (video copied, so exact to the frame) with an AAC 48 kHz stereo tone. */
export function clipArgs(segment: string, seconds: number, toneHz: number, faststart: boolean, out: string): string[] {
  return [
    '-hide_banner', '-nostdin', '-v', 'error', '-y',
    '-stream_loop', '-1', '-i', segment,
    '-f', 'lavfi', '-i', `sine=f=${toneHz}:sample_rate=48000`,
    '-filter_complex', '[1:a]aformat=sample_fmts=fltp:channel_layouts=stereo[a]',
    '-map', '0:v', '-map', '[a]', '-t', String(seconds),
    '-c:v', 'copy', '-c:a', 'aac', '-b:a', '64k', '-ar', '48000',
    ...(faststart ? ['-movflags', '+faststart'] : []),
    '-f', 'mp4', out,
  ];
}
