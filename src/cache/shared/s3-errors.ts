// An S3 failure as one user error: what was being done, where (the s3:// URL and endpoint, no credentials), why
// in a few words (the service's error code, never its raw message or the request), and what to check.
import { RenderError } from '../../common/errors.js';
import type { Redactor } from '../../common/redact.js';

interface S3ErrorShape {
  name?: unknown;
  code?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

const deniedCodes = new Set(['AccessDenied', 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'ExpiredToken', 'InvalidToken', 'Forbidden', 'AllAccessDisabled']);
const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'TimeoutError', 'RequestTimeout', 'AbortError']);

export interface S3Where {
  url: string;
  /** The endpoint shown to the user ('AWS' when none is set). */
  endpoint: string;
}

/** A short, credential-free reason and the hint that goes with it. */
export function describeS3Error(error: unknown): { reason: string; hint: string } {
  const shape = (error ?? {}) as S3ErrorShape;
  const name = typeof shape.name === 'string' ? shape.name : 'Error';
  const code = typeof shape.code === 'string' ? shape.code : undefined;
  const status = typeof shape.$metadata?.httpStatusCode === 'number' ? shape.$metadata.httpStatusCode : undefined;
  const label = [code ?? name, status === undefined ? undefined : `HTTP ${status}`].filter(Boolean).join(', ');
  if (name === 'CredentialsProviderError') {
    return { reason: 'no AWS credentials found', hint: 'set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE) for this worker' };
  }
  if (deniedCodes.has(name) || status === 403) {
    return { reason: `access denied (${label})`, hint: 'check the AWS credentials of this worker and the bucket policy (it needs get, put and delete on the prefix)' };
  }
  if (name === 'NoSuchBucket') return { reason: `the bucket does not exist (${label})`, hint: 'create the bucket or fix --cache-url' };
  if (networkCodes.has(name) || (code !== undefined && networkCodes.has(code))) {
    return { reason: `the storage cannot be reached (${label})`, hint: 'check RENDER_S3_ENDPOINT / AWS_ENDPOINT_URL, AWS_REGION and the network' };
  }
  return { reason: `the storage answered ${label}`, hint: 'check --cache-url, the endpoint and the credentials, then run again' };
}

export function s3Failed(error: unknown, where: S3Where, doing: string, redact: Redactor): RenderError {
  const { reason, hint } = describeS3Error(error);
  return new RenderError('CACHE_STORE_FAILED', redact(`shared cache ${where.url} (${where.endpoint}): cannot ${doing}: ${reason}`), { hint: redact(hint) });
}
