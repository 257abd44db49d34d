// Data for `render doctor`: versions, then the filters and encoders the product uses, each with the feature it serves
// (features checked directly, not from version numbers: docs/design/ffmpeg.md#versions-and-doctor); a 1 s smoke render.
import type { ErrorCode } from '../common/errors.js';
import { isRenderError } from '../common/errors.js';
import { runFfmpeg } from '../common/ffmpeg-process.js';
import { locateFfmpeg, versionNumber } from './tools.js';
import type { FfmpegTools } from './types.js';

export interface DoctorCheck {
  kind: 'filter' | 'encoder' | 'render';
  name: string;
  ok: boolean;
  /** What the user loses without it. */
  feature: string;
  detail?: string;
}

export interface DoctorReport {
  ok: boolean;
  ffmpeg?: { path: string; version: string };
  ffprobe?: { path: string; version: string };
  /** e.g. a version too old for transitions. */
  notes: string[];
  checks: DoctorCheck[];
  /** Set when ffmpeg or ffprobe cannot be found or run: nothing else could be checked. */
  problem?: { code: ErrorCode; message: string; hint?: string };
}

export const neededFilters: ReadonlyArray<readonly [string, string]> = [
  ['concat', 'joining clips (every cut)'],
  ['trim', 'frame-accurate from/to trims'],
  ['atrim', 'exact audio length per clip (no drift at joins)'],
  ['apad', 'exact audio length per clip (no drift at joins)'],
  ['anullsrc', 'silence for clips without audio'],
  ['aresample', 'mixing clips with other sample rates'],
  ['fps', 'mixing clips with other frame rates'],
  ['scale', 'mixing clips of other sizes, reference images'],
  ['pad', 'cut.fit: contain (letterbox), reference images'],
  ['crop', 'cut.fit: cover, reference images'],
  ['xfade', 'transitions: crossfade and fade (needs ffmpeg 4.3+)'],
  ['acrossfade', 'transitions: crossfade and fade (audio side)'],
  ['loudnorm', 'audio.loudnorm (EBU R128 loudness)'],
  ['drawtext', 'labels on the contact sheet (needs an ffmpeg built with libfreetype)'],
  ['tile', 'the contact sheet'],
];

export const neededEncoders: ReadonlyArray<readonly [string, string]> = [
  ['libx264', 'the final cut (H.264)'],
  ['aac', 'the final cut audio (AAC)'],
  ['mjpeg', 'contact-sheet.jpg and posters'],
];

/** Pure: the names listed by `ffmpeg -filters` or `-encoders` (second column of each row). */
export function listedNames(listing: string): Set<string> {
  const names = new Set<string>();
  for (const line of listing.split('\n')) {
    const match = /^\s*[A-Z.|]{3,6}\s+(\S+)\s+\S/.exec(line);
    if (match?.[1]) names.add(match[1]);
  }
  return names;
}

/** Pure: one check per needed filter and encoder. */
export function featureChecks(filters: Set<string>, encoders: Set<string>): DoctorCheck[] {
  return [
    ...neededFilters.map(([name, feature]) => ({ kind: 'filter' as const, name, feature, ok: filters.has(name) })),
    ...neededEncoders.map(([name, feature]) => ({ kind: 'encoder' as const, name, feature, ok: encoders.has(name) })),
  ];
}

export async function runDoctor(o: { env: Readonly<Record<string, string | undefined>>; signal: AbortSignal; now?: () => number }): Promise<DoctorReport> {
  let tools: FfmpegTools;
  try {
    tools = await locateFfmpeg(o.env, o.signal);
  } catch (error) {
    if (!isRenderError(error) || error.code === 'INTERRUPTED') throw error;
    const problem = { code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) };
    return { ok: false, notes: [], checks: [], problem };
  }
  const run = (args: string[], purpose: string) => runFfmpeg(tools, args, { signal: o.signal, purpose });
  const [filters, encoders] = await Promise.all([run(['-filters'], 'listing filters'), run(['-encoders'], 'listing encoders')]);
  const checks = featureChecks(listedNames(filters.stdout), listedNames(encoders.stdout));
  checks.push(await smokeRender(run, o.now ?? (() => performance.now())));
  const notes: string[] = [];
  const version = versionNumber(tools.ffmpegVersion);
  if (version && (version.major < 4 || (version.major === 4 && version.minor < 3))) {
    notes.push(`ffmpeg ${tools.ffmpegVersion} is older than 4.3: transitions (xfade) are unavailable; 5.1 or newer is recommended`);
  }
  if (!version) notes.push(`ffmpeg version ${tools.ffmpegVersion} could not be read (a git build?); relying on the checks below`);
  return {
    ok: checks.every((c) => c.ok),
    ffmpeg: { path: tools.ffmpeg, version: tools.ffmpegVersion },
    ffprobe: { path: tools.ffprobe, version: tools.ffprobeVersion },
    notes,
    checks,
  };
}

/** One second through the product's encoders: catches a broken install that lists everything. */
async function smokeRender(run: (args: string[], purpose: string) => Promise<unknown>, now: () => number): Promise<DoctorCheck> {
  const check = { kind: 'render' as const, name: '1 s smoke render', feature: 'every final cut (H.264 + AAC, end to end)' };
  const started = now();
  try {
    await run(
      ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=d=1:s=320x180:r=30', '-f', 'lavfi', '-i', 'sine=d=1:r=48000', '-c:v', 'libx264',
        '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-f', 'mp4', '-movflags', '+frag_keyframe+empty_moov', '-y', 'pipe:1'],
      'smoke render',
    );
    return { ...check, ok: true, detail: `${((now() - started) / 1000).toFixed(2)} s` };
  } catch (error) {
    if (isRenderError(error) && error.code === 'INTERRUPTED') throw error;
    return { ...check, ok: false, detail: error instanceof Error ? error.message : String(error) };
  }
}
