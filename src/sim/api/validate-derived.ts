// Bodies of the routes that start from an existing video: remix, edits and extensions
// (docs/design/openai-videos-protocol.md#remix-edits-and-extensions).
import { invalidRequest } from '../http/api-error.js';
import { isUploadedFile } from '../http/form-fields.js';
import type { ParsedBody } from '../http/read-body.js';
import { missing, readPrompt, rejectUnknownFields, typeName } from './fields.js';
import { readMp4Info, type Mp4Info } from './mp4-header.js';

export type VideoSource = { kind: 'id'; id: string } | { kind: 'upload'; filename: string; info: Mp4Info };

export interface DerivedRequest {
  prompt: string;
  source: VideoSource;
  /** Model named for an uploaded source (guide: "set model explicitly"). */
  model?: string;
  /** Extension length (extensions only). */
  seconds?: unknown;
}

function readVideoSource(fields: Record<string, unknown>): VideoSource {
  const video = fields.video;
  if (video === undefined) throw missing('video');
  if (isUploadedFile(video)) {
    const info = readMp4Info(video.data);
    if (!info) throw invalidRequest("Invalid file format for 'video': expected an MP4 video.", 'video', 'invalid_video_format');
    return { kind: 'upload', filename: video.filename, info };
  }
  const id = typeof video === 'object' && video !== null ? (video as { id?: unknown }).id : undefined;
  if (typeof id !== 'string' || !id) {
    throw invalidRequest(`Invalid type for 'video': expected a file or an object with an 'id', but got ${typeName(video)} instead.`, 'video', 'invalid_type');
  }
  return { kind: 'id', id };
}

export function validateRemix(body: ParsedBody): string {
  rejectUnknownFields(body, ['prompt']);
  return readPrompt(body.fields);
}

export function validateEdit(body: ParsedBody): DerivedRequest {
  rejectUnknownFields(body, ['prompt', 'video', 'model']);
  const prompt = readPrompt(body.fields);
  const source = readVideoSource(body.fields);
  const model = body.fields.model;
  if (model !== undefined && typeof model !== 'string') throw invalidRequest("Invalid type for 'model': expected a string.", 'model', 'invalid_type');
  return { prompt, source, ...(model === undefined ? {} : { model }) };
}

export function validateExtend(body: ParsedBody): DerivedRequest {
  rejectUnknownFields(body, ['prompt', 'video', 'seconds']);
  const prompt = readPrompt(body.fields);
  const source = readVideoSource(body.fields);
  if (body.fields.seconds === undefined) throw missing('seconds');
  return { prompt, source, seconds: body.fields.seconds };
}

export function validateCharacter(body: ParsedBody): { name: string; info: Mp4Info } {
  rejectUnknownFields(body, ['name', 'video']);
  const name = readPrompt(body.fields, 'name');
  if (name.length > 80) {
    throw invalidRequest(`Invalid 'name': string too long. Expected a string with maximum length 80, but got a string with length ${name.length} instead.`, 'name', 'string_above_max_length');
  }
  const source = readVideoSource(body.fields);
  if (source.kind !== 'upload') throw invalidRequest("Invalid type for 'video': expected a file.", 'video', 'invalid_type');
  return { name, info: source.info };
}
