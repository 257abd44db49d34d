// Pure filter-graph builder: probed clips + timeline → one graph for the whole cut
// (docs/design/ffmpeg.md#one-graph-for-the-whole-cut). Every value goes through escape.ts; the shape (frame-exact
// trims, restamped xfade chain) is explained in docs/stitching.md.
import { chain, filter } from './escape.js';
import type { Timeline } from './timeline.js';
import { framesToSamples, framesToSeconds } from './timeline.js';
import { formatRational, type Rational } from './types.js';

/** Every clip's audio is resampled to this rate and layout (docs/design/ffmpeg.md#normalising-mixed-clips). */
export const AUDIO_RATE = 48000;

export interface VideoTarget {
  width: number;
  height: number;
  fps: Rational;
  fit: 'contain' | 'cover';
}

/** What the graph needs to know of each clip, in timeline order. */
export interface GraphSource {
  /** ffmpeg input index of the clip's file. */
  input: number;
  width: number;
  height: number;
  hasAudio: boolean;
}

export interface GraphPart {
  chains: string[];
  /** Label of the part's final output. */
  label: string;
}

const seconds = (frames: number, fps: Rational) => framesToSeconds(frames, fps).toFixed(6);

/** Video: each clip unified (rate, time base, trim, size, pixel format), then runs concatenated and xfaded. */
export function buildVideoGraph(timeline: Timeline, sources: readonly GraphSource[], target: VideoTarget): GraphPart {
  const restamp = [filter('settb', [['expr', `${target.fps.den}/${target.fps.num}`]]), filter('setpts', [['expr', 'N']])];
  const chains = timeline.clips.map((clip, k) => {
    const source = sourceAt(sources, k);
    return chain([`${source.input}:v`], [...unifyVideo(target), ...trimFrames(clip.startFrame, clip.frames), ...fitVideo(source, target)], `v${k}`);
  });
  const join: Join = (left, right, k, leftFrames, out) => {
    const { frames, xfade: transition } = joinAt(timeline, k);
    const xfade = filter('xfade', [
      ['transition', transition],
      ['duration', seconds(frames, target.fps)],
      ['offset', seconds(leftFrames - frames, target.fps)],
    ]);
    // xfade stamps its last blended frame one frame late when its first input ends at offset + duration
    // (ffmpeg 5.1, measured): renumbering frames in a 1/fps time base keeps every later offset exact.
    return chain([left, right], [xfade, ...restamp], out);
  };
  // concat answers in microseconds (1/30 s is not a whole number of them): back to 1/fps before the next xfade.
  const concat = (labels: string[], out: string) => chain(labels, [filter('concat', [['n', labels.length], ['v', 1], ['a', 0]]), ...restamp], out);
  return foldRuns(timeline, 'v', chains, concat, join);
}

/** Audio: each clip resampled to 48 kHz stereo and made exactly as long as its video; silence where none. */
export function buildAudioGraph(timeline: Timeline, sources: readonly GraphSource[]): GraphPart {
  const fps = timeline.fps;
  const chains = timeline.clips.map((clip, k) => {
    const source = sourceAt(sources, k);
    const length = framesToSamples(clip.frames, fps, AUDIO_RATE);
    const fitLength = [filter('apad'), filter('atrim', [['end_sample', length]])];
    if (!source.hasAudio) {
      const silence = filter('anullsrc', [['r', AUDIO_RATE], ['cl', 'stereo']]);
      return chain([], [silence, unifyAudio(), filter('atrim', [['end_sample', length]])], `a${k}`);
    }
    const start = framesToSamples(clip.startFrame, fps, AUDIO_RATE);
    const skip = start > 0 ? [filter('atrim', [['start_sample', start]]), filter('asetpts', [['expr', 'PTS-STARTPTS']])] : [];
    const head = [filter('asetpts', [['expr', 'PTS-STARTPTS']]), filter('aresample', [['osr', AUDIO_RATE]]), unifyAudio()];
    return chain([`${source.input}:a`], [...head, ...skip, ...fitLength], `a${k}`);
  });
  const join: Join = (left, right, k, _leftFrames, out) =>
    chain([left, right], [filter('acrossfade', [['ns', framesToSamples(joinAt(timeline, k).frames, fps, AUDIO_RATE)]])], out);
  const concat = (labels: string[], out: string) => chain(labels, [filter('concat', [['n', labels.length], ['v', 0], ['a', 1]])], out);
  return foldRuns(timeline, 'a', chains, concat, join);
}

