// Reads a request body into memory (with a cap) and decodes JSON or multipart into one plain object.
import type { IncomingMessage } from 'node:http';
import { SimApiError, invalidRequest } from './api-error.js';
import { formToObject } from './form-fields.js';
import { multipartBoundary, parseMultipart } from './multipart.js';

export interface ParsedBody {
  encoding: 'json' | 'multipart' | 'empty';
  fields: Record<string, unknown>;
}

export async function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) throw tooLarge(limitBytes);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > limitBytes) throw tooLarge(limitBytes);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function tooLarge(limitBytes: number): SimApiError {
  return new SimApiError(413, { message: `Request body is larger than the simulator's limit of ${limitBytes} bytes.`, code: 'request_too_large' });
}

export function parseBody(contentType: string | undefined, body: Buffer): ParsedBody {
  const type = (contentType ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data')) {
    const boundary = multipartBoundary(contentType ?? '');
    if (!boundary) throw invalidRequest('Multipart body without a boundary.', null, 'invalid_multipart');
    return { encoding: 'multipart', fields: formToObject(parseMultipart(body, boundary)) };
  }
  if (body.length === 0) return { encoding: 'empty', fields: {} };
  if (type && !type.startsWith('application/json')) {
    throw invalidRequest(`Unsupported content type '${contentType}'. Send application/json or multipart/form-data.`, null, 'unsupported_content_type');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw invalidRequest(
      "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)",
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalidRequest('The JSON body must be an object.');
  return { encoding: 'json', fields: parsed as Record<string, unknown> };
}
