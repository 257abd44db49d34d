// Pictures on real ffmpeg: the contact sheet (labels with quotes, colons, brackets, newlines), posters, fitted
// reference images, and the escaper checked against how ffmpeg itself parses a graph.
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRenderError } from '../../src/common/errors.js';
import { extractThumbnail, makeContactSheet } from '../../src/stitch/contact-sheet.js';
import { filter } from '../../src/stitch/escape.js';
import { fitImage } from '../../src/stitch/fit-image.js';
import { locateFfmpeg } from '../../src/stitch/tools.js';
import type { FfmpegTools } from '../../src/stitch/types.js';
import { ffmpeg, makeClip, probe, tempDir } from '../unit/stitch/support/media.js';

let dir: string;
let tools: FfmpegTools;
let clips: string[];
const signal = new AbortController().signal;
const nasty = "It's 10:30; [ok], done \\ 50% %{pts}";
const font = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';

beforeAll(async () => {
  dir = await tempDir('sheet');
  tools = await locateFfmpeg(process.env);
  clips = await Promise.all([1, 2, 3].map((k) => makeClip(dir, `c${k}.mp4`, { video: 'color=c=0x303030', audio: null })));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Luma plane of an image file. */
async function luma(file: string): Promise<{ pixels: Buffer; width: number }> {
  const width = (await probe(file)).streams[0]?.width ?? 0;
  return { pixels: await ffmpeg(['-i', file, '-pix_fmt', 'gray', '-f', 'rawvideo', 'pipe:1']), width };
}

/** Bright pixels in rows [y0, y1) and the right-most column holding one. */
function ink(image: { pixels: Buffer; width: number }, y0: number, y1: number, x0: number, x1: number) {
  let count = 0;
  let right = -1;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      if ((image.pixels[y * image.width + x] ?? 0) > 128) {
        count += 1;
        right = Math.max(right, x - x0);
      }
    }
  }
  return { count, right };
}

describe('contact sheet', () => {
  it('draws one labelled frame per shot on a grid sized to the count, labels exactly as written', async () => {
    const output = join(dir, 'out', 'contact-sheet.jpg');
    const labels = [`s1: ${nasty}\nsecond line`, 'plain', 'third'];
    const result = await makeContactSheet({ tools, signal, output, clips: clips.map((file, k) => ({ shotId: `s${k}`, file, label: labels[k] ?? '' })) });
    expect(result).toMatchObject({ cols: 2, rows: 2 });
    // 2 x 320 px tiles + 3 x 4 px gaps wide; 2 x (180 + 40 px label) + 3 x 4 px high.
    expect((await probe(output)).streams[0]).toMatchObject({ codec_name: 'mjpeg', width: 652, height: 452 });
    const sheet = await luma(output);
    const line1 = ink(sheet, 4 + 180 + 2, 4 + 180 + 20, 4, 324);
    const line2 = ink(sheet, 4 + 180 + 21, 4 + 180 + 40, 4, 324);
    expect(line1.right).toBeGreaterThan(250);
    expect(line2.count).toBeGreaterThan(30);
    expect(ink(sheet, 4 + 180 + 21, 4 + 180 + 40, 328, 648).count).toBeLessThan(5);
    expect(await readdir(join(dir, 'out'))).toEqual(['contact-sheet.jpg']);
  });

  it('renders the same pixels for a label passed inline through our escaper as from a textfile', async () => {
    const textFile = join(dir, 'label.txt');
    await writeFile(textFile, nasty);
    const draw = (option: readonly [string, string]) =>
      ffmpeg(['-f', 'lavfi', '-i', 'color=c=black:s=400x40:d=0.04', '-vf',
        filter('drawtext', [['expansion', 'none'], option, ['fontfile', font], ['fontsize', 16], ['fontcolor', 'white'], ['x', 4], ['y', 10]]),
        '-frames:v', '1', '-pix_fmt', 'gray', '-f', 'rawvideo', 'pipe:1']);
    const [inline, fromFile] = await Promise.all([draw(['text', nasty]), draw(['textfile', textFile])]);
    expect(inline.some((p) => p > 128)).toBe(true);
    expect(inline.equals(fromFile)).toBe(true);
  });
});

describe('posters', () => {
  it('writes a JPEG or WebP frame at the requested width', async () => {
    const jpeg = await extractThumbnail({ tools, signal, file: clips[0] as string, output: join(dir, 'p.jpg') });
    const webp = await extractThumbnail({ tools, signal, file: clips[0] as string, output: join(dir, 'p.webp'), format: 'webp', width: 320 });
    expect((await probe(jpeg)).streams[0]).toMatchObject({ codec_name: 'mjpeg', width: 640, height: 360 });
    expect((await probe(webp)).streams[0]).toMatchObject({ codec_name: 'webp', width: 320, height: 180 });
  });
});

describe('fitImage', () => {
  let png: string;
  beforeAll(async () => {
    png = join(dir, 'ref.png');
    await ffmpeg(['-f', 'lavfi', '-i', 'color=c=white:s=400x300', '-frames:v', '1', '-y', png]);
  });

  const fitted = async (fit: 'cover' | 'contain', width: number, height: number) => {
    const result = await fitImage({ tools, signal, input: png, width, height, fit });
    const file = join(dir, `fitted-${fit}.png`);
    await writeFile(file, result.bytes);
    return { result, image: await luma(file), info: (await probe(file)).streams[0] };
  };

  it('cover fills the shot size; contain pads it with black', async () => {
    const cover = await fitted('cover', 720, 1280);
    expect(cover.result.mime).toBe('image/png');
    expect(cover.info).toMatchObject({ codec_name: 'png', width: 720, height: 1280 });
    expect(ink(cover.image, 0, 10, 0, 720).count).toBe(7200);
    const contain = await fitted('contain', 720, 1280);
    expect(contain.info).toMatchObject({ width: 720, height: 1280 });
    expect(ink(contain.image, 0, 10, 0, 720).count).toBe(0);
    expect(ink(contain.image, 630, 650, 0, 720).count).toBe(20 * 720);
  });

  it('keeps the bytes with fit: none, reads by content not name, and refuses what is not an image', async () => {
    expect(await fitImage({ tools, signal, input: png, width: 1, height: 1, fit: 'none' })).toEqual({ bytes: await readFile(png), mime: 'image/png' });
    const jpegNamedPng = join(dir, 'really-a-jpeg.png');
    await ffmpeg(['-f', 'lavfi', '-i', 'color=c=white:s=64x64', '-frames:v', '1', '-f', 'image2', '-c:v', 'mjpeg', '-y', jpegNamedPng]);
    expect((await fitImage({ tools, signal, input: jpegNamedPng, width: 32, height: 32, fit: 'cover' })).bytes.subarray(1, 4).toString()).toBe('PNG');
    const error = await fitImage({ tools, signal, input: clips[0] as string, width: 32, height: 32, fit: 'cover' }).catch((e: unknown) => e);
    expect(isRenderError(error) && `${error.code}/${error.exitCode}`).toBe('REFERENCE_UNSUPPORTED/2');
  });
});
