// What a clip really is (codec, size, rate, time base, audio layout), from ffprobe through fluent-ffmpeg
// (docs/design/ffmpeg.md#verifying-a-file).
import { isRenderError, RenderError } from '../common/errors.js';
import { runToolHosted } from '../common/tool-host.js';
import { fluentProbe } from './fluent-probe.js';
import type { AudioInfo, ClipInfo, FfmpegTools, Rational } from './types.js';

/**
 * The mov demuxer is forced and only the file protocol allowed: media from outside is untrusted, and a name or a
 * payload must not smuggle in another demuxer or protocol (docs/design/ffmpeg.md#escaping-and-injection).
 */
export function mp4Input(file: string): string[] {
  return ['-protocol_whitelist', 'file', '-f', 'mov', '-i', `file:${file}`];
}

export async function probeClip(tools: FfmpegTools, file: string, signal: AbortSignal): Promise<ClipInfo> {
  // fluent-ffmpeg adds -show_streams -show_format and puts the input last: the options go in front of it.
  const options = ['-v', 'error', '-protocol_whitelist', 'file', '-f', 'mov'];
  const json = await fluentProbe(tools, `file:${file}`, options, signal).catch((error: unknown) => {
    // Only ffprobe's own failure is about the file; an interruption or a missing binary passes through as it is.
    if (!isRenderError(error) || error.code !== 'FFMPEG_FAILED') throw error;
    throw new RenderError('CLIP_UNREADABLE', `${file} is not a readable MP4 video`, {
      hint: 'delete the file (or its cache entry) so it is downloaded or generated again',
      cause: error,
    });
  });
  return parseProbe(json, file);
}

/**
 * What probeDecoding asks ffprobe for: the fields of ProbeStream and the format's duration, nothing else (the full
 * report is ~4 KB per clip to print, pass between processes and parse; this is a fifth of it).
 */
const probedEntries =
  'stream=codec_type,codec_name,profile,width,height,sample_aspect_ratio,r_frame_rate,avg_frame_rate,time_base,pix_fmt,duration,' +
  'nb_frames,nb_read_frames,sample_rate,channels,channel_layout:stream_disposition=attached_pic:format=duration';

/** What one ffprobe read with `-count_frames` saw: its JSON, what it printed at error level, and frames it decoded. */
export interface DecodedProbe {
  json: unknown;
  /** ffprobe's error lines (`-v error`): empty for a healthy file; decoding errors and a short file show up here. */
  errors: string;
}

/**
 * ffprobe's facts and a full decode of every stream in one child process (`-count_frames` decodes every frame to count
 * it): the download check spawns one process per clip instead of two (ffprobe, then ffmpeg), which is most of the
 * CLI's own CPU per shot on a long run (docs/executor.md § "The CLI's own CPU per shot").
 */
export async function probeDecoding(tools: FfmpegTools, file: string, signal: AbortSignal): Promise<DecodedProbe> {
  const args = ['-v', 'error', '-protocol_whitelist', 'file', '-f', 'mov', '-count_frames', '-show_entries', probedEntries, '-of', 'json=compact=1', `file:${file}`];
  const { stdout, stderr } = await runToolHosted(tools.ffprobe, args, tools.childEnv, { signal, purpose: `checking ${file}` }).catch((error: unknown) => {
    if (!isRenderError(error) || error.code !== 'FFMPEG_FAILED') throw error;
    throw new RenderError('CLIP_UNREADABLE', `${file} is not a readable MP4 video`, {
      hint: 'delete the file (or its cache entry) so it is downloaded or generated again',
      cause: error,
    });
  });
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch (error) {
    throw new RenderError('CLIP_UNREADABLE', `${file}: ffprobe printed no readable report`, { cause: error });
  }
  return { json, errors: stderr.trim() };
}

