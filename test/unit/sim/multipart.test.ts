// The multipart parser reads back exactly what undici's FormData (the SDK's encoder) wrote, binary-safe.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formToObject, splitBracketKey } from '../../../src/sim/http/form-fields.js';
import { SimApiError } from '../../../src/sim/http/api-error.js';
import { multipartBoundary, parseMultipart } from '../../../src/sim/http/multipart.js';

async function encode(form: FormData): Promise<{ body: Buffer; boundary: string }> {
  const request = new Request('http://x.invalid/', { method: 'POST', body: form });
  const boundary = multipartBoundary(request.headers.get('content-type') ?? '');
  if (!boundary) throw new Error('no boundary');
  return { body: Buffer.from(await request.arrayBuffer()), boundary };
}

describe('parseMultipart', () => {
  it('round-trips text fields and binary files, including CRLF and boundary-like bytes inside the file', async () => {
    const nasty = Buffer.concat([Buffer.from('\r\n--'), Buffer.from([0, 255, 13, 10, 13, 10]), Buffer.from('--boundary\r\n')]);
    const form = new FormData();
    form.append('prompt', 'a "quoted"\r\nprompt');
    form.append('input_reference', new File([nasty], 'ref "1".png', { type: 'image/png' }));
    const { body, boundary } = await encode(form);
    const parts = parseMultipart(body, boundary);
    expect(parts.map((p) => p.name)).toEqual(['prompt', 'input_reference']);
    expect(parts[0]?.data.toString()).toBe('a "quoted"\r\nprompt');
    expect(parts[1]).toMatchObject({ filename: 'ref "1".png', contentType: 'image/png' });
    expect(parts[1]?.data.equals(nasty)).toBe(true);
  });

  it("keeps a name's own lower-case '%0d' (encoders escape in upper case only)", async () => {
    const form = new FormData();
    form.append('%0d ', 'x');
    const { body, boundary } = await encode(form);
    expect(parseMultipart(body, boundary).map((p) => p.name)).toEqual(['%0d ']);
  });

  it('round-trips any set of fields (property)', async () => {
    await fc.assert(
      // A name holding '%0D', '%0A' or '%22' itself cannot round-trip: encoders leave a literal '%' unescaped.
      fc.asyncProperty(fc.array(fc.tuple(fc.string({ minLength: 1 }).filter((name) => !/%(0D|0A|22)/.test(name)), fc.oneof(fc.string(), fc.uint8Array()))), async (fields) => {
        const form = new FormData();
        for (const [name, value] of fields) form.append(name, typeof value === 'string' ? value : new File([value], 'f.bin'));
        const { body, boundary } = await encode(form);
        const parts = parseMultipart(body, boundary);
        const normalise = (s: string) => s.replace(/\r\n|\r(?!\n)|\n/g, '\r\n');
        expect(parts.map((p) => p.name)).toEqual(fields.map(([name]) => name));
        for (const [index, [, value]] of fields.entries()) {
          const data = parts[index]?.data ?? Buffer.alloc(0);
          if (typeof value === 'string') expect(data.toString()).toBe(normalise(value));
          else expect(data.equals(Buffer.from(value))).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('refuses a body that is not multipart with a 400, never a crash', () => {
    expect(() => parseMultipart(Buffer.from('hello'), 'b')).toThrow(SimApiError);
    expect(() => parseMultipart(Buffer.from('--b\r\nno headers end'), 'b')).toThrow(/end of headers/);
    expect(() => parseMultipart(Buffer.from('--b\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue'), 'b')).toThrow(/closing boundary/);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        try {
          parseMultipart(Buffer.concat([Buffer.from('--b\r\n'), Buffer.from(bytes)]), 'b');
        } catch (error) {
          expect(error).toBeInstanceOf(SimApiError);
        }
      }),
    );
  });
});

describe('bracket keys, as the SDK encodes nested values', () => {
  it('splits keys into path segments', () => {
    expect(splitBracketKey('prompt')).toEqual(['prompt']);
    expect(splitBracketKey('input_reference[file_id]')).toEqual(['input_reference', 'file_id']);
    expect(splitBracketKey('characters[][id]')).toEqual(['characters', '', 'id']);
  });

  it('nests objects and arrays of objects back into what the SDK was given', () => {
    const text = (name: string, value: string) => ({ name, data: Buffer.from(value) });
    const fields = formToObject([text('input_reference[file_id]', 'file-1'), text('characters[][id]', 'char_a'), text('characters[][id]', 'char_b'), text('video[id]', 'video_1')]);
    expect(fields).toEqual({ input_reference: { file_id: 'file-1' }, characters: [{ id: 'char_a' }, { id: 'char_b' }], video: { id: 'video_1' } });
  });

  it('ignores keys that would reach Object.prototype', () => {
    const fields = formToObject([{ name: '__proto__[polluted]', data: Buffer.from('yes') }, { name: 'a[constructor][prototype]', data: Buffer.from('x') }]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(fields)).toEqual(['a']);
  });
});
