// Test media made from ffmpeg's own sources, and the measurements a viewer would notice (levels, lengths, pixels).
import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `stitch-test-${prefix}-`));
}

/** Runs ffmpeg directly (not through the code under test) and returns stdout as bytes. */
export async function ffmpeg(args: string[]): Promise<Buffer> {
  const { stdout } = await run('ffmpeg', ['-nostdin', '-hide_banner', '-v', 'error', ...args], { encoding: 'buffer', maxBuffer: 256 * 1024 * 1024 });
  return stdout;
}

export interface ClipSpec {
  size?: string;
  fps?: number;
  seconds?: number;
  /** A lavfi video source without size/rate/duration, e.g. `testsrc2` or `color=c=white`. */
  video?: string;
  /** A filter applied to the picture, e.g. `geq=lum=4*N:cb=128:cr=128` (luma counts frames). */
  filter?: string;
  /** null: no audio track. A 600 Hz sine starts at phase 0 in every clip, so any cut on a frame boundary
   * (24, 25 or 30 fps) continues it without a phase jump: a click or gap can only come from the stitch. */
  audio?: { rate?: number; channels?: 1 | 2; gainDb?: number } | null;
}

export async function makeClip(dir: string, name: string, spec: ClipSpec = {}): Promise<string> {
  const { size = '320x180', fps = 30, seconds = 4, video = 'testsrc2' } = spec;
  const file = join(dir, name);
  const sep = video.includes('=') ? ':' : '=';
  const args = ['-f', 'lavfi', '-i', `${video}${sep}s=${size}:r=${fps}:d=${seconds}`];
  if (spec.audio !== null) {
    const a = spec.audio ?? {};
    args.push('-f', 'lavfi', '-i', `sine=f=600:r=${a.rate ?? 48000}:d=${seconds}`, '-ac', String(a.channels ?? 2));
    args.push('-af', `volume=${a.gainDb ?? 0}dB`, '-c:a', 'aac', '-b:a', '96k');
  }
  if (spec.filter) args.push('-vf', spec.filter);
  args.push('-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-shortest', '-movflags', '+faststart', '-y', file);
  await ffmpeg(args);
  return file;
}

export interface Probed {
  streams: { codec_type: string; codec_name: string; width?: number; height?: number; r_frame_rate?: string; sample_rate?: string; channels?: number; duration?: string; nb_frames?: string }[];
  format: { duration: string };
}

export async function probe(file: string): Promise<Probed> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', file]);
  return JSON.parse(stdout) as Probed;
}

/** The decoded audio as a player hears it: mono float at 48 kHz. */
export async function decodeAudio(file: string): Promise<Float32Array> {
  const bytes = await ffmpeg(['-i', file, '-map', '0:a:0', '-ac', '1', '-ar', '48000', '-f', 'f32le', 'pipe:1']);
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
}

/**
 * The luma plane (w*h bytes, video range: black 16, white 235) of frame number `n`, picked by decoding from the start
 * (`-ss` on an H.264 file with B-frames can land one frame off, measured).
 */
export async function lumaOfFrame(file: string, n: number): Promise<Uint8Array> {
  const yuv = await ffmpeg(['-i', file, '-vf', `select=eq(n\\,${n})`, '-frames:v', '1', '-pix_fmt', 'yuv420p', '-f', 'rawvideo', 'pipe:1']);
  return yuv.subarray(0, (yuv.length * 2) / 3);
}

export function mean(values: Uint8Array | Float32Array, from = 0, to = values.length): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += values[i] ?? 0;
  return sum / Math.max(1, to - from);
}

export function rms(samples: Float32Array, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += (samples[i] ?? 0) ** 2;
  return Math.sqrt(sum / Math.max(1, to - from));
}

/**
 * Around each boundary (±50 ms): the quietest 5 ms window against the steady level (a gap or dropout shows as ≪ 1),
 * and the largest sample-to-sample step against the steady one (a click or phase jump shows as ≫ 1).
 */
export function boundaryLevels(samples: Float32Array, boundariesSeconds: readonly number[], steadyFrom = 1, rate = 48000) {
  const steady = { from: steadyFrom * rate, to: (steadyFrom + 1) * rate };
  const steadyRms = rms(samples, steady.from, steady.to);
  const steadyStep = maxStep(samples, steady.from, steady.to);
  return boundariesSeconds.map((t) => {
    const at = Math.round(t * rate);
    const win = Math.round(0.005 * rate);
    let quietest = Infinity;
    for (let s = at - 10 * win; s < at + 10 * win; s += win / 2) quietest = Math.min(quietest, rms(samples, s, s + win));
    return { at: t, level: quietest / steadyRms, step: maxStep(samples, at - 2 * win, at + 2 * win) / steadyStep };
  });
}

function maxStep(samples: Float32Array, from: number, to: number): number {
  let max = 0;
  for (let i = Math.max(1, from); i < Math.min(samples.length, to); i++) max = Math.max(max, Math.abs((samples[i] ?? 0) - (samples[i - 1] ?? 0)));
  return max;
}
