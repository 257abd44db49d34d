// Pure argv builders for the stitch runs: which inputs, which graph, which encoder settings (docs/design/ffmpeg.md#conventions).
import { mp4Input } from './probe.js';

/** The output contract of every final cut: H.264 yuv420p + AAC 128k at 48 kHz, moov first (docs/design/ffmpeg.md#conventions). */
export const videoEncodeArgs = ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '20', '-pix_fmt', 'yuv420p'];
export const audioEncodeArgs = ['-c:a', 'aac', '-b:a', '128k', '-ar', '48000'];
export const progressArgs = ['-progress', 'pipe:1', '-nostats'];

/** Our own temp output: `-y` is safe because the product owns this name (the final name is only ever renamed to). */
export function mp4Output(file: string): string[] {
  return ['-movflags', '+faststart', '-f', 'mp4', '-y', `file:${file}`];
}

export function clipInputs(files: readonly string[]): string[] {
  return files.flatMap((file) => mp4Input(file));
}

/**
 * Fast path (docs/design/ffmpeg.md#concat-without-re-encoding, the exact-audio variant): video packets copied through
 * the concat demuxer, audio rebuilt from the clips (input k + 1 is clip k) by the graph. `-safe 1` holds because the
 * list names only `clip-0001.mp4`-style links beside it.
 */
export function fastPathArgs(o: { listFile: string; clipFiles: readonly string[]; graph: string; audioLabel: string; output: string }): string[] {
  return [
    '-v', 'error',
    ...progressArgs,
    '-f', 'concat', '-safe', '1', '-protocol_whitelist', 'file', '-i', `file:${o.listFile}`,
    ...clipInputs(o.clipFiles),
    '-filter_complex', o.graph,
    '-map', '0:v:0', '-map', `[${o.audioLabel}]`,
    '-c:v', 'copy', ...audioEncodeArgs,
    ...mp4Output(o.output),
  ];
}

/** Normalising / transition path: one ffmpeg run for the whole cut, one graph, one encode. */
export function graphEncodeArgs(o: { clipFiles: readonly string[]; graph: string; videoLabel: string; audioLabel: string; output: string }): string[] {
  return [
    '-v', 'error',
    ...progressArgs,
    ...clipInputs(o.clipFiles),
    '-filter_complex', o.graph,
    '-map', `[${o.videoLabel}]`, '-map', `[${o.audioLabel}]`,
    ...videoEncodeArgs, ...audioEncodeArgs,
    ...mp4Output(o.output),
  ];
}

/** loudnorm pass 1: audio only, to the null muxer; the JSON is logged at level info (docs/design/ffmpeg.md#loudness). */
export function loudnessMeasureArgs(o: { clipFiles: readonly string[]; graph: string; audioLabel: string }): string[] {
  return ['-v', 'info', ...progressArgs, ...clipInputs(o.clipFiles), '-filter_complex', o.graph, '-map', `[${o.audioLabel}]`, '-f', 'null', '-'];
}

/** The concat demuxer list: safe names only, and each clip's video duration so a longer audio track adds no gap. */
export function concatList(entries: readonly { name: string; seconds: number }[]): string {
  for (const { name } of entries) {
    if (!/^[A-Za-z0-9_][A-Za-z0-9._-]*$/.test(name)) throw new TypeError(`unsafe concat entry: ${JSON.stringify(name)}`);
  }
  return `ffconcat version 1.0\n${entries.map((e) => `file ${e.name}\nduration ${e.seconds.toFixed(6)}\n`).join('')}`;
}
