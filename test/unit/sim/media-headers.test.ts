// Image and MP4 headers are read like the API reads them: format by magic bytes, size from the header; junk never throws.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readImageInfo } from '../../../src/common/image-header.js';
import { readMp4Info } from '../../../src/sim/api/mp4-header.js';
import { makeImage, makeVideo } from './support/harness.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sim-headers-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('readImageInfo', () => {
  it.each([
    ['png', 'image/png'],
    ['jpg', 'image/jpeg'],
    ['webp', 'image/webp'],
  ] as const)('reads the size of a real %s', async (ext, mime) => {
    for (const size of ['1280x720', '720x1280']) {
      const info = readImageInfo(await makeImage(dir, size, ext));
      expect(info).toEqual({ mime, width: Number(size.split('x')[0]), height: Number(size.split('x')[1]) });
    }
  });

  it('reads lossless (VP8L) and extended (VP8X) WebP headers', () => {
    const riff = (chunk: Buffer) => Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBP'), chunk, Buffer.alloc(16)]);
    const vp8l = Buffer.alloc(13);
    vp8l.write('VP8L', 0, 'latin1');
    vp8l[8] = 0x2f;
    vp8l.writeUInt32LE((1280 - 1) | ((720 - 1) << 14), 9);
    expect(readImageInfo(riff(vp8l))).toEqual({ mime: 'image/webp', width: 1280, height: 720 });
    const vp8x = Buffer.alloc(18);
    vp8x.write('VP8X', 0, 'latin1');
    vp8x.writeUIntLE(1792 - 1, 12, 3);
    vp8x.writeUIntLE(1024 - 1, 15, 3);
    expect(readImageInfo(riff(vp8x))).toEqual({ mime: 'image/webp', width: 1792, height: 1024 });
  });

  it('says undefined for anything else, truncated headers and random bytes included', async () => {
    expect(readImageInfo(Buffer.from('GIF89a....'))).toBeUndefined();
    expect(readImageInfo((await makeImage(dir, '1280x720', 'png')).subarray(0, 20))).toBeUndefined();
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => void readImageInfo(Buffer.from(bytes))));
  });
});

describe('readMp4Info', () => {
  it('reads width, height and duration of a real MP4', async () => {
    const info = readMp4Info(await makeVideo(dir, '720x1280', 2));
    expect(info).toMatchObject({ width: 720, height: 1280 });
    expect(info?.durationSeconds).toBeCloseTo(2, 1);
  });

  it('says undefined for non-MP4 data, and never throws on junk', async () => {
    expect(readMp4Info(Buffer.from('not a video at all'))).toBeUndefined();
    const video = await makeVideo(dir, '1280x720', 1);
    fc.assert(
      fc.property(fc.nat({ max: video.length }), fc.uint8Array({ maxLength: 32 }), (cut, noise) => void readMp4Info(Buffer.concat([video.subarray(0, cut), Buffer.from(noise)]))),
      { numRuns: 200 },
    );
  });
});
