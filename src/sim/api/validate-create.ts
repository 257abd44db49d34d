// POST /videos: the body checks of the real API, in one pure function
// (docs/design/openai-videos-protocol.md#create, #errors and #content-rules).
import type { CatalogData } from '../../catalog/types.js';
import { invalidRequest, quoteList } from '../http/api-error.js';
import type { ParsedBody } from '../http/read-body.js';
import { readEnum, readPrompt, rejectUnknownFields } from './fields.js';
import { allSeconds, allSizes, modelRules, type ModelRules } from './model-rules.js';
import { readReference, type ReferenceInput } from './reference.js';

export interface CreateRequest {
  prompt: string;
  model: string;
  size: string;
  seconds: number;
  reference: ReferenceInput | null;
  characterIds: string[];
}

export interface RuleContext {
  catalog: CatalogData;
  extended: boolean;
}

export function readModel(fields: Record<string, unknown>, context: RuleContext): ModelRules {
  const model = fields.model ?? 'sora-2';
  const known = Object.keys(context.catalog.models);
  if (typeof model !== 'string') throw invalidRequest(`Invalid type for 'model': expected a string.`, 'model', 'invalid_type');
  const rules = modelRules(context.catalog, model, context.extended);
  if (!rules) throw invalidRequest(`Invalid value: '${model}'. Supported values are: ${quoteList(known, 'and')}.`, 'model', 'invalid_value');
  return rules;
}

/** `seconds` as the API wants it: a string from the enum, then one the model allows. */
export function readSeconds(fields: Record<string, unknown>, rules: ModelRules, extended: boolean, fallback: string | undefined): number {
  const value = readEnum(fields, 'seconds', allSeconds(extended), fallback ?? '');
  if (!rules.seconds.includes(value)) {
    throw invalidRequest(`Invalid value: '${value}'. Supported values for model '${rules.id}' are: ${quoteList(rules.seconds, 'and')}.`, 'seconds', 'invalid_value');
  }
  return Number(value);
}

function readSize(fields: Record<string, unknown>, rules: ModelRules, extended: boolean): string {
  const size = readEnum(fields, 'size', allSizes(extended), '720x1280');
  if (!rules.sizes.includes(size)) {
    throw invalidRequest(`Invalid value: '${size}'. Supported values for model '${rules.id}' are: ${quoteList(rules.sizes, 'and')}.`, 'size', 'invalid_value');
  }
  return size;
}

// Guide-only `characters: [{id}]`, at most two (docs/design/openai-videos-protocol.md#three-sources-that-disagree).
function readCharacters(value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw invalidRequest("Invalid type for 'characters': expected an array.", 'characters', 'invalid_type');
  if (value.length > 2) throw invalidRequest("Invalid 'characters': at most 2 characters per video.", 'characters', 'array_above_max_length');
  return value.map((entry: unknown) => {
    const id = typeof entry === 'object' && entry !== null ? (entry as { id?: unknown }).id : undefined;
    if (typeof id !== 'string' || !id) throw invalidRequest("Invalid 'characters': each entry needs an 'id'.", 'characters', 'invalid_value');
    return id;
  });
}

export function validateCreate(body: ParsedBody, context: RuleContext): { request: CreateRequest; rules: ModelRules } {
  rejectUnknownFields(body, ['prompt', 'model', 'seconds', 'size', 'input_reference', ...(context.extended ? ['characters'] : [])]);
  const prompt = readPrompt(body.fields);
  const rules = readModel(body.fields, context);
  const seconds = readSeconds(body.fields, rules, context.extended, '4');
  const size = readSize(body.fields, rules, context.extended);
  const reference = readReference(body, size);
  const characterIds = readCharacters(body.fields.characters);
  return { request: { prompt, model: rules.id, size, seconds, reference, characterIds }, rules };
}
