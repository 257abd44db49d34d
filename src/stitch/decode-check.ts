// Reads a whole file once with `-xerror` (a truncated faststart MP4 passes ffprobe:
// docs/design/ffmpeg.md#verifying-a-file) and reports what is really in it: video packets and decoded audio samples,
// since container timestamps hide AAC priming (docs/design/ffmpeg.md#concat-without-re-encoding).
import { runFfmpeg } from '../common/ffmpeg-process.js';
import { mp4Input } from './probe.js';
import type { FfmpegTools } from './types.js';

export interface StreamFacts {
  video: { codec: string; width: number; height: number; frames: number; seconds: number } | null;
  audio: { codec: string; sampleRate: number; layout: string; decodedSamples: number; decodedSeconds: number } | null;
}

/**
 * One ffmpeg run, one `framecrc` listing on stdout: stream 0 = video packets (copied), 1 = audio packets (copied, for
 * the codec name), 2 = decoded audio. `decodeVideo` adds a full decode of every frame to the null muxer; without it the
 * video is still read packet by packet through the parser, which catches a truncated or corrupt file.
 */
export async function readStreams(
  tools: FfmpegTools,
  file: string,
  options: { decodeVideo: boolean; signal: AbortSignal; purpose: string },
): Promise<StreamFacts> {
  const args = ['-v', 'error', '-xerror', ...mp4Input(file)];
  args.push('-map', '0:v:0', '-map', '0:a:0?', '-map', '0:a:0?', '-c:v', 'copy', '-c:a:0', 'copy', '-c:a:1', 'pcm_s16le');
  args.push('-f', 'framecrc', 'pipe:1');
  if (options.decodeVideo) args.push('-map', '0:v:0', '-f', 'null', '-');
  const { stdout } = await runFfmpeg(tools, args, { signal: options.signal, purpose: options.purpose });
  return parseFramecrc(stdout);
}

interface CrcStream {
  tb: number;
  type: string;
  codec: string;
  dimensions: string;
  sampleRate: number;
  layout: string;
  packets: number;
  /** Sum of packet durations, in time-base units. */
  duration: number;
}

/** Pure: framecrc text → facts. Header lines are `#key N: value`; packet lines `stream, dts, pts, duration, size, crc`. */
export function parseFramecrc(text: string): StreamFacts {
  const streams = new Map<number, CrcStream>();
  const stream = (n: number) => {
    let s = streams.get(n);
    if (!s) streams.set(n, (s = { tb: 0, type: '', codec: '', dimensions: '', sampleRate: 0, layout: '', packets: 0, duration: 0 }));
    return s;
  };
  for (const line of text.split('\n')) {
    const header = /^#(\w+) (\d+): (.*)$/.exec(line);
    if (header) {
      const [, key, n, value = ''] = header;
      const s = stream(Number(n));
      if (key === 'tb') s.tb = ratio(value);
      else if (key === 'media_type') s.type = value;
      else if (key === 'codec_id') s.codec = value;
      else if (key === 'dimensions') s.dimensions = value;
      else if (key === 'sample_rate') s.sampleRate = Number(value);
      else if (key === 'channel_layout_name') s.layout = value;
      continue;
    }
    const fields = line.split(',');
    if (fields.length < 6 || line.startsWith('#')) continue;
    const s = stream(Number(fields[0]));
    s.packets += 1;
    s.duration += Number(fields[3]);
  }
  return { video: videoFacts(streams.get(0)), audio: audioFacts(streams.get(1), streams.get(2)) };
}

function videoFacts(s: CrcStream | undefined): StreamFacts['video'] {
  if (!s || s.type !== 'video') return null;
  const [width = 0, height = 0] = s.dimensions.split('x').map(Number);
  return { codec: s.codec, width, height, frames: s.packets, seconds: s.duration * s.tb };
}

function audioFacts(coded: CrcStream | undefined, decoded: CrcStream | undefined): StreamFacts['audio'] {
  if (!coded || !decoded) return null;
  // The decoded stream's time base is 1/sample_rate, so its packet durations are sample counts.
  const samples = Math.round(decoded.duration * decoded.tb * decoded.sampleRate);
  return { codec: coded.codec, sampleRate: decoded.sampleRate, layout: decoded.layout, decodedSamples: samples, decodedSeconds: samples / decoded.sampleRate };
}

function ratio(text: string): number {
  const [num = 0, den = 1] = text.split('/').map(Number);
  return den ? num / den : 0;
}
