// The shared cache on both backends with one suite: a folder (file://, a temp folder) and S3 (s3rver on 127.0.0.1,
// port 0). What a worker relies on: a pushed key pulls into an empty cache as an entry the local lookup accepts; a
// re-push uploads nothing; a damaged or half-published key is never accepted; failures are CACHE_STORE_FAILED with
// no secret in them.
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { keyComponents, keyOfComponents, sha256Hex } from '../../../src/cache/key.js';
import { lookupCachedClips } from '../../../src/cache/lookup.js';
import { openSharedCache, type SharedCache } from '../../../src/cache/shared/index.js';
import type { BlobStore } from '../../../src/cache/shared/blob-store.js';
import { FileStore } from '../../../src/cache/shared/file-store.js';
import { blobName, entryName } from '../../../src/cache/shared/names.js';
import { S3Store } from '../../../src/cache/shared/s3-store.js';
import { SharedSync } from '../../../src/cache/shared/sync.js';
import { blobPath, cacheLayout, ensureLayout, writeEntry, type CacheEntry, type CacheLayout } from '../../../src/cache/store.js';
import { writeFileAtomic } from '../../../src/common/durable-fs.js';
import { isRenderError } from '../../../src/common/errors.js';
import { unusedLoopbackPort } from '../../support/ports.js';
import { startTestS3, type TestS3 } from '../../support/s3-server.js';

let work: string;
let s3: TestS3;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'render-shared-'));
  s3 = await startTestS3();
});
afterAll(async () => {
  await s3?.stop();
  await rm(work, { recursive: true, force: true });
});

interface Backend {
  name: string;
  /** A fresh, empty shared cache. */
  fresh(): Promise<{ url: string; env: Record<string, string>; store: () => BlobStore }>;
  /** Replace an object's bytes in place, keeping what the store records about it (S3's sha256 metadata). */
  damage(url: string, name: string, data: Buffer): Promise<void>;
  exists(url: string, name: string): Promise<boolean>;
}

let counter = 0;
const rawS3 = () => new S3Client({ endpoint: s3.endpoint, forcePathStyle: true, region: 'us-east-1', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
const s3Key = (url: string, name: string) => `${new URL(url).pathname.slice(1)}/${name}`;

const backends: Backend[] = [
  {
    name: 'file://',
    async fresh() {
      counter += 1;
      const root = join(work, `shared-${counter}`);
      await mkdir(root);
      const url = pathToFileURL(root).href;
      return { url, env: {}, store: () => new FileStore(root, url) };
    },
    async damage(url, name, data) {
      await writeFile(join(new URL(url).pathname, name), data);
    },
    async exists(url, name) {
      return stat(join(new URL(url).pathname, name)).then(() => true, () => false);
    },
  },
  {
    name: 's3://',
    async fresh() {
      counter += 1;
      const url = `s3://${s3.bucket}/team/run-${counter}`;
      const location = { bucket: s3.bucket, prefix: `team/run-${counter}`, url };
      return { url, env: s3.env, store: () => new S3Store(location, s3.env, { connectMs: 2000, idleMs: 5000 }) };
    },
    async damage(url, name, data) {
      const client = rawS3();
      const key = s3Key(url, name);
      const before = await client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }));
      await before.Body?.transformToByteArray();
      await client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: key, Body: data, Metadata: before.Metadata ?? {} }));
    },
    async exists(url, name) {
      return rawS3().send(new GetObjectCommand({ Bucket: s3.bucket, Key: s3Key(url, name) })).then(async (got) => (await got.Body?.transformToByteArray(), true), () => false);
    },
  },
];

const shot = { id: 'intro', model: 'sora-2', size: '720x1280', seconds: 4, prompt: 'a lighthouse at dawn', take: 1, costMicroUsd: 400_000 };
const components = keyComponents({ providerIdentity: 'sim', model: shot.model, size: shot.size, seconds: shot.seconds, prompt: shot.prompt, take: shot.take });
const key = keyOfComponents(components);
const clipBytes = Buffer.from(`mp4 of ${shot.prompt} `.repeat(5000));
const thumbBytes = Buffer.from('jpeg thumbnail bytes');

async function newLocal(): Promise<CacheLayout> {
  counter += 1;
  const layout = cacheLayout(join(work, `local-${counter}`, '.render'));
  await ensureLayout(layout);
  return layout;
}

