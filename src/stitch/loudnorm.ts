// EBU R128 loudness, two passes (docs/design/ffmpeg.md#loudness): measure the finished audio, then apply a linear
// gain in the final encode.
import { RenderError } from '../common/errors.js';
import { filter } from './escape.js';
import { unifyAudio } from './graph.js';

export interface LoudnessMeasurement {
  inputI: string;
  inputTp: string;
  inputLra: string;
  inputThresh: string;
  targetOffset: string;
}

export interface LoudnessResult {
  targetLufs: number;
  /** Integrated loudness before correction; null for silence. */
  measuredLufs: number | null;
  /** `linear` lands on the target; loudnorm falls back to `dynamic` when the true peak would clip. */
  mode: 'linear' | 'dynamic' | 'skipped';
}

const TRUE_PEAK = -1.5;

/** Pass 1 filter: measure and print JSON. */
export function loudnormMeasureFilter(targetLufs: number): string {
  return filter('loudnorm', [['I', targetLufs], ['TP', TRUE_PEAK], ['LRA', 11], ['print_format', 'json']]);
}

/** Pure: the last `{…}` block loudnorm printed on stderr. */
export function parseLoudnormJson(stderr: string): LoudnessMeasurement {
  const start = stderr.lastIndexOf('{');
  const end = stderr.lastIndexOf('}');
  let json: Record<string, unknown> = {};
  try {
    if (start >= 0 && end > start) json = JSON.parse(stderr.slice(start, end + 1)) as Record<string, unknown>;
  } catch {
    json = {};
  }
  const field = (key: string) => {
    const value = json[key];
    if (typeof value !== 'string') {
      throw new RenderError('LOUDNORM_FAILED', `loudness measurement printed no ${key}`);
    }
    return value;
  };
  return {
    inputI: field('input_i'),
    inputTp: field('input_tp'),
    inputLra: field('input_lra'),
    inputThresh: field('input_thresh'),
    targetOffset: field('target_offset'),
  };
}

/**
 * Pass 2 filters, or none for silence (a cut of silent clips has no loudness to correct). The mode mirrors
 * loudnorm's own rule: linear only if the gain keeps the true peak at or below the target peak.
 */
export function loudnormApply(m: LoudnessMeasurement, targetLufs: number): { filters: string[]; result: LoudnessResult } {
  const measured = Number(m.inputI);
  if (!Number.isFinite(measured) || measured <= -70) {
    return { filters: [], result: { targetLufs, measuredLufs: Number.isFinite(measured) ? measured : null, mode: 'skipped' } };
  }
  const peakAfter = Number(m.inputTp) + (targetLufs - measured);
  const lra = Math.min(50, Math.max(11, Math.ceil(Number(m.inputLra) || 0)));
  const loudnorm = filter('loudnorm', [
    ['I', targetLufs],
    ['TP', TRUE_PEAK],
    ['LRA', lra],
    ['measured_I', m.inputI],
    ['measured_TP', m.inputTp],
    ['measured_LRA', m.inputLra],
    ['measured_thresh', m.inputThresh],
    ['offset', m.targetOffset],
    ['linear', 'true'],
  ]);
  // loudnorm works at 192 kHz internally: bring it back to 48 kHz stereo inside the graph as well as with -ar
  // (a bare aresample after it fails to negotiate the channel layout in ffmpeg 5.1, measured).
  return {
    filters: [loudnorm, unifyAudio()],
    result: { targetLufs, measuredLufs: measured, mode: peakAfter <= TRUE_PEAK ? 'linear' : 'dynamic' },
  };
}
