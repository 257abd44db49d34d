// Normalising path on real ffmpeg: mixed sizes, rates, sample rates and a clip without audio become one clean cut;
// loudnorm lands on its target.
import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stitchCut, type StitchInput, type StitchResult } from '../../src/stitch/stitch.js';
import { locateFfmpeg } from '../../src/stitch/tools.js';
import type { FfmpegTools } from '../../src/stitch/types.js';
import { boundaryLevels, decodeAudio, lumaOfFrame, makeClip, mean, probe, rms, tempDir } from '../unit/stitch/support/media.js';

let dir: string;
let tools: FfmpegTools;
const base: StitchInput['cut'] = { transition: { type: 'cut', seconds: 0 }, audio: { loudnorm: false, targetLufs: -16 }, size: '320x180', fit: 'contain' };
const signal = new AbortController().signal;

beforeAll(async () => {
  dir = await tempDir('normalise');
  tools = await locateFfmpeg(process.env);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Mean luma of columns [x0, x1) of a 320x180 grey frame. */
function columns(frame: Uint8Array, x0: number, x1: number): number {
  let sum = 0;
  for (let y = 0; y < 180; y++) sum += mean(frame, y * 320 + x0, y * 320 + x1) * (x1 - x0);
  return sum / (180 * (x1 - x0));
}

describe('mixed clips (sizes, frame rates, sample rates, no audio)', () => {
  let result: StitchResult;
  const output = () => join(dir, 'mixed.mp4');

  beforeAll(async () => {
    const clips = await Promise.all([
      makeClip(dir, 'a.mp4'),
      makeClip(dir, 'b-portrait.mp4', { size: '180x320', fps: 24, video: 'color=c=white', audio: { rate: 44100, channels: 1 } }),
      makeClip(dir, 'c-silent.mp4', { audio: null }),
      makeClip(dir, 'd-4x3.mp4', { size: '240x180', fps: 25 }),
    ]);
    result = await stitchCut({ tools, cut: base, output: output(), workDir: dir, signal, clips: clips.map((file, k) => ({ shotId: `s${k}`, file })) });
  });

  it('re-encodes to the cut size at the first clip rate, 48 kHz stereo, with every duration exact', async () => {
    expect(result.path).toBe('normalise');
    expect(result.reasons.join('\n')).toMatch(/s1 is h264 .* 180x320/);
    const [video, audio] = (await probe(output())).streams;
    expect(video).toMatchObject({ codec_name: 'h264', width: 320, height: 180, r_frame_rate: '30/1', nb_frames: '480' });
    expect(audio).toMatchObject({ codec_name: 'aac', sample_rate: '48000', channels: 2 });
    expect(result.verification.videoCheck).toBe('decode');
    expect(Math.abs((await decodeAudio(output())).length / 48000 - 16)).toBeLessThan(1 / 30);
  });

  it('pillarboxes the portrait clip (contain) and keeps the tone continuous across the resampled join', async () => {
    const frame = await lumaOfFrame(output(), 180);
    expect(columns(frame, 0, 60)).toBeLessThan(30);
    expect(columns(frame, 140, 180)).toBeGreaterThan(200);
    const [join4] = boundaryLevels(await decodeAudio(output()), [4]);
    expect(join4?.level).toBeGreaterThan(0.8);
    expect(join4?.step).toBeLessThan(1.5);
  });

  it('fills the clip without audio with silence of exactly its length', async () => {
    const audio = await decodeAudio(output());
    const steady = rms(audio, 48000, 96000);
    const level = (from: number, to: number) => rms(audio, Math.round(from * 48000), Math.round(to * 48000)) / steady;
    expect(level(7.95, 7.995)).toBeGreaterThan(0.8);
    expect(level(8.005, 11.995)).toBeLessThan(0.01);
    expect(level(12.005, 12.05)).toBeGreaterThan(0.8);
  });

  it('crops instead of padding with fit: cover', async () => {
    const portrait = join(dir, 'b-portrait.mp4');
    const cover = join(dir, 'cover.mp4');
    await stitchCut({ tools, cut: { ...base, fit: 'cover' }, output: cover, workDir: dir, signal, clips: [{ shotId: 'b', file: portrait }] });
    expect(columns(await lumaOfFrame(cover, 60), 0, 60)).toBeGreaterThan(200);
  });
});

describe('audio.loudnorm', () => {
  const integrated = async (file: string) => {
    const { stderr } = await promisify(execFile)('ffmpeg', ['-nostdin', '-hide_banner', '-nostats', '-i', file, '-map', '0:a', '-af', 'ebur128', '-f', 'null', '-']);
    return Number([...stderr.matchAll(/I:\s+(-?[\d.]+) LUFS/g)].at(-1)?.[1]);
  };

  it.each([
    ['fast', 'cut'],
    ['normalise', 'crossfade'],
  ] as const)('lands within 1 LU of the target on the %s path (two passes, linear), at 48 kHz', async (path, type) => {
    const quiet = await Promise.all([1, 2].map((k) => makeClip(dir, `quiet-${type}-${k}.mp4`, { audio: { gainDb: -14 } })));
    expect(await integrated(quiet[0] as string)).toBeLessThan(-25);
    const output = join(dir, `loud-${type}.mp4`);
    const cut = { ...base, transition: { type, seconds: 0.5 }, audio: { loudnorm: true, targetLufs: -16 } };
    const result = await stitchCut({ tools, cut, output, workDir: dir, signal, clips: quiet.map((file, k) => ({ shotId: `q${k}`, file })) });
    expect(result.path).toBe(path);
    expect(result.loudness?.mode).toBe('linear');
    expect(Math.abs((await integrated(output)) + 16)).toBeLessThanOrEqual(1);
    expect((await probe(output)).streams[1]?.sample_rate).toBe('48000');
  });
});
