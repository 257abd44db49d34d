// `input_reference`: an uploaded image, or exactly one of {file_id, image_url}; an image must be jpeg/png/webp of exactly `size`.
import { invalidRequest } from '../http/api-error.js';
import { isUploadedFile } from '../http/form-fields.js';
import type { ParsedBody } from '../http/read-body.js';
import { typeName } from './fields.js';
import { readImageInfo, type ImageInfo } from '../../common/image-header.js';

export type ReferenceInput =
  | { kind: 'upload'; filename: string; image: ImageInfo }
  | { kind: 'file_id'; fileId: string }
  | { kind: 'image_url'; url: string; image?: ImageInfo };

const param = 'input_reference';

function checkImage(data: Buffer, size: string): ImageInfo {
  const image = readImageInfo(data);
  if (!image) {
    throw invalidRequest(
      "Invalid file format for 'input_reference'. Supported formats are: 'image/jpeg', 'image/png', and 'image/webp'.",
      param,
      'invalid_image_format',
    );
  }
  // The real API answers this with param and code null (docs/design/openai-videos-protocol.md#errors).
  if (`${image.width}x${image.height}` !== size) throw invalidRequest('Inpaint image must match the requested width and height');
  return image;
}

function readImageUrl(url: string, size: string): ReferenceInput {
  const dataUrl = /^data:[^;,]*;base64,(.*)$/s.exec(url);
  if (dataUrl) return { kind: 'image_url', url: url.slice(0, 32), image: checkImage(Buffer.from(dataUrl[1] ?? '', 'base64'), size) };
  if (!/^https?:\/\//i.test(url)) throw invalidRequest("Invalid 'input_reference.image_url': expected a fully qualified URL or a base64-encoded data URL.", `${param}.image_url`, 'invalid_value');
  // Offline: a remote URL is accepted as is, never fetched.
  return { kind: 'image_url', url };
}

function readObjectForm(value: Record<string, unknown>, size: string): ReferenceInput {
  const { file_id: fileId, image_url: imageUrl, ...rest } = value;
  const unknown = Object.keys(rest)[0];
  if (unknown !== undefined) throw invalidRequest(`Unknown parameter: 'input_reference.${unknown}'.`, `${param}.${unknown}`, 'unknown_parameter');
  if ((fileId === undefined) === (imageUrl === undefined)) {
    throw invalidRequest("Invalid 'input_reference': provide exactly one of 'file_id' or 'image_url'.", param, 'invalid_value');
  }
  if (fileId !== undefined) {
    if (typeof fileId !== 'string' || fileId.length === 0) throw invalidRequest("Invalid 'input_reference.file_id': expected a non-empty string.", `${param}.file_id`, 'invalid_type');
    return { kind: 'file_id', fileId };
  }
  if (typeof imageUrl !== 'string') throw invalidRequest("Invalid 'input_reference.image_url': expected a string.", `${param}.image_url`, 'invalid_type');
  return readImageUrl(imageUrl, size);
}

export function readReference(body: ParsedBody, size: string): ReferenceInput | null {
  const value = body.fields[param];
  if (value === undefined) return null;
  if (isUploadedFile(value)) return { kind: 'upload', filename: value.filename, image: checkImage(value.data, size) };
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return readObjectForm(value as Record<string, unknown>, size);
  const expected = body.encoding === 'multipart' ? 'a file' : 'an object';
  throw invalidRequest(`Invalid type for 'input_reference': expected ${expected}, but got ${typeName(value)} instead.`, param, 'invalid_type');
}
