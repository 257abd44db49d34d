// The shared cache in an S3-compatible bucket through the official SDK. An object appears whole or not at all (a PUT
// is atomic), so no temp names are needed here; each blob carries its sha256 as metadata, which lets a push skip an
// upload only when both size and hash match. Bodies are streamed both ways, never held whole in memory.
import { createReadStream } from 'node:fs';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client, type PutObjectCommandInput, type S3ClientConfig } from '@aws-sdk/client-s3';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FileDigest } from '../../common/durable-fs.js';
import { RenderError } from '../../common/errors.js';
import { createRedactor, type Redactor } from '../../common/redact.js';
import type { BlobStore, ObjectBody, StoredObject, UploadSource } from './blob-store.js';
import { s3Failed, type S3Where } from './s3-errors.js';

type Env = Readonly<Record<string, string | undefined>>;

export interface S3Timeouts {
  /** Connecting to the endpoint. */
  connectMs: number;
  /** A socket with no traffic for this long is abandoned (an idle bound on every request, downloads included). */
  idleMs: number;
}

const sha256Meta = 'sha256';

/** The endpoint to use (RENDER_S3_ENDPOINT first), checked to be an http(s) URL without credentials. */
export function s3Endpoint(env: Env): string | undefined {
  const variable = env.RENDER_S3_ENDPOINT ? 'RENDER_S3_ENDPOINT' : env.AWS_ENDPOINT_URL ? 'AWS_ENDPOINT_URL' : undefined;
  if (!variable) return undefined;
  const raw = env[variable]!;
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new RenderError('CACHE_URL_INVALID', `${variable} is not an http(s) URL`, { hint: `set ${variable} to the S3 server, e.g. https://s3.example.com` });
  }
  if (url.username || url.password) {
    throw new RenderError('CACHE_URL_INVALID', `${variable} carries a user name or password`, { hint: 'remove them from the URL; credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY' });
  }
  return raw;
}

/** The SDK client's settings from the environment: pure, so the mapping is unit-tested. */
export function s3ClientConfig(env: Env, timeouts: S3Timeouts): S3ClientConfig {
  const endpoint = s3Endpoint(env);
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  return {
    region: env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1',
    // A custom endpoint (MinIO, Ceph, R2, s3rver) rarely serves virtual-host buckets: path style there.
    ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
    // Keys in the given environment win; otherwise the SDK's standard chain (profile, SSO, instance role...).
    ...(accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey, ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) } } : {}),
    // Checksums only where S3 requires them: S3-compatible servers often reject the newer trailing checksums.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 3,
    requestHandler: { connectionTimeout: timeouts.connectMs, requestTimeout: timeouts.idleMs },
  };
}

const uploadAttempts = 3;

/** A network failure, a throttle or a server error: worth another try; a refusal (4xx) is not. */
function isRetryable(error: unknown): boolean {
  const status = (error as { $metadata?: { httpStatusCode?: unknown } } | null)?.$metadata?.httpStatusCode;
  return typeof status !== 'number' || status === 429 || status >= 500;
}

const isAbsent = (error: unknown): boolean => {
  const shape = error as { name?: unknown; $metadata?: { httpStatusCode?: unknown } } | null;
  return shape?.name === 'NotFound' || shape?.name === 'NoSuchKey' || shape?.$metadata?.httpStatusCode === 404;
};

export class S3Store implements BlobStore {
  readonly url: string;
  readonly #client: S3Client;
  /** For file uploads: no SDK retry (a retried stream body would be empty); upload() retries with a fresh stream. */
  readonly #uploader: S3Client;
  readonly #bucket: string;
  readonly #prefix: string;
  readonly #where: S3Where;
  readonly #redact: Redactor;

  constructor(location: { bucket: string; prefix: string; url: string }, env: Env, timeouts: S3Timeouts) {
    this.url = location.url;
    this.#bucket = location.bucket;
    this.#prefix = location.prefix;
    const config = s3ClientConfig(env, timeouts);
    this.#client = new S3Client(config);
    this.#uploader = new S3Client({ ...config, maxAttempts: 1 });
    this.#where = { url: location.url, endpoint: typeof config.endpoint === 'string' ? new URL(config.endpoint).origin : 'AWS' };
    this.#redact = createRedactor([env.AWS_SECRET_ACCESS_KEY, env.AWS_SESSION_TOKEN, env.AWS_ACCESS_KEY_ID]);
  }

  #key(name: string): string {
    return this.#prefix ? `${this.#prefix}/${name}` : name;
  }

  locate(name: string): string {
    return `s3://${this.#bucket}/${this.#key(name)}`;
  }

  #failed(error: unknown, doing: string, name: string): RenderError {
    return s3Failed(error, this.#where, `${doing} ${name}`, this.#redact);
  }

  async stat(name: string): Promise<StoredObject | undefined> {
    try {
      const head = await this.#client.send(new HeadObjectCommand({ Bucket: this.#bucket, Key: this.#key(name) }));
      return { bytes: head.ContentLength ?? 0, sha256: head.Metadata?.[sha256Meta] };
    } catch (error) {
      if (isAbsent(error)) return undefined;
      throw this.#failed(error, 'read', name);
    }
  }

  async upload(name: string, source: UploadSource, digest: FileDigest): Promise<void> {
    const put = (client: S3Client, body: PutObjectCommandInput['Body']) =>
      client.send(new PutObjectCommand({ Bucket: this.#bucket, Key: this.#key(name), Body: body, ContentLength: digest.bytes, Metadata: { [sha256Meta]: digest.sha256 } }));
    if ('data' in source) {
      await put(this.#client, source.data).catch((error: unknown) => {
        throw this.#failed(error, 'write', name);
      });
      return;
    }
    // Content-addressed, so a repeated PUT is harmless: retry what may pass next time, each with a fresh stream.
    for (let attempt = 1; ; attempt += 1) {
      const body = createReadStream(source.path);
      try {
        await put(this.#uploader, body);
        return;
      } catch (error) {
        if (attempt >= uploadAttempts || !isRetryable(error)) throw this.#failed(error, 'write', name);
        await sleep(200 * 4 ** (attempt - 1));
      } finally {
        body.destroy();
      }
    }
  }

  async read(name: string, signal: AbortSignal): Promise<ObjectBody | undefined> {
    try {
      const got = await this.#client.send(new GetObjectCommand({ Bucket: this.#bucket, Key: this.#key(name) }), { abortSignal: signal });
      const body = got.Body as AsyncIterable<Uint8Array> | undefined;
      if (!body) return undefined;
      return { body, bytes: got.ContentLength, sha256: got.Metadata?.[sha256Meta] };
    } catch (error) {
      if (isAbsent(error)) return undefined;
      throw this.#failed(error, 'read', name);
    }
  }

  async remove(name: string): Promise<void> {
    try {
      await this.#client.send(new DeleteObjectCommand({ Bucket: this.#bucket, Key: this.#key(name) }));
    } catch (error) {
      if (!isAbsent(error)) throw this.#failed(error, 'delete', name);
    }
  }
}
