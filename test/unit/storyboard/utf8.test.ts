// Strict UTF-8 decoding, and pointing at the first bad byte the way an editor counts lines and columns.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeUtf8, firstInvalidUtf8Offset } from '../../../src/storyboard/utf8.js';

const bytes = (...parts: Array<string | number[]>) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));

describe('decodeUtf8', () => {
  it('drops a BOM and keeps everything else', () => {
    expect(decodeUtf8(bytes([0xef, 0xbb, 0xbf], 'a: café\r\n'))).toEqual({ ok: true, text: 'a: café\r\n' });
  });

  it('points at the first bad byte by line and column', () => {
    expect(decodeUtf8(bytes('a: 1\nb: caf', [0xe9], '\n'))).toEqual({ ok: false, position: { line: 2, col: 7 }, byte: 0xe9 });
    expect(decodeUtf8(bytes('é ✓ 𝄞 ', [0xc0, 0xaf]))).toMatchObject({ position: { line: 1, col: 8 }, byte: 0xc0 });
    expect(decodeUtf8(bytes([0xef, 0xbb, 0xbf], 'x', [0xed, 0xa0, 0x80]))).toMatchObject({ position: { line: 1, col: 2 } });
  });

  it('agrees with the platform decoder on which byte strings are valid', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 24 }), (data) => {
        let valid = true;
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(data);
        } catch {
          valid = false;
        }
        expect(firstInvalidUtf8Offset(data) === data.length).toBe(valid);
      }),
      { numRuns: 5000 },
    );
  });
});