/** Append filters (e.g. loudnorm) to a part's output under a new label. */
export function extendPart(part: GraphPart, filters: readonly string[], label: string): GraphPart {
  if (filters.length === 0) return part;
  return { chains: [...part.chains, chain([part.label], filters, label)], label };
}

export function joinGraph(...parts: GraphPart[]): string {
  return parts.flatMap((p) => p.chains).join(';');
}

/** Joins the output so far (`left`, `leftFrames` long) to the next run across timeline.joins[join]. */
type Join = (left: string, right: string, join: number, leftFrames: number, out: string) => string;

/**
 * Clips joined by hard cuts form a run (one concat); runs are then folded left to right with a transition, whose
 * offset is the length so far minus the overlap: offset_k = sum(d_1..d_k) - sum(T_1..T_k)
 * (docs/design/ffmpeg.md#transitions).
 */
function foldRuns(
  timeline: Timeline,
  kind: 'v' | 'a',
  clipChains: string[],
  concat: (labels: string[], out: string) => string,
  join: Join,
): GraphPart {
  const chains = [...clipChains];
  const runs: { first: number; labels: string[]; frames: number }[] = [];
  timeline.clips.forEach((clip, k) => {
    const run = runs.at(-1);
    if (run && (timeline.joins[k - 1]?.frames ?? 0) === 0) {
      run.labels.push(`${kind}${k}`);
      run.frames += clip.frames;
    } else runs.push({ first: k, labels: [`${kind}${k}`], frames: clip.frames });
  });
  let acc: { label: string; frames: number } | undefined;
  for (const run of runs) {
    let label = run.labels[0] ?? '';
    if (run.labels.length > 1) chains.push(concat(run.labels, (label = `r${kind}${run.first}`)));
    if (!acc) {
      acc = { label, frames: run.frames };
      continue;
    }
    const overlap = timeline.joins[run.first - 1]?.frames ?? 0;
    const out = `x${kind}${run.first}`;
    chains.push(join(acc.label, label, run.first - 1, acc.frames, out));
    acc = { label: out, frames: acc.frames + run.frames - overlap };
  }
  return { chains, label: acc?.label ?? '' };
}

function unifyVideo(target: VideoTarget): string[] {
  return [
    filter('setpts', [['expr', 'PTS-STARTPTS']]),
    filter('fps', [['fps', formatRational(target.fps)]]),
    filter('settb', [['expr', `${target.fps.den}/${target.fps.num}`]]),
  ];
}

/** Frame-exact trim; tpad first guarantees the last frame exists even if the rate conversion came up one short. */
function trimFrames(start: number, frames: number): string[] {
  return [
    filter('tpad', [['stop_mode', 'clone'], ['stop', 2]]),
    filter('trim', [['start_frame', start], ['end_frame', start + frames]]),
    filter('setpts', [['expr', 'PTS-STARTPTS']]),
  ];
}

function fitVideo(source: GraphSource, target: VideoTarget): string[] {
  const tail = [filter('setsar', [['sar', 1]]), filter('format', [['pix_fmts', 'yuv420p']])];
  if (source.width === target.width && source.height === target.height) return tail;
  return [...fitFilters(target.width, target.height, target.fit), ...tail];
}

/** cover: scale to fill, centre-crop; contain: scale to fit, pad black (docs/design/ffmpeg.md#normalising-mixed-clips). */
export function fitFilters(w: number, h: number, fit: 'contain' | 'cover'): string[] {
  const scale = (mode: string) => filter('scale', [['w', w], ['h', h], ['force_original_aspect_ratio', mode]]);
  return fit === 'cover'
    ? [scale('increase'), filter('crop', [['w', w], ['h', h]])]
    : [scale('decrease'), filter('pad', [['w', w], ['h', h], ['x', '(ow-iw)/2'], ['y', '(oh-ih)/2'], ['color', 'black']])];
}

/** 48 kHz stereo float planar: what every clip's audio is converted to before joining. */
export function unifyAudio(): string {
  return filter('aformat', [['sample_fmts', 'fltp'], ['sample_rates', AUDIO_RATE], ['channel_layouts', 'stereo']]);
}

function joinAt(timeline: Timeline, k: number): Timeline['joins'][number] {
  const join = timeline.joins[k];
  if (!join) throw new RangeError(`no join ${k}`);
  return join;
}

function sourceAt(sources: readonly GraphSource[], k: number): GraphSource {
  const source = sources[k];
  if (!source) throw new RangeError(`no source for clip ${k}`);
  return source;
}
