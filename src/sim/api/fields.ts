// Field checks shared by create, remix, edit and extend, with the real API's wording
// (docs/design/openai-videos-protocol.md#errors).
import { invalidRequest, quoteList, type SimApiError } from '../http/api-error.js';
import type { ParsedBody } from '../http/read-body.js';

export const maxPromptLength = 32_000;

export function rejectUnknownFields(body: ParsedBody, allowed: readonly string[]): void {
  for (const key of Object.keys(body.fields)) {
    if (!allowed.includes(key)) throw invalidRequest(`Unknown parameter: '${key}'.`, key, 'unknown_parameter');
  }
}

export function missing(param: string): SimApiError {
  return invalidRequest(`Missing required parameter: '${param}'.`, param, 'missing_required_parameter');
}

export function readPrompt(fields: Record<string, unknown>, param = 'prompt'): string {
  const prompt = fields[param];
  if (prompt === undefined) throw missing(param);
  if (typeof prompt !== 'string') throw invalidRequest(`Invalid type for '${param}': expected a string, but got ${typeName(prompt)} instead.`, param, 'invalid_type');
  if (prompt.length === 0) {
    throw invalidRequest(`Invalid '${param}': string too short. Expected a string with minimum length 1, but got an empty string instead.`, param, 'string_below_min_length');
  }
  if (prompt.length > maxPromptLength) {
    throw invalidRequest(
      `Invalid '${param}': string too long. Expected a string with maximum length ${maxPromptLength}, but got a string with length ${prompt.length} instead.`,
      param,
      'string_above_max_length',
    );
  }
  return prompt;
}

export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a decimal';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/** A string enum value: wrong type and unknown value get the API's two different messages. */
export function readEnum(fields: Record<string, unknown>, param: string, allowed: readonly string[], fallback: string): string {
  const value = fields[param] ?? fallback;
  if (typeof value !== 'string') {
    throw invalidRequest(`Invalid type for '${param}': expected one of ${quoteList(allowed, 'or')}, but got ${typeName(value)} instead.`, param, 'invalid_type');
  }
  if (!allowed.includes(value)) throw invalidRequest(`Invalid value: '${value}'. Supported values are: ${quoteList(allowed, 'and')}.`, param, 'invalid_value');
  return value;
}
