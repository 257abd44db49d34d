// A small, binary-safe multipart/form-data parser for what the openai SDK (undici FormData or its streaming encoder) sends.
import { SimApiError } from './api-error.js';

export interface MultipartPart {
  name: string;
  /** Present for file parts. */
  filename?: string;
  contentType?: string;
  data: Buffer;
}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

function malformed(detail: string): SimApiError {
  return new SimApiError(400, { message: `Could not parse multipart form data: ${detail}.`, code: 'invalid_multipart' });
}

/** The boundary from a `multipart/form-data; boundary=…` content type, or undefined. */
export function multipartBoundary(contentType: string): string | undefined {
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match ? (match[1] ?? match[2]) : undefined;
}

// undici and the SDK percent-encode CR, LF and '"' inside quoted header parameters.
// Encoders (undici, browsers) write these three escapes in upper case only, and leave a literal '%' as it is: a
// lower-case '%0d' in a name is the user's own text.
function decodeParam(value: string): string {
  return value.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%22/g, '"');
}

function parseHeaders(block: string): Omit<MultipartPart, 'data'> {
  let name: string | undefined;
  let filename: string | undefined;
  let contentType: string | undefined;
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === 'content-type') contentType = value;
    if (key !== 'content-disposition') continue;
    name = /;\s*name="([^"]*)"/i.exec(value)?.[1];
    const file = /;\s*filename="([^"]*)"/i.exec(value)?.[1];
    if (file !== undefined) filename = decodeParam(file);
  }
  if (name === undefined) throw malformed('a part has no Content-Disposition name');
  return { name: decodeParam(name), ...(filename === undefined ? {} : { filename }), ...(contentType ? { contentType } : {}) };
}

export function parseMultipart(body: Buffer, boundary: string): MultipartPart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: MultipartPart[] = [];
  let cursor = body.indexOf(delimiter);
  if (cursor < 0) throw malformed('the boundary never appears');
  for (;;) {
    cursor += delimiter.length;
    if (body.subarray(cursor, cursor + 2).toString() === '--') return parts;
    if (!body.subarray(cursor, cursor + 2).equals(CRLF)) throw malformed('a boundary is not followed by CRLF');
    const headerEnd = body.indexOf(HEADER_END, cursor + 2);
    if (headerEnd < 0) throw malformed('a part has no end of headers');
    const headers = parseHeaders(body.subarray(cursor + 2, headerEnd).toString('utf8'));
    const next = body.indexOf(Buffer.concat([CRLF, delimiter]), headerEnd + 4);
    if (next < 0) throw malformed('the closing boundary is missing');
    parts.push({ ...headers, data: body.subarray(headerEnd + 4, next) });
    cursor = next + CRLF.length;
  }
}
