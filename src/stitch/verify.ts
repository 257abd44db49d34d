// Checks a downloaded clip or a finished cut against what was asked for; a mismatch fails with the figures.
import { RenderError } from '../common/errors.js';
import { readStreams, type StreamFacts } from './decode-check.js';
import { tellingLines } from '../common/stderr-tail.js';
import { parseProbe, probeDecoding, probeStreams } from './probe.js';
import { rationalToNumber, type ClipInfo, type FfmpegTools } from './types.js';

export interface VerifyExpect {
  width?: number;
  height?: number;
  seconds?: number;
  /** true: an audio stream is required; false: none allowed; absent: not checked. */
  audio?: boolean;
}

export interface VerifiedClip {
  file: string;
  info: ClipInfo;
  /** Seconds of audio after decoding (null without audio). */
  decodedAudioSeconds: number | null;
}

/**
 * For the executor's downloads, in one ffprobe read that decodes every frame: figures ± 1 frame, then corruption (any
 * error ffprobe printed while decoding, or fewer video frames decoded than the container lists: a truncated
 * faststart MP4 still reports its full duration).
 */
export async function verifyVideoFile(tools: FfmpegTools, file: string, expect: VerifyExpect, signal: AbortSignal): Promise<VerifiedClip> {
  const { json, errors } = await probeDecoding(tools, file, signal);
  const info = parseProbe(json, file);
  const frame = 1 / rationalToNumber(info.fps);
  const problems: string[] = [];
  if (expect.width !== undefined && expect.height !== undefined && (info.width !== expect.width || info.height !== expect.height)) {
    problems.push(`size ${info.width}x${info.height}, expected ${expect.width}x${expect.height}`);
  }
  if (expect.seconds !== undefined && Math.abs(info.duration - expect.seconds) > frame + 1e-3) {
    problems.push(`video ${info.duration.toFixed(3)} s, expected ${expect.seconds} s (± ${frame.toFixed(3)} s)`);
  }
  if (expect.audio === true && !info.audio) problems.push('no audio stream, expected one');
  if (expect.audio === false && info.audio) problems.push('an audio stream, expected none');
  if (problems.length) {
    throw new RenderError('CLIP_MISMATCH', `${file}: ${problems.join('; ')}`, {
      hint: 'the provider returned something other than what was asked; the clip is not used',
    });
  }
  const damage = decodeDamage(json, errors);
  if (damage) {
    throw new RenderError('CLIP_CORRUPT', `${file} is truncated or corrupt (${damage})`, {
      hint: 'delete the file (or its cache entry) so it is downloaded or generated again',
    });
  }
  return { file, info, decodedAudioSeconds: decodedAudioSeconds(json) };
}

/** Pure: why a `-count_frames` probe shows a damaged file, or undefined when it decoded whole and silently. */
export function decodeDamage(json: unknown, errors: string): string | undefined {
  const video = probeStreams(json).find((s) => s.codec_type === 'video' && !s.disposition?.attached_pic);
  const listed = Number(video?.nb_frames);
  const decoded = Number(video?.nb_read_frames);
  const said = tellingLines(errors, 2).join(' | ');
  if (Number.isFinite(listed) && Number.isFinite(decoded) && decoded < listed) {
    return `decoded ${decoded} of its ${listed} video frames${said ? `: ${said}` : ''}`;
  }
  return said ? `ffprobe: ${said}` : undefined;
}

/** Decoded AAC-LC frames × 1024 samples / rate: what a player plays (null without AAC-LC audio). Pure. */
function decodedAudioSeconds(json: unknown): number | null {
  const audio = probeStreams(json).find((s) => s.codec_type === 'audio');
  const frames = Number(audio?.nb_read_frames);
  const rate = Number(audio?.sample_rate);
  if (!audio || audio.codec_name !== 'aac' || audio.profile !== 'LC' || !Number.isFinite(frames) || !(rate > 0)) return null;
  return (frames * 1024) / rate;
}

export interface Verification {
  expectedSeconds: number;
  /** Sum of the video packets' durations. */
  videoSeconds: number;
  videoFrames: number;
  /** Samples actually decoded / rate: what a player plays. */
  decodedAudioSeconds: number;
  /** One frame at the cut's rate: the tolerance of every duration check. */
  frameSeconds: number;
  width: number;
  height: number;
  videoCodec: string;
  audioCodec: string;
  sampleRate: number;
  channelLayout: string;
  /** `decode`: every frame decoded; `packets`: the copied video read packet by packet (fast path). */
  videoCheck: 'decode' | 'packets';
}

/**
 * For the final cut, in one read of the file (docs/stitching.md, "Verification"). Decoded AAC comes in whole
 * 1024-sample frames (ffmpeg 5.1 keeps the encoder's tail padding when decoding MP4, measured), so the audio tolerance
 * is one video frame or one AAC frame, whichever is longer.
 */
export async function verifyStitchOutput(
  tools: FfmpegTools,
  file: string,
  expect: { seconds: number; frameSeconds: number; width: number; height: number; videoCheck: 'decode' | 'packets' },
  signal: AbortSignal,
): Promise<Verification> {
  const facts = await readStreams(tools, file, { decodeVideo: expect.videoCheck === 'decode', signal, purpose: 'checking the final cut' });
  const v = verificationOf(facts, expect);
  const problems = outputProblems(v, expect);
  if (problems.length) {
    throw new RenderError('STITCH_VERIFY_FAILED', `the final cut failed its check: ${problems.join('; ')}`, {
      hint: 'the file was not kept; run `render stitch` again, and report the figures if it persists',
    });
  }
  return v;
}

function verificationOf(facts: StreamFacts, expect: Parameters<typeof verifyStitchOutput>[2]): Verification {
  const { video, audio } = facts;
  return {
    expectedSeconds: expect.seconds,
    videoSeconds: video?.seconds ?? 0,
    videoFrames: video?.frames ?? 0,
    decodedAudioSeconds: audio?.decodedSeconds ?? 0,
    frameSeconds: expect.frameSeconds,
    width: video?.width ?? 0,
    height: video?.height ?? 0,
    videoCodec: video?.codec ?? 'none',
    audioCodec: audio?.codec ?? 'none',
    sampleRate: audio?.sampleRate ?? 0,
    channelLayout: audio?.layout ?? '',
    videoCheck: expect.videoCheck,
  };
}

/** Pure: every figure that is off, in words with the numbers. */
export function outputProblems(v: Verification, expect: { width: number; height: number }): string[] {
  const problems: string[] = [];
  const s = (n: number) => `${n.toFixed(3)} s`;
  if (v.videoCodec !== 'h264' || v.audioCodec !== 'aac') problems.push(`streams ${v.videoCodec}+${v.audioCodec}, expected h264+aac`);
  if (v.width !== expect.width || v.height !== expect.height) problems.push(`size ${v.width}x${v.height}, expected ${expect.width}x${expect.height}`);
  if (Math.abs(v.videoSeconds - v.expectedSeconds) > v.frameSeconds + 1e-3) {
    problems.push(`video ${s(v.videoSeconds)}, expected ${s(v.expectedSeconds)} (± ${s(v.frameSeconds)})`);
  }
  const audioTolerance = Math.max(v.frameSeconds, 1024 / (v.sampleRate || 48000)) + 1e-3;
  if (Math.abs(v.decodedAudioSeconds - v.videoSeconds) > audioTolerance) {
    problems.push(`decoded audio ${s(v.decodedAudioSeconds)} against video ${s(v.videoSeconds)} (A/V drift)`);
  }
  return problems;
}
