// A fal submit's input checked against the catalog entry of its endpoint: pure, no I/O. Unknown fields are ignored,
// as fal's (pydantic) input models do; wrong types and values give 422 field errors.
import { falEndpoints, type FalEndpointMatch } from '../../../catalog/fal-catalog.js';
import type { FalDurations, FalModelData } from '../../../catalog/types.js';
import type { FieldError } from './errors.js';

/** What a video URL given as input is, when the simulator served it. */
export type SourceLookup = (url: string) => { seconds: number; size: string } | 'missing' | undefined;

export interface FalJobSpec extends FalEndpointMatch {
  prompt: string;
  /** Seconds the output lasts (for extensions: source + added). */
  seconds: number;
  /** Seconds generated, the billed part. */
  generatedSeconds: number;
  resolution: string;
  aspectRatio: string;
  size: string;
  audio: boolean;
}

export type Checked = { ok: true; spec: FalJobSpec } | { ok: false; errors: FieldError[] };

const isUrl = (value: unknown) => typeof value === 'string' && /^(https?:\/\/|data:)/.test(value);

function pickEndpoint(matches: FalEndpointMatch[], input: Record<string, unknown>): FalEndpointMatch | undefined {
  const withSource = matches.find((m) => m.endpoint.media.sourceVideo !== undefined && input[m.endpoint.media.sourceVideo] !== undefined && m.endpoint.mode === 'extend');
  return withSource ?? matches.find((m) => m.endpoint.mode !== 'extend') ?? matches[0];
}

function readDuration(raw: unknown, durations: FalDurations, errors: FieldError[]): number {
  if (raw === undefined) return durations.default;
  const shown = durations.values.map((v) => (durations.encoding === 'seconds-suffix' ? `'${v}s'` : durations.encoding === 'string' ? `'${v}'` : String(v)));
  const fail = (type: string) => {
    errors.push({ loc: ['body', 'duration'], msg: `Input should be ${durations.auto ? "'auto', " : ''}${shown.join(', ')}`, type, input: raw, ctx: { expected: shown.join(', ') } });
    return durations.default;
  };
  if (durations.auto && raw === 'auto') return durations.default;
  let value: number;
  if (durations.encoding === 'integer') {
    if (typeof raw !== 'number' || !Number.isInteger(raw)) return fail('int_type');
    value = raw;
  } else {
    const pattern = durations.encoding === 'seconds-suffix' ? /^(\d+)s$/ : /^(\d+)$/;
    const match = typeof raw === 'string' ? pattern.exec(raw) : null;
    if (!match) return fail('literal_error');
    value = Number(match[1]);
  }
  return durations.values.includes(value) ? value : fail('literal_error');
}

function readEnum(field: string, raw: unknown, allowed: readonly string[], fallback: string, errors: FieldError[]): string {
  if (raw === undefined) return fallback;
  if (typeof raw === 'string' && allowed.includes(raw)) return raw;
  errors.push({ loc: ['body', field], msg: `Input should be ${allowed.map((v) => `'${v}'`).join(', ')}`, type: 'literal_error', input: raw });
  return fallback;
}

function checkMedia(match: FalEndpointMatch, input: Record<string, unknown>, errors: FieldError[]): void {
  const { media, required } = match.endpoint;
  for (const field of required) {
    const value = input[field];
    if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) errors.push({ loc: ['body', field], msg: 'Field required', type: 'missing' });
  }
  for (const field of [media.firstFrame, media.lastFrame, media.sourceVideo]) {
    if (field !== undefined && input[field] !== undefined && !isUrl(input[field])) errors.push({ loc: ['body', field], msg: 'Input should be a valid URL', type: 'url_parsing', input: input[field] });
  }
  const refs = media.references;
  const value = refs ? input[refs.field] : undefined;
  if (!refs || value === undefined) return;
  const list = Array.isArray(value) ? value : [value];
  if (list.length > refs.max) errors.push({ loc: ['body', refs.field], msg: `List should have at most ${refs.max} items after validation, not ${list.length}`, type: 'too_long', input: value });
  list.forEach((url, i) => {
    if (!isUrl(url)) errors.push({ loc: ['body', refs.field, i], msg: 'Input should be a valid URL', type: 'url_parsing', input: url });
  });
}

function sizeOf(model: FalModelData, aspectRatio: string, resolution: string): string | undefined {
  return model.sizes[aspectRatio]?.[resolution];
}

/** Check one submit; `undefined` when no catalog endpoint has this id. */
export function checkFalInput(endpointId: string, input: Record<string, unknown>, lookup: SourceLookup, models?: readonly FalModelData[]): Checked | undefined {
  const match = pickEndpoint(falEndpoints(endpointId, models), input);
  if (!match) return undefined;
  const { model, endpoint } = match;
  const errors: FieldError[] = [];
  checkMedia(match, input, errors);
  if (input.prompt !== undefined && typeof input.prompt !== 'string') errors.push({ loc: ['body', 'prompt'], msg: 'Input should be a valid string', type: 'string_type', input: input.prompt });
  const added = readDuration(input.duration, endpoint.durations ?? model.durations, errors);
  const resolution = model.resolutions.param ? readEnum('resolution', input.resolution, model.resolutions.values, model.resolutions.default, errors) : model.resolutions.default;
  const requested = endpoint.aspectRatios.length > 0 ? readEnum('aspect_ratio', input.aspect_ratio, endpoint.aspectRatios, endpoint.defaultAspectRatio, errors) : endpoint.defaultAspectRatio;
  // `auto` follows the input image; the simulator does not read images and makes the model's first ratio.
  const aspectRatio = requested === 'auto' ? (Object.keys(model.sizes)[0] ?? '16:9') : requested;
  const audioField = model.audio.field;
  const rawAudio = audioField === null ? undefined : input[audioField];
  if (rawAudio !== undefined && typeof rawAudio !== 'boolean') errors.push({ loc: ['body', audioField ?? ''], msg: 'Input should be a valid boolean', type: 'bool_type', input: rawAudio });
  const audio = typeof rawAudio === 'boolean' ? rawAudio : model.audio.default;
  const sourceField = endpoint.media.sourceVideo;
  const source = sourceField !== undefined && isUrl(input[sourceField]) ? lookup(String(input[sourceField])) : undefined;
  if (source === 'missing' && sourceField) errors.push({ loc: ['body', sourceField], msg: 'Failed to download the file. Please check if the URL is accessible.', type: 'file_download_error', input: input[sourceField] });
  const known = source !== undefined && source !== 'missing' ? source : undefined;
  const size = endpoint.mode === 'extend' && known ? known.size : sizeOf(model, aspectRatio, resolution);
  if (size === undefined) errors.push({ loc: ['body', 'resolution'], msg: `Resolution '${resolution}' is not available at aspect ratio '${aspectRatio}'`, type: 'value_error', input: resolution });
  if (errors.length > 0 || size === undefined) return { ok: false, errors };
  // Extend and edit keep the source's length when it is known; an extension adds the generated seconds to it.
  const seconds = endpoint.mode === 'extend' ? (known?.seconds ?? 0) + added : endpoint.mode === 'video-to-video' && known ? known.seconds : added;
  const generatedSeconds = endpoint.mode === 'video-to-video' ? seconds : added;
  const prompt = typeof input.prompt === 'string' ? input.prompt : '';
  return { ok: true, spec: { ...match, prompt, seconds, generatedSeconds, resolution, aspectRatio, size, audio } };
}