/** A worker's local cache holding the shot, as the executor stores it. */
async function storedLocally(): Promise<{ layout: CacheLayout; entry: CacheEntry }> {
  const layout = await newLocal();
  const video = { sha256: sha256Hex(clipBytes), bytes: clipBytes.length, ext: 'mp4' };
  const thumbnail = { sha256: sha256Hex(thumbBytes), bytes: thumbBytes.length, ext: 'jpg' };
  await writeFileAtomic(blobPath(layout, video), clipBytes, layout.tmp);
  await writeFileAtomic(blobPath(layout, thumbnail), thumbBytes, layout.tmp);
  const entry: CacheEntry = {
    version: 1, key, shotId: shot.id, components, jobId: 'video_1', createdAt: 1, completedAt: 2, expiresAt: null,
    costMicroUsd: 400_000, video, thumbnail, storedAt: '2026-12-02T00:00:00Z',
  };
  await writeEntry(layout, entry);
  return { layout, entry };
}

const lookup = (layout: CacheLayout) => lookupCachedClips({ cacheDir: layout.root, providerIdentity: 'sim', shots: [shot] });

async function leftovers(layout: CacheLayout): Promise<string[]> {
  const tmp = await readdir(layout.tmp);
  const objects = await readdir(layout.objects, { recursive: true });
  return [...tmp, ...objects.filter((name) => name.includes('.part'))];
}

describe.each(backends)('shared cache on $name', (backend) => {
  let shared: SharedCache;
  let url: string;
  let env: Record<string, string>;
  let store: () => BlobStore;

  beforeEach(async () => {
    ({ url, env, store } = await backend.fresh());
    shared = openSharedCache(url, env);
  });

  it('a pushed key pulls into an empty local cache as an entry the local lookup accepts', async () => {
    const { layout } = await storedLocally();
    await shared.probe();
    await shared.push(layout, key);
    const empty = await newLocal();
    expect(await shared.pull(empty, [key, 'f'.repeat(64)])).toEqual([key]);
    const [clip] = await lookup(empty);
    expect(clip?.file).toBeDefined();
    expect(await readFile(clip!.file!)).toEqual(clipBytes);
    expect(await readFile(clip!.thumbnail!)).toEqual(thumbBytes);
    expect(await leftovers(empty)).toEqual([]);
  });

  it('a re-push uploads nothing, and an object of the same size but another hash is replaced', async () => {
    const { layout, entry } = await storedLocally();
    const first = await shared.pushWithReport(layout, key);
    expect(first.uploaded).toHaveLength(3);
    const again = await shared.pushWithReport(layout, key);
    expect(again).toEqual({ uploaded: [], skipped: first.uploaded });
    // Another process wrote different bytes of the same length (and, on S3, without this content's hash).
    const sameSize = Buffer.alloc(clipBytes.length, 0x41);
    if (backend.name === 's3://') await rawS3().send(new PutObjectCommand({ Bucket: s3.bucket, Key: s3Key(url, blobName(entry.video)), Body: sameSize, Metadata: { sha256: sha256Hex(sameSize) } }));
    else await backend.damage(url, blobName(entry.video), sameSize);
    expect((await shared.pushWithReport(layout, key)).uploaded).toEqual([blobName(entry.video)]);
  });

  it.each([
    ['altered in place (same size)', (bytes: Buffer) => Buffer.from(bytes.toString('latin1').replace('lighthouse', 'LIGHTHOUSE'), 'latin1')],
    ['truncated', (bytes: Buffer) => bytes.subarray(0, 1000)],
    ['grown past its size', (bytes: Buffer) => Buffer.concat([bytes, Buffer.alloc(4096, 0x20)])],
  ])('a shared blob %s is not accepted: the key is absent, and the next push repairs it', async (_how, damageOf) => {
    const { layout, entry } = await storedLocally();
    await shared.push(layout, key);
    await backend.damage(url, blobName(entry.video), damageOf(clipBytes));
    const worker = await newLocal();
    const elsewhere = openSharedCache(url, env);
    expect(await elsewhere.pull(worker, [key])).toEqual([]);
    expect((await lookup(worker))[0]?.file).toBeUndefined();
    expect(await leftovers(worker)).toEqual([]);
    // The worker regenerated (or re-downloaded) the clip: its push replaces the damaged object.
    const regenerated = await storedLocally();
    expect((await elsewhere.pushWithReport(regenerated.layout, key)).uploaded).toContain(blobName(entry.video));
    expect(await shared.pull(await newLocal(), [key])).toEqual([key]);
  });

  it.each([
    ['missing', async (path: string) => rm(path, { force: true })],
    ['truncated', async (path: string) => writeFile(path, thumbBytes.subarray(0, 4))],
  ])('a local thumbnail %s (thumbnails are not fsynced) is left out: the clip still pushes and pulls, and the lookup names no thumbnail', async (_how, lose) => {
    const { layout, entry } = await storedLocally();
    await lose(blobPath(layout, entry.thumbnail!));
    const [local] = await lookup(layout);
    expect(local?.file).toBe(blobPath(layout, entry.video));
    expect(local?.thumbnail).toBeUndefined();
    const report = await shared.pushWithReport(layout, key);
    expect(report.uploaded).toEqual([blobName(entry.video), entryName(key)]);
    const empty = await newLocal();
    expect(await shared.pull(empty, [key])).toEqual([key]);
    const [clip] = await lookup(empty);
    expect(await readFile(clip!.file!)).toEqual(clipBytes);
    expect(clip!.thumbnail).toBeUndefined();
  });

  it('a push interrupted after its blobs (no entry yet) leaves no entry: the key pulls as absent', async () => {
    const { layout, entry } = await storedLocally();
    const real = store();
    // The process dies between the last blob and the entry: the entry's upload never happens.
    const dying: BlobStore = {
      url: real.url,
      locate: (name) => real.locate(name),
      stat: (name) => real.stat(name),
      read: (name, signal) => real.read(name, signal),
      remove: (name) => real.remove(name),
      upload: async (name, source, digest) => {
        if (name.startsWith('index/')) throw new Error('killed before the entry');
        await real.upload(name, source, digest);
      },
    };
    await expect(new SharedSync(dying, { limits: { baseMs: 5000, floorBytesPerSecond: 1e6 }, concurrency: 2 }).push(layout, key)).rejects.toThrow('killed before the entry');
    expect(await backend.exists(url, blobName(entry.video))).toBe(true);
    expect(await backend.exists(url, entryName(key))).toBe(false);
    const worker = await newLocal();
    expect(await shared.pull(worker, [key])).toEqual([]);
    expect((await lookup(worker))[0]?.file).toBeUndefined();
  });

  it('putFile and getFile round-trip a cut; names that escape the prefix are refused', async () => {
    const local = join(work, `cut-${counter}.mp4`);
    await writeFile(local, clipBytes);
    const where = await shared.putFile('cuts/b-1/promo/final.mp4', local);
    expect(where).toContain('cuts/b-1/promo/final.mp4');
    const back = join(work, `back-${counter}`, 'final.mp4');
    expect(await shared.getFile('cuts/b-1/promo/final.mp4', back)).toBe(true);
    expect(await readFile(back)).toEqual(clipBytes);
    expect(await shared.getFile('cuts/b-1/promo/none.mp4', join(work, 'none.mp4'))).toBe(false);
    for (const bad of ['../outside.mp4', 'cuts/../../x', '/etc/passwd', 'objects/ab/x.mp4', 'index/x.json', 'a//b', 'a\\b']) {
      await expect(shared.putFile(bad, local), bad).rejects.toMatchObject({ code: 'CACHE_STORE_FAILED' });
    }
  });
});