/** Probes the clips whose `info` is not known yet, three at a time (each probe is mostly process start-up). */
export async function probeClips(
  tools: FfmpegTools,
  clips: readonly { file: string; info?: ClipInfo }[],
  signal: AbortSignal,
): Promise<ClipInfo[]> {
  const infos = new Array<ClipInfo>(clips.length);
  let next = 0;
  const worker = async () => {
    for (let k = next++; k < clips.length; k = next++) {
      const clip = clips[k];
      if (clip) infos[k] = clip.info ?? (await probeClip(tools, clip.file, signal));
    }
  };
  await Promise.all([worker(), worker(), worker()]);
  return infos;
}

export interface ProbeStream {
  codec_type?: string;
  codec_name?: string;
  profile?: string | number;
  width?: number;
  height?: number;
  sample_aspect_ratio?: string;
  r_frame_rate?: string;
  avg_frame_rate?: string;
  time_base?: string;
  pix_fmt?: string;
  // fluent-ffmpeg turns numeric values into numbers.
  duration?: string | number;
  /** With -count_frames: frames the container lists, and frames actually decoded. */
  nb_frames?: string | number;
  nb_read_frames?: string | number;
  sample_rate?: string | number;
  channels?: number;
  channel_layout?: string;
  disposition?: { attached_pic?: number };
}

/** Pure: the streams of ffprobe's JSON (none when it lists none). */
export function probeStreams(json: unknown): ProbeStream[] {
  return ((json ?? {}) as { streams?: ProbeStream[] }).streams ?? [];
}

/** Pure: ffprobe's JSON → ClipInfo. Throws CLIP_NO_VIDEO when there is no video stream to cut. */
export function parseProbe(json: unknown, file: string): ClipInfo {
  const root = (json ?? {}) as { format?: { duration?: string | number } };
  const streams = probeStreams(json);
  const video = streams.find((s) => s.codec_type === 'video' && !s.disposition?.attached_pic);
  if (!video || !video.width || !video.height) {
    throw new RenderError('CLIP_NO_VIDEO', `${file} has no video stream`);
  }
  const formatDuration = Number(root.format?.duration);
  const duration = positive(Number(video.duration)) ?? positive(formatDuration);
  if (duration === undefined) throw new RenderError('CLIP_NO_DURATION', `${file}: ffprobe reports no duration`);
  const audioStream = streams.find((s) => s.codec_type === 'audio');
  return {
    file,
    videoCodec: video.codec_name ?? 'unknown',
    profile: String(video.profile ?? ''),
    width: video.width,
    height: video.height,
    sar: video.sample_aspect_ratio ?? '',
    fps: frameRate(video),
    timeBase: parseRational(video.time_base) ?? { num: 1, den: 90000 },
    pixFmt: video.pix_fmt ?? 'unknown',
    duration,
    audio: audioStream ? audioInfo(audioStream, duration) : null,
  };
}

function audioInfo(stream: ProbeStream, videoDuration: number): AudioInfo {
  return {
    codec: stream.codec_name ?? 'unknown',
    sampleRate: Number(stream.sample_rate) || 48000,
    channels: stream.channels ?? 2,
    layout: stream.channel_layout ?? '',
    duration: positive(Number(stream.duration)) ?? videoDuration,
  };
}

/** avg_frame_rate is the real rate of a CFR clip; r_frame_rate can be a codec tick rate (e.g. 90000/1). */
function frameRate(stream: ProbeStream): Rational {
  for (const text of [stream.avg_frame_rate, stream.r_frame_rate]) {
    const rate = parseRational(text);
    if (rate && rate.num / rate.den > 0 && rate.num / rate.den <= 240) return rate;
  }
  return { num: 30, den: 1 };
}

export function parseRational(text: string | undefined): Rational | undefined {
  const match = /^(\d+)\/(\d+)$/.exec(text ?? '');
  if (!match) return undefined;
  const num = Number(match[1]);
  const den = Number(match[2]);
  if (num === 0 || den === 0) return undefined;
  const g = gcd(num, den);
  return { num: num / g, den: den / g };
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

function positive(n: number): number | undefined {
  return Number.isFinite(n) && n > 0 ? n : undefined;
}
