// `--cache-url` parsing: a folder on shared storage (file:///abs/path) or S3-compatible storage (s3://bucket/prefix).
// Pure: no I/O. A refused URL is echoed without its user-info, so a pasted credential never reaches a terminal.
import { isAbsolute, normalize } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { RenderError } from '../../common/errors.js';
import { createRedactor } from '../../common/redact.js';

export type SharedCacheLocation =
  | { kind: 'file'; root: string; url: string }
  | { kind: 's3'; bucket: string; prefix: string; url: string };

const hint = 'use file:///absolute/folder (a folder every worker mounts) or s3://bucket/prefix';
const shown = createRedactor([]);

function invalid(raw: string, why: string): RenderError {
  return new RenderError('CACHE_URL_INVALID', `--cache-url ${shown(raw)}: ${why}`, { hint });
}

// S3's bucket naming rules (the subset every S3-compatible server accepts): 3-63 of a-z 0-9 . -, ends alphanumeric.
const bucketPattern = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Segments of an object-name prefix or a relative name: none empty, `.` or `..`, no backslash or control character. */
export function badSegment(segments: readonly string[]): string | undefined {
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment === '..') return `"${segment}" is not a name segment`;
    if (/[\\\u0000-\u001f\u007f]/.test(segment)) return 'a name holds a backslash or a control character';
  }
  return undefined;
}

function parseFile(raw: string, url: URL): SharedCacheLocation {
  if (url.host !== '' && url.host !== 'localhost') throw invalid(raw, `a file:// URL names a folder on this machine, not on host "${url.host}"`);
  if (url.search || url.hash) throw invalid(raw, 'a file:// URL takes no query or fragment');
  if (/(^|\/)\.\.?(\/|$)/.test(raw.slice('file://'.length))) throw invalid(raw, 'the path holds . or .. segments');
  let root: string;
  try {
    root = normalize(fileURLToPath(url));
  } catch {
    throw invalid(raw, 'the path is not a valid file path');
  }
  if (!isAbsolute(root)) throw invalid(raw, 'the path is not absolute');
  if (root.length > 1 && root.endsWith('/')) root = root.slice(0, -1);
  if (root === '/') throw invalid(raw, 'the root folder cannot be the shared cache');
  return { kind: 'file', root, url: pathToFileURL(root).href };
}

function parseS3(raw: string, url: URL): SharedCacheLocation {
  if (url.username || url.password) throw invalid('s3://…', 'the URL carries a user name or password (credentials come from the AWS environment)');
  if (url.port) throw invalid(raw, 'an s3:// URL names a bucket, not a server (set RENDER_S3_ENDPOINT for another server)');
  if (url.search || url.hash) throw invalid(raw, 'an s3:// URL takes no query or fragment');
  const bucket = url.hostname;
  if (!bucketPattern.test(bucket) || bucket.includes('..')) throw invalid(raw, `"${bucket}" is not a bucket name (3-63 of a-z, 0-9, dot and hyphen)`);
  // The raw text, not url.pathname: the URL parser would quietly resolve `..` segments.
  const rawPath = raw.slice(raw.indexOf(bucket) + bucket.length).replace(/^\/+|\/+$/g, '');
  let prefix: string;
  try {
    prefix = decodeURIComponent(rawPath);
  } catch {
    throw invalid(raw, 'the prefix is not valid percent-encoding');
  }
  if (prefix !== '') {
    const why = badSegment(prefix.split('/'));
    if (why) throw invalid(raw, `the prefix is not valid: ${why}`);
  }
  return { kind: 's3', bucket, prefix, url: `s3://${bucket}${prefix ? `/${prefix}` : ''}` };
}

/** The location a --cache-url names; CACHE_URL_INVALID (exit 2) for anything else. */
export function parseCacheUrl(raw: string): SharedCacheLocation {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw invalid(raw, 'not a URL');
  }
  if (url.protocol === 'file:') return parseFile(raw.trim(), url);
  if (url.protocol === 's3:') return parseS3(raw.trim(), url);
  throw invalid(raw, `the scheme ${url.protocol.replace(/:$/, '')}:// is not supported`);
}
