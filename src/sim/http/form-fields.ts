// Turns the SDK's bracket keys (`input_reference[file_id]`, `characters[][id]`) back into the object it encoded.
import type { MultipartPart } from './multipart.js';

/** A file part of a multipart body. */
export interface UploadedFile {
  readonly kind: 'file';
  filename: string;
  contentType: string;
  data: Buffer;
}

export function isUploadedFile(value: unknown): value is UploadedFile {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'file';
}

type Container = Record<string, unknown> | unknown[];

/** `a[b][]` → ['a', 'b', '']: the empty segment means "append to an array". */
export function splitBracketKey(key: string): string[] {
  const first = key.indexOf('[');
  if (first <= 0 || !key.endsWith(']')) return [key];
  const rest = key.slice(first + 1, -1).split('][');
  return [key.slice(0, first), ...rest];
}

function childFor(segment: string | undefined, existing: unknown): Container {
  if (existing !== undefined && typeof existing === 'object' && existing !== null && !isUploadedFile(existing)) return existing as Container;
  return segment === '' ? [] : {};
}

// Rack/qs rule for `x[][k]`: fill the last element unless it already has `k`, then start a new one.
function arraySlot(array: unknown[], nextSegment: string | undefined): number {
  const last = array.at(-1);
  const reusable = nextSegment !== undefined && typeof last === 'object' && last !== null && !(nextSegment in last);
  return reusable ? array.length - 1 : array.length;
}

// Keys that would reach Object.prototype if a hostile client sent them.
const forbiddenSegments = new Set(['__proto__', 'constructor', 'prototype']);

function assign(target: Container, segments: string[], value: unknown): void {
  const [segment, ...rest] = segments;
  if (segment === undefined || forbiddenSegments.has(segment)) return;
  const key: string | number = Array.isArray(target) ? (segment === '' ? arraySlot(target, rest[0]) : Number(segment)) : segment;
  const slot = target as Record<string | number, unknown>;
  if (rest.length === 0) {
    slot[key] = value;
    return;
  }
  const child = childFor(rest[0], slot[key]);
  slot[key] = child;
  assign(child, rest, value);
}

/** Nest multipart parts into a plain object: text parts become strings, file parts UploadedFile values. */
export function formToObject(parts: readonly MultipartPart[]): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const part of parts) {
    const value: unknown =
      part.filename === undefined
        ? part.data.toString('utf8')
        : ({ kind: 'file', filename: part.filename, contentType: part.contentType ?? 'application/octet-stream', data: part.data } satisfies UploadedFile);
    assign(result, splitBracketKey(part.name), value);
  }
  return result;
}
