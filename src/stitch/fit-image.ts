// Fits a shot's reference image to the shot's size before upload (the API wants the video's exact size).
import { readRegularFile } from '../common/durable-fs.js';
import { RenderError } from '../common/errors.js';
import { filter } from './escape.js';
import { fitFilters } from './graph.js';
import { runFfmpeg } from '../common/ffmpeg-process.js';
import type { FfmpegTools } from './types.js';

export type ImageMime = 'image/png' | 'image/jpeg' | 'image/webp';

export interface FitImageInput {
  tools: FfmpegTools;
  /** Absolute path of a PNG, JPEG or WebP. */
  input: string;
  width: number;
  height: number;
  /** cover: fill and centre-crop; contain: fit and pad black; none: the file unchanged. */
  fit: 'cover' | 'contain' | 'none';
  signal: AbortSignal;
}

const demuxers: Record<ImageMime, string> = { 'image/png': 'png_pipe', 'image/jpeg': 'jpeg_pipe', 'image/webp': 'webp_pipe' };

/** Larger than any reference validation accepts; only a file grown since validation meets it. */
const maxInputBytes = 64 * 1024 * 1024;

export async function fitImage(o: FitImageInput): Promise<{ bytes: Buffer; mime: ImageMime }> {
  // Read once, and fed to ffmpeg from memory: a file swapped after this read cannot change what is sent or hashed.
  const original = await readRegularFile(o.input, maxInputBytes, 'cannot read the reference image');
  const mime = sniffImage(original);
  if (!mime) {
    throw new RenderError('REFERENCE_UNSUPPORTED', `${o.input} is not a PNG, JPEG or WebP image`);
  }
  if (o.fit === 'none') return { bytes: original, mime };
  const fitted = fitFilters(o.width, o.height, o.fit);
  // The demuxer is chosen from the bytes, not the name: a renamed file cannot pull in another demuxer.
  const args = ['-v', 'error', '-protocol_whitelist', 'pipe', '-f', demuxers[mime], '-i', 'pipe:0'];
  args.push('-vf', [...fitted, filter('setsar', [['sar', 1]])].join(','), '-frames:v', '1', '-f', 'image2pipe', '-c:v', 'png', 'pipe:1');
  const chunks: Buffer[] = [];
  await runFfmpeg(o.tools, args, { signal: o.signal, purpose: `fitting ${o.input} to ${o.width}x${o.height}`, onStdout: (c) => chunks.push(c), stdin: original });
  return { bytes: Buffer.concat(chunks), mime: 'image/png' };
}

/** Pure: the image type from its magic bytes. */
export function sniffImage(bytes: Uint8Array): ImageMime | undefined {
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (bytes[0] === 0x89 && ascii(1, 4) === 'PNG') return 'image/png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  return undefined;
}
