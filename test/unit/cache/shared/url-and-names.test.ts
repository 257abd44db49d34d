// --cache-url parsing, the names objects get inside the shared cache, what an untrusted shared entry must be, and
// the S3 client's settings from the environment: pure functions, no I/O.
import { describe, expect, it } from 'vitest';
import { parseCacheUrl } from '../../../../src/cache/shared/url.js';
import { blobName, entryName, fileNameProblem, isSharedEntry } from '../../../../src/cache/shared/names.js';
import { describeS3Error } from '../../../../src/cache/shared/s3-errors.js';
import { s3ClientConfig } from '../../../../src/cache/shared/s3-store.js';
import { isRenderError } from '../../../../src/common/errors.js';

const timeouts = { connectMs: 1000, idleMs: 2000 };
const sha = 'ab'.padEnd(64, 'c');
const key = 'de'.padEnd(64, 'f');

function refusal(raw: string): string {
  try {
    parseCacheUrl(raw);
  } catch (error) {
    if (isRenderError(error) && error.code === 'CACHE_URL_INVALID') return error.message;
    throw error;
  }
  throw new Error(`accepted ${raw}`);
}

describe('parseCacheUrl', () => {
  it('reads a folder and a bucket with its prefix', () => {
    expect(parseCacheUrl('file:///mnt/render-cache/')).toEqual({ kind: 'file', root: '/mnt/render-cache', url: 'file:///mnt/render-cache' });
    expect(parseCacheUrl('file://localhost/mnt/a%20b')).toMatchObject({ kind: 'file', root: '/mnt/a b' });
    expect(parseCacheUrl('s3://team-renders/nightly/cache/')).toEqual({ kind: 's3', bucket: 'team-renders', prefix: 'nightly/cache', url: 's3://team-renders/nightly/cache' });
    expect(parseCacheUrl('s3://team-renders')).toEqual({ kind: 's3', bucket: 'team-renders', prefix: '', url: 's3://team-renders' });
  });

  it.each([
    ['/mnt/render-cache', 'not a URL'],
    ['https://example.com/cache', 'https:// is not supported'],
    ['file://server/share', 'not on host "server"'],
    ['file:///', 'root folder'],
    ['file:///mnt/../etc', '. or .. segments'],
    ['file:///mnt/cache?x=1', 'no query'],
    ['s3://Bad_Bucket/x', 'not a bucket name'],
    ['s3://ab/x', 'not a bucket name'],
    ['s3://bucket:9000/x', 'not a server'],
    ['s3://bucket/a/../b', 'prefix is not valid'],
    ['s3://bucket/a//b', 'prefix is not valid'],
  ])('refuses %s (%s)', (raw, why) => {
    expect(refusal(raw)).toContain(why);
  });

  it('never echoes credentials put in the URL', () => {
    const message = refusal('s3://AKIAEXAMPLE:s3cr3t-value@bucket/prefix');
    expect(message).toContain('user name or password');
    expect(message).not.toContain('s3cr3t-value');
    expect(message).not.toContain('AKIAEXAMPLE');
    expect(refusal('https://user:s3cr3t-value@host/x')).not.toContain('s3cr3t-value');
  });
});

describe('names in the shared cache', () => {
  it('lays blobs and entries out as the local cache does', () => {
    expect(blobName({ sha256: sha, ext: 'mp4' })).toBe(`objects/ab/${sha}.mp4`);
    expect(entryName(key)).toBe(`index/de/${key}.json`);
    expect(() => entryName('../../etc/passwd')).toThrow('not a cache key');
  });

  it('accepts relative file names and refuses any that escape the prefix or enter the cache itself', () => {
    expect(fileNameProblem('cuts/b-20261202-010000-ab12/promo/final.mp4')).toBeUndefined();
    for (const bad of ['', '/abs', '../x', 'a/../../x', 'a/./b', 'a//b', 'a\\b', 'a\u0000b', 'objects/x', 'index/x', 'probe/x', 'cuts/.render-tmp-x.part']) {
      expect(fileNameProblem(bad), JSON.stringify(bad)).toBeDefined();
    }
  });

  it('accepts a shared entry only when it is filed under its key and its blobs can only name objects/', () => {
    const entry = { version: 1, key, shotId: 'intro', jobId: 'video_1', video: { sha256: sha, bytes: 10, ext: 'mp4' } };
    expect(isSharedEntry(entry, key)).toBe(true);
    expect(isSharedEntry(entry, sha)).toBe(false);
    expect(isSharedEntry({ ...entry, video: { ...entry.video, ext: '../../../x' } }, key)).toBe(false);
    expect(isSharedEntry({ ...entry, video: { ...entry.video, sha256: '../x' } }, key)).toBe(false);
    expect(isSharedEntry({ ...entry, video: { ...entry.video, bytes: -1 } }, key)).toBe(false);
    expect(isSharedEntry({ ...entry, video: { ...entry.video, bytes: 2 ** 40 } }, key)).toBe(false);
    expect(isSharedEntry({ ...entry, thumbnail: { sha256: sha, bytes: 1, ext: 'jpg/x' } }, key)).toBe(false);
  });
});

describe('S3 settings from the environment', () => {
  it('uses the endpoint path-style, the region (us-east-1 by default) and the given keys', () => {
    const config = s3ClientConfig({ RENDER_S3_ENDPOINT: 'http://127.0.0.1:9000', AWS_ENDPOINT_URL: 'http://other', AWS_ACCESS_KEY_ID: 'id', AWS_SECRET_ACCESS_KEY: 'secret' }, timeouts);
    expect(config).toMatchObject({ endpoint: 'http://127.0.0.1:9000', forcePathStyle: true, region: 'us-east-1', credentials: { accessKeyId: 'id', secretAccessKey: 'secret' } });
    const aws = s3ClientConfig({ AWS_REGION: 'eu-west-3' }, timeouts);
    expect(aws.region).toBe('eu-west-3');
    expect(aws.endpoint).toBeUndefined();
    expect(aws.forcePathStyle).toBeUndefined();
    expect(aws.credentials).toBeUndefined(); // the SDK's standard chain
    expect(s3ClientConfig({ AWS_ENDPOINT_URL: 'https://s3.example.com' }, timeouts).endpoint).toBe('https://s3.example.com');
  });

  it('refuses an endpoint that is not http(s) or carries credentials', () => {
    expect(() => s3ClientConfig({ RENDER_S3_ENDPOINT: 'ftp://x' }, timeouts)).toThrow('RENDER_S3_ENDPOINT is not an http(s) URL');
    let message = '';
    try {
      s3ClientConfig({ AWS_ENDPOINT_URL: 'https://key:s3cr3t@s3.example.com' }, timeouts);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('carries a user name or password');
    expect(message).not.toContain('s3cr3t');
  });

  it('tells denied, missing bucket, unreachable and missing credentials apart', () => {
    expect(describeS3Error({ name: 'InvalidAccessKeyId', $metadata: { httpStatusCode: 403 } }).reason).toContain('access denied');
    expect(describeS3Error({ name: 'NoSuchBucket', $metadata: { httpStatusCode: 404 } }).reason).toContain('bucket does not exist');
    expect(describeS3Error({ name: 'Error', code: 'ECONNREFUSED' }).reason).toContain('cannot be reached');
    expect(describeS3Error({ name: 'CredentialsProviderError', message: 'Could not load credentials' }).hint).toContain('AWS_ACCESS_KEY_ID');
  });
});
