// Fast path on real ffmpeg: matching clips are copied, the audio lands on the video to the sample, joins are clean.
import { readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locateFfmpeg } from '../../src/stitch/tools.js';
import { stitchCut, type StitchInput } from '../../src/stitch/stitch.js';
import type { FfmpegTools } from '../../src/stitch/types.js';
import { sha256File } from '../../src/stitch/output-file.js';
import { boundaryLevels, decodeAudio, ffmpeg, makeClip, probe, tempDir } from '../unit/stitch/support/media.js';

let dir: string;
let tools: FfmpegTools;
let clips: string[];
const cut: StitchInput['cut'] = { transition: { type: 'cut', seconds: 0.5 }, audio: { loudnorm: false, targetLufs: -16 }, size: '320x180', fit: 'contain' };
const joins = [4, 8, 12, 16, 20];

beforeAll(async () => {
  dir = await tempDir('fast');
  tools = await locateFfmpeg(process.env);
  clips = await Promise.all([1, 2, 3, 4, 5, 6].map((k) => makeClip(dir, `it's clip ${k}.mp4`)));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('fast path (six matching 4 s clips)', () => {
  it('copies the video, and the decoded audio matches the video within a frame where a plain -c copy drifts', async () => {
    const output = join(dir, 'out', 'final.mp4');
    const seen: number[] = [];
    const result = await stitchCut({
      tools, cut, output, workDir: dir, signal: new AbortController().signal,
      clips: clips.map((file, k) => ({ shotId: `s${k + 1}`, file })),
      onProgress: (p) => seen.push(p.fraction),
    });
    expect(result.path).toBe('fast');
    expect(result.durationSeconds).toBe(24);
    expect(result.entries.map((e) => e.startSeconds)).toEqual([0, ...joins]);
    expect(result.sha256).toBe(await sha256File(output));
    expect(seen.at(-1)).toBe(1);

    const streams = (await probe(output)).streams;
    expect(streams.map((s) => `${s.codec_type}:${s.codec_name}`)).toEqual(['video:h264', 'audio:aac']);
    expect(streams[0]?.nb_frames).toBe('720');
    const ours = await decodeAudio(output);
    expect(Math.abs(ours.length / 48000 - 24)).toBeLessThan(1 / 30);

    // The naive command the issue warns about, on the same clips: AAC priming and padding pile up at every join.
    const list = join(dir, 'naive.txt');
    await writeFile(list, clips.map((c) => `file '${c.replace(/'/g, "'\\''")}'\n`).join(''));
    const naive = join(dir, 'naive.mp4');
    await ffmpeg(['-f', 'concat', '-safe', '0', '-i', list, '-c', 'copy', '-y', naive]);
    const drifted = await decodeAudio(naive);
    expect(drifted.length / 48000 - 24).toBeGreaterThan(0.1);
  });

  it('leaves no gap or click at any join (a continuous tone stays level), unlike the naive copy', async () => {
    const output = join(dir, 'out', 'final.mp4');
    for (const b of boundaryLevels(await decodeAudio(output), joins)) {
      expect(b.level, `level at ${b.at} s`).toBeGreaterThan(0.8);
      expect(b.step, `step at ${b.at} s`).toBeLessThan(1.5);
    }
    const naive = boundaryLevels(await decodeAudio(join(dir, 'naive.mp4')), joins);
    expect(Math.min(...naive.map((b) => b.level))).toBeLessThan(0.5);
  });

  it('keeps only the final file in the output folder and cleans its work folder', async () => {
    expect(await readdir(join(dir, 'out'))).toEqual(['final.mp4']);
    expect((await readdir(dir)).filter((f) => f.startsWith('stitch-'))).toEqual([]);
  });

  it('copies clips without audio too, filling exactly their length with silence', async () => {
    const silent = await makeClip(dir, 'silent.mp4', { audio: null });
    const output = join(dir, 'with-silence.mp4');
    const result = await stitchCut({
      tools, cut, output, workDir: dir, signal: new AbortController().signal,
      clips: [clips[0], silent, clips[1]].map((file, k) => ({ shotId: `s${k}`, file: file as string })),
    });
    expect(result.path).toBe('fast');
    const audio = await decodeAudio(output);
    const level = (from: number, to: number) => boundaryLevels(audio, [from], 1)[0]?.level ?? 0;
    expect(level(2, 2)).toBeGreaterThan(0.8);
    expect(Math.max(...[4.1, 6, 7.9].map((t) => level(t, t)))).toBeLessThan(0.01);
    expect(level(10, 10)).toBeGreaterThan(0.8);
    expect(Math.abs(audio.length / 48000 - 12)).toBeLessThan(1 / 30);
  });
});