describe('store failures are CACHE_STORE_FAILED with a hint, and no secret in them', () => {
  const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzz-very-secret';
  const accessKey = 'AKIAEXAMPLEKEY123456';

  async function failure(run: () => Promise<unknown>): Promise<{ message: string; hint: string }> {
    const error = await run().then(() => undefined, (caught: unknown) => caught);
    expect(isRenderError(error) && error.code).toBe('CACHE_STORE_FAILED');
    const { message, hint } = error as { message: string; hint: string };
    expect(`${message} ${hint}`).not.toContain(secret);
    expect(`${message} ${hint}`).not.toContain(accessKey);
    return { message, hint };
  }

  it('an S3 endpoint nothing listens on', async () => {
    const port = await unusedLoopbackPort();
    const env = { RENDER_S3_ENDPOINT: `http://127.0.0.1:${port}`, AWS_ACCESS_KEY_ID: accessKey, AWS_SECRET_ACCESS_KEY: secret };
    const { message, hint } = await failure(() => openSharedCache('s3://render-cache/x', env).probe());
    expect(message).toContain('cannot be reached');
    expect(message).toContain(`127.0.0.1:${port}`);
    expect(hint).toContain('RENDER_S3_ENDPOINT');
  });

  it('credentials the server refuses', async () => {
    const env = { ...s3.env, AWS_ACCESS_KEY_ID: accessKey, AWS_SECRET_ACCESS_KEY: secret };
    const { message } = await failure(() => openSharedCache(`s3://${s3.bucket}/x`, env).probe());
    expect(message).toContain('access denied');
  });

  it('a bucket that does not exist', async () => {
    const { message } = await failure(() => openSharedCache('s3://no-such-bucket/x', s3.env).probe());
    expect(message).toContain('bucket does not exist');
  });

  it('a shared folder that is not there (an unmounted share is not created)', async () => {
    const missing = join(work, 'not-mounted');
    const { hint } = await failure(() => openSharedCache(pathToFileURL(missing).href, {}).probe());
    expect(hint).toContain('mounted');
    expect(await stat(missing).then(() => true, () => false)).toBe(false);
  });
});
