// Trims and transitions on real ffmpeg: frame-exact cuts, durations = clips - overlaps, transitions that visibly
// happen, no gap in the sound; an aborted stitch leaves nothing under the final name.
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRenderError } from '../../src/common/errors.js';
import { stitchCut, type StitchInput } from '../../src/stitch/stitch.js';
import { locateFfmpeg } from '../../src/stitch/tools.js';
import type { FfmpegTools } from '../../src/stitch/types.js';
import { boundaryLevels, decodeAudio, lumaOfFrame, makeClip, mean, probe, tempDir } from '../unit/stitch/support/media.js';

let root: string;
let dir: string;
let tools: FfmpegTools;
let white: string;
let gray: string;
let ramp: string;
const signal = new AbortController().signal;
const cut = (type: 'cut' | 'crossfade' | 'fade'): StitchInput['cut'] => ({
  transition: { type, seconds: 0.5 }, audio: { loudnorm: false, targetLufs: -16 }, size: '320x180', fit: 'contain',
});
/** Mean luma of frame n. */
const lumaAt = async (file: string, n: number) => mean(await lumaOfFrame(file, n));

beforeAll(async () => {
  root = await tempDir('transitions');
  // A storyboard folder whose name would break a naively built graph or concat list.
  dir = join(root, "it's: a [cut], ok; really");
  await mkdir(dir);
  tools = await locateFfmpeg(process.env);
  [white, gray, ramp] = await Promise.all([
    makeClip(dir, 'white.mp4', { video: 'color=c=white' }),
    makeClip(dir, 'gray.mp4', { video: 'color=c=gray' }),
    makeClip(dir, 'ramp.mp4', { video: 'color=c=black', filter: 'geq=lum=4*N:cb=128:cr=128' }),
  ]);
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('trims', () => {
  it('cut on the exact frames asked for (from 0.5 s = frame 15, to 1.5 s = frame 45)', async () => {
    const output = join(dir, 'trim.mp4');
    const clips = [{ shotId: "a'[1]", file: ramp, from: 0.5, to: 1.5 }, { shotId: 'b;2', file: white }];
    const result = await stitchCut({ tools, cut: cut('cut'), output, workDir: dir, signal, clips });
    expect(result.entries).toEqual([
      { shotId: "a'[1]", startSeconds: 0, endSeconds: 1 },
      { shotId: 'b;2', startSeconds: 1, endSeconds: 5 },
    ]);
    expect(Math.abs((await lumaAt(output, 0)) - 60)).toBeLessThan(2);
    expect(Math.abs((await lumaAt(output, 29)) - 176)).toBeLessThan(2);
    expect(await lumaAt(output, 30)).toBeGreaterThan(230);
    expect((await probe(output)).streams[0]?.nb_frames).toBe('150');
  });
});

describe.each([
  ['crossfade', 150, 210],
  ['fade', 0, 80],
] as const)('%s between trimmed clips', (type, low, high) => {
  const output = () => join(dir, `${type}.mp4`);

  beforeAll(async () => {
    const clips = [{ shotId: 'w1', file: white }, { shotId: 'g', file: gray, from: 0.5, to: 3.5 }, { shotId: 'w2', file: white }];
    await stitchCut({ tools, cut: cut(type), output: output(), workDir: dir, signal, clips });
  });

  it('lasts the sum of the clips minus the overlaps (4 + 3 + 4 - 2 x 0.5 = 10 s), sound included', async () => {
    expect((await probe(output())).streams[0]?.nb_frames).toBe('300');
    expect(Math.abs((await decodeAudio(output())).length / 48000 - 10)).toBeLessThan(1 / 30);
  });

  it('visibly transitions: the middle of each overlap is blended (crossfade) or dark (fade)', async () => {
    expect(await lumaAt(output(), 100)).toBeGreaterThan(230);
    for (const middle of [112, 187]) {
      const luma = await lumaAt(output(), middle);
      expect(luma, `frame ${middle}`).toBeGreaterThanOrEqual(low);
      expect(luma, `frame ${middle}`).toBeLessThanOrEqual(high);
    }
    expect(Math.abs((await lumaAt(output(), 150)) - 126)).toBeLessThan(6);
  });

  it('keeps the tone level through both overlaps (no gap, no click)', async () => {
    for (const b of boundaryLevels(await decodeAudio(output()), [3.75, 6.25])) {
      expect(b.level, `level at ${b.at} s`).toBeGreaterThan(0.8);
      expect(b.step, `step at ${b.at} s`).toBeLessThan(1.5);
    }
  });
});

describe('an interrupted stitch', () => {
  it('stops ffmpeg, reports INTERRUPTED (exit 130) and leaves no file under the final name, nor a temp file', async () => {
    const outDir = join(dir, 'aborted');
    const output = join(outDir, 'final.mp4');
    const controller = new AbortController();
    const clips = [white, gray, ramp, white, gray, ramp].map((file, k) => ({ shotId: `s${k}`, file }));
    const error = await stitchCut({
      tools, cut: cut('crossfade'), output, workDir: dir, signal: controller.signal, clips,
      onProgress: (p) => p.fraction > 0.05 && controller.abort(new Error('Ctrl-C')),
    }).catch((e: unknown) => e);
    expect(isRenderError(error) && `${error.code}/${error.exitCode}`).toBe('INTERRUPTED/130');
    expect(await readdir(outDir)).toEqual([]);
    expect((await readdir(dir)).filter((f) => f.startsWith('stitch-'))).toEqual([]);
  });
});
