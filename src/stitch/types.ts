// Types shared by the stitch stage: what ffprobe tells us about a clip, and where the ffmpeg binaries are.

/** An exact ratio such as a frame rate (30000/1001) or a time base (1/15360). */
export interface Rational {
  num: number;
  den: number;
}

/** The binaries every stitch call uses, found once by `locateFfmpeg` and passed in (no global ffmpeg config). */
export interface FfmpegTools {
  ffmpeg: string;
  ffprobe: string;
  /** First line of `-version`, e.g. `5.1.9-0+deb12u1`. */
  ffmpegVersion: string;
  ffprobeVersion: string;
  /** The only environment a child process gets (PATH, LANG): the API key never reaches ffmpeg. */
  childEnv: Readonly<Record<string, string>>;
}

export interface AudioInfo {
  codec: string;
  sampleRate: number;
  channels: number;
  /** e.g. `stereo`; empty when ffprobe does not say. */
  layout: string;
  /** Seconds, from the stream (container timestamps: the decoded length can differ, see verify.ts). */
  duration: number;
}

export interface ClipInfo {
  /** Absolute path probed. */
  file: string;
  videoCodec: string;
  /** H.264 profile (`High`, `Main`): clips whose SPS differ must not be stream-copied together. */
  profile: string;
  width: number;
  height: number;
  /** Sample aspect ratio as ffprobe prints it (`1:1`), empty when absent. */
  sar: string;
  fps: Rational;
  timeBase: Rational;
  pixFmt: string;
  /** Seconds of the video stream (not the container, which includes a longer audio track). */
  duration: number;
  audio: AudioInfo | null;
}

/** What a probe measured of a clip, whatever file holds its bytes: kept with the cache entry, so no re-probe. */
export type ClipFacts = Omit<ClipInfo, 'file'>;

export interface StitchProgress {
  /** 0..1 of the whole stitch. */
  fraction: number;
  /** Seconds left, from ffmpeg's own speed figure; absent until ffmpeg has reported one. */
  etaSeconds?: number;
}

export function rationalToNumber(r: Rational): number {
  return r.num / r.den;
}

export function formatRational(r: Rational): string {
  return `${r.num}/${r.den}`;
}
