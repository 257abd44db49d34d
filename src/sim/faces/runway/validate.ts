// A task create checked against the catalog entry of its (endpoint, model), strictly, as the API's request variants
// are (`additionalProperties: false`): unknown keys, missing fields, enums and ranges give a 400. Pure; the wording
// follows the one real example, `Invalid parameter 'promptText'` (runwayml/sdk-node#99).
import { runwayEndpoint, runwayModel } from '../../../catalog/runway-catalog.js';
import type { RunwayEndpoint, RunwayEndpointName, RunwayModelData } from '../../../catalog/runway-types.js';
import { invalidParameter, RunwayHttpError } from './errors.js';
import { mediaUriProblem, type MediaRules } from './media-uri.js';

/** A source video the simulator served: its frame and length; undefined when it is not one of ours. */
export type SourceLookup = (url: string) => { size: string; seconds: number } | undefined;

export interface RunwayTaskSpec {
  model: RunwayModelData;
  endpoint: RunwayEndpoint;
  prompt: string;
  size: string;
  seconds: number;
  audio: boolean;
}

const targetAspectRatios = ['16:9', '4:3', '3:2', '1:1', '2:3', '3:4', '9:16', '21:9'];
// Frame and length of a source video the simulator cannot look into (a data URI, a foreign URL).
const unknownSource = { size: '1280x720', seconds: 5 };

function checkPromptImage(value: unknown, endpoint: RunwayEndpoint, rules: MediaRules): void {
  const items = typeof value === 'string' ? [{ uri: value, position: 'first' }] : value;
  if (!Array.isArray(items) || items.length === 0) throw invalidParameter('promptImage', 'expected a URI or a non-empty array of {uri, position}');
  const seen = new Set<string>();
  for (const item of items as unknown[]) {
    const { uri, position, ...rest } = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    const extra = Object.keys(rest)[0];
    if (extra !== undefined) throw invalidParameter(`promptImage.${extra}`);
    const problem = mediaUriProblem(uri, 'image', rules);
    if (problem) throw invalidParameter('promptImage.uri', problem);
    if (typeof position !== 'string' || !(endpoint.positions ?? []).includes(position as 'first') || seen.has(position)) {
      throw invalidParameter('promptImage.position', `expected each of ${(endpoint.positions ?? []).join(', ')} at most once`);
    }
    seen.add(position);
  }
  if (seen.has('last') && !seen.has('first')) throw invalidParameter('promptImage', 'a last frame needs a first frame');
}

function checkScalars(fields: Record<string, unknown>, model: RunwayModelData): void {
  const { promptText, seed, audio, negativePrompt, targetAspectRatio } = fields;
  if (promptText !== undefined && (typeof promptText !== 'string' || promptText.trim() === '' || promptText.length > model.promptTextMax)) {
    throw invalidParameter('promptText', `expected a non-empty string of at most ${model.promptTextMax} characters`);
  }
  if (seed !== undefined && !(Number.isInteger(seed) && (seed as number) >= 0 && (seed as number) <= 4_294_967_295)) throw invalidParameter('seed', 'expected an integer from 0 to 4294967295');
  if (audio !== undefined && typeof audio !== 'boolean') throw invalidParameter('audio', 'expected a boolean');
  if (negativePrompt !== undefined && typeof negativePrompt !== 'string') throw invalidParameter('negativePrompt', 'expected a string');
  if (targetAspectRatio !== undefined && !targetAspectRatios.includes(String(targetAspectRatio))) throw invalidParameter('targetAspectRatio', `expected one of ${targetAspectRatios.join(', ')}`);
  if (fields.contentModeration !== undefined && (typeof fields.contentModeration !== 'object' || fields.contentModeration === null)) throw invalidParameter('contentModeration');
}

function readSeconds(raw: unknown, model: RunwayModelData): number {
  if (raw === undefined) return model.durations.default;
  if (typeof raw !== 'number' || !model.durations.values.includes(raw)) {
    throw invalidParameter('duration', `expected one of ${model.durations.values.join(', ')} for ${model.model}`);
  }
  return raw;
}

function readRatio(raw: unknown, endpoint: RunwayEndpoint): string {
  const ratios = Object.keys(endpoint.ratios);
  if (raw === undefined) return ratios[0] ?? '';
  if (typeof raw !== 'string' || !ratios.includes(raw)) throw invalidParameter('ratio', `expected one of ${ratios.join(', ')}`);
  return raw;
}

/** The task a valid create asks for; a RunwayHttpError (400) otherwise. */
export function checkRunwayCreate(name: RunwayEndpointName, fields: Record<string, unknown>, rules: MediaRules, lookup: SourceLookup): RunwayTaskSpec {
  if (typeof fields.model !== 'string') throw invalidParameter('model', 'required');
  const model = runwayModel(fields.model);
  const endpoint = model && runwayEndpoint(model, name);
  if (!model || !endpoint) throw invalidParameter('model', `'${fields.model}' is not available on /v1/${name}`);
  for (const key of Object.keys(fields)) {
    if (key !== 'model' && !endpoint.required.includes(key) && !endpoint.optional.includes(key)) throw invalidParameter(key);
  }
  for (const key of endpoint.required) if (fields[key] === undefined || fields[key] === null) throw new RunwayHttpError(400, `Missing required parameter '${key}'`);
  checkScalars(fields, model);
  if (fields.promptImage !== undefined) checkPromptImage(fields.promptImage, endpoint, rules);
  const sourceField = endpoint.sourceVideoField;
  const sourceUrl = sourceField === undefined ? undefined : fields[sourceField];
  if (sourceField !== undefined) {
    const problem = mediaUriProblem(sourceUrl, 'video', rules);
    if (problem) throw invalidParameter(sourceField, problem);
  }
  const audio = typeof fields.audio === 'boolean' ? fields.audio : (model.audio?.default ?? false);
  const prompt = typeof fields.promptText === 'string' ? fields.promptText : '';
  // An endpoint without ratios (Aleph) keeps the source's frame and length.
  if (Object.keys(endpoint.ratios).length === 0) {
    const source = (typeof sourceUrl === 'string' ? lookup(sourceUrl) : undefined) ?? unknownSource;
    return { model, endpoint, prompt, size: source.size, seconds: source.seconds, audio };
  }
  const ratio = readRatio(fields.ratio, endpoint);
  const size = endpoint.ratios[ratio] ?? '';
  return { model, endpoint, prompt, size, seconds: readSeconds(fields.duration, model), audio };
}
