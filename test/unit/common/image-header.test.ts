// Image type and pixel size from headers only: real files made by ffmpeg, and hand-made headers for the edge cases.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readImageHeader } from '../../../src/common/image-header.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/storyboards/good/refs/${name}`, import.meta.url));

describe('readImageHeader', () => {
  it.each([
    ['frame.png', 'image/png'],
    ['frame.jpg', 'image/jpeg'],
    ['frame.webp', 'image/webp'],
    ['frame-lossless.webp', 'image/webp'],
  ])('reads %s (made by ffmpeg, 64x36)', (name, mime) => {
    expect(readImageHeader(fixture(name))).toEqual({ kind: 'image', mime, width: 64, height: 36 });
  });

  it('reads an extended WebP (VP8X) canvas size', () => {
    const header = Buffer.alloc(30);
    header.write('RIFF', 0);
    header.write('WEBPVP8X', 8);
    header.writeUIntLE(1920 - 1, 24, 3);
    header.writeUIntLE(1080 - 1, 27, 3);
    expect(readImageHeader(header)).toEqual({ kind: 'image', mime: 'image/webp', width: 1920, height: 1080 });
  });

  it('finds the JPEG frame header after large metadata segments, and asks for more bytes when it is further on', () => {
    const jpeg = fixture('frame.jpg');
    const app1 = Buffer.alloc(4 + 65_000);
    app1.writeUInt16BE(0xffe1, 0);
    app1.writeUInt16BE(65_000 + 2, 2);
    const withExif = Buffer.concat([jpeg.subarray(0, 2), app1, app1, jpeg.subarray(2)]);
    expect(readImageHeader(withExif.subarray(0, 64 * 1024))).toEqual({ kind: 'need-more' });
    expect(readImageHeader(withExif)).toMatchObject({ kind: 'image', width: 64, height: 36 });
  });

  it('tells text, truncated and zero-sized images apart', () => {
    expect(readImageHeader(Buffer.from('not an image'))).toEqual({ kind: 'not-image' });
    expect(readImageHeader(Buffer.alloc(0))).toEqual({ kind: 'not-image' });
    expect(readImageHeader(fixture('frame.png').subarray(0, 12))).toEqual({ kind: 'need-more' });
    const zeroWidth = Buffer.from(fixture('frame.png'));
    zeroWidth.writeUInt32BE(0, 16);
    expect(readImageHeader(zeroWidth)).toEqual({ kind: 'corrupt', mime: 'image/png' });
    expect(readImageHeader(Buffer.from([0xff, 0xd8, 0xff, 0xda, 0, 4, 0, 0]))).toEqual({ kind: 'corrupt', mime: 'image/jpeg' });
  });
});
