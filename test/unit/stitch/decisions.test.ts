import { describe, expect, it } from 'vitest';
import { concatList } from '../../../src/stitch/args.js';
import { sniffImage } from '../../../src/stitch/fit-image.js';
import { choosePath } from '../../../src/stitch/path-choice.js';
import { fitLabel, frameTime, sheetGrid, sheetLayout } from '../../../src/stitch/sheet-layout.js';
import { formatCommand, tellingLines, TextTail } from '../../../src/common/stderr-tail.js';
import { buildTimeline } from '../../../src/stitch/timeline.js';
import type { ClipInfo } from '../../../src/stitch/types.js';
import { outputProblems, type Verification } from '../../../src/stitch/verify.js';

const clip = (o: Partial<ClipInfo> = {}): ClipInfo => ({
  file: '/c.mp4', videoCodec: 'h264', profile: 'High', width: 1280, height: 720, sar: '1:1', fps: { num: 30, den: 1 },
  timeBase: { num: 1, den: 15360 }, pixFmt: 'yuv420p', duration: 4, audio: { codec: 'aac', sampleRate: 48000, channels: 2, layout: 'stereo', duration: 4 }, ...o,
});

describe('choosePath', () => {
  const decide = (infos: ClipInfo[], o: { from?: number; transition?: 'cut' | 'crossfade'; size?: [number, number] } = {}) => {
    const timeline = buildTimeline(
      infos.map((info, k) => ({ shotId: `s${k + 1}`, duration: info.duration, ...(k === 1 && o.from ? { from: o.from } : {}) })),
      { type: o.transition ?? 'cut', seconds: 0.5 },
      { num: 30, den: 1 },
    );
    const [width, height] = o.size ?? [1280, 720];
    return choosePath(infos.map((info, k) => ({ shotId: `s${k + 1}`, info })), timeline, { width, height });
  };

  it('copies the video when every clip matches, whatever the audio (it is rebuilt anyway)', () => {
    expect(decide([clip(), clip({ audio: null }), clip({ audio: { codec: 'aac', sampleRate: 44100, channels: 1, layout: 'mono', duration: 4 } })])).toEqual({ path: 'fast', reasons: [] });
  });

  it('re-encodes for trims, transitions, other sizes, rates, time bases, profiles or a cut size, saying why', () => {
    expect(decide([clip(), clip()], { from: 1 }).reasons).toEqual(['s2 is trimmed (from/to)']);
    expect(decide([clip(), clip()], { transition: 'crossfade' }).reasons).toEqual(['the cut has transitions']);
    expect(decide([clip(), clip({ width: 720, height: 1280 })]).reasons[0]).toMatch(/^s2 is h264 High 720x1280/);
    expect(decide([clip(), clip({ fps: { num: 24, den: 1 } })]).path).toBe('normalise');
    expect(decide([clip(), clip({ timeBase: { num: 1, den: 90000 } })]).path).toBe('normalise');
    expect(decide([clip(), clip({ profile: 'Main' })]).path).toBe('normalise');
    expect(decide([clip()], { size: [1920, 1080] }).reasons).toEqual(['s1 is 1280x720, the cut is 1920x1080']);
    expect(decide([clip({ videoCodec: 'hevc' })]).reasons).toEqual(['s1 is hevc yuv420p, the output is h264 yuv420p']);
  });
});

describe('outputProblems', () => {
  const good: Verification = {
    expectedSeconds: 12, videoSeconds: 12, videoFrames: 360, decodedAudioSeconds: 12.008, frameSeconds: 1 / 30, width: 320, height: 180,
    videoCodec: 'h264', audioCodec: 'aac', sampleRate: 48000, channelLayout: 'stereo', videoCheck: 'decode',
  };
  const size = { width: 320, height: 180 };

  it('accepts a cut within one frame, and AAC tail padding under 1024 samples', () => {
    expect(outputProblems(good, size)).toEqual([]);
    expect(outputProblems({ ...good, videoSeconds: 12.033, decodedAudioSeconds: 12.04 }, size)).toEqual([]);
  });

  it('names every figure that is off', () => {
    expect(outputProblems({ ...good, videoSeconds: 12.1, decodedAudioSeconds: 12.1 }, size)).toEqual(['video 12.100 s, expected 12.000 s (± 0.033 s)']);
    expect(outputProblems({ ...good, decodedAudioSeconds: 12.171 }, size)).toEqual(['decoded audio 12.171 s against video 12.000 s (A/V drift)']);
    expect(outputProblems({ ...good, width: 318 }, size)).toEqual(['size 318x180, expected 320x180']);
  });
});

describe('contact sheet layout', () => {
  it('sizes the grid to the clip count, a little wider than square, without empty rows', () => {
    expect([1, 2, 3, 5, 6, 8, 12, 40].map((n) => Object.values(sheetGrid(n)).join('x'))).toEqual(['1x1', '2x1', '2x2', '3x2', '3x2', '4x2', '4x3', '8x5']);
  });

  it('takes the tile shape from the first clip, in even pixels', () => {
    expect(sheetLayout(3, { width: 1792, height: 1024 })).toMatchObject({ tileWidth: 320, tileHeight: 182 });
    expect(sheetLayout(3, { width: 720, height: 1280 })).toMatchObject({ tileWidth: 180, tileHeight: 320 });
  });

  it('keeps two lines of a label, cut with an ellipsis to the tile width', () => {
    const layout = { tileWidth: 180, fontSize: 13 };
    expect(fitLabel("s1: it's [ok]; yes,\nsecond", layout)).toBe("s1: it's [ok]; yes,\nsecond");
    expect(fitLabel(`${'x'.repeat(40)}\nb\nc`, layout)).toBe(`${'x'.repeat(20)}…\nb…`);
    expect(frameTime(4)).toBe(2);
    expect(frameTime(0.1)).toBe(0);
  });
});

describe('small helpers', () => {
  it('writes a concat list of safe names with each clip length, and refuses anything else', () => {
    expect(concatList([{ name: 'clip-0001.mp4', seconds: 4 }])).toBe('ffconcat version 1.0\nfile clip-0001.mp4\nduration 4.000000\n');
    expect(() => concatList([{ name: "../x'.mp4", seconds: 4 }])).toThrow(/unsafe/);
  });

  it('recognises images by their bytes', () => {
    expect(sniffImage(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d]))).toBe('image/png');
    expect(sniffImage(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffImage(Buffer.from('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
    expect(sniffImage(Buffer.from('GIF89a'))).toBeUndefined();
  });

  it('keeps a bounded stderr tail and picks the lines that say what failed', () => {
    const tail = new TextTail(100);
    for (let i = 0; i < 50; i++) tail.push(`frame=${i} fps=30\n`);
    tail.push('[h264 @ 0x1] Invalid NAL unit size (8456 > 6912).\nconversion failed\n');
    expect(tail.toString().length).toBeLessThanOrEqual(100);
    expect(tellingLines(tail.toString())).toEqual(['[h264 @ 0x1] Invalid NAL unit size (8456 > 6912).', 'conversion failed']);
    expect(tellingLines('just\nsome\noutput', 2)).toEqual(['some', 'output']);
    expect(formatCommand('/usr/bin/ffmpeg', ['-i', "it's here.mp4", 'a\nb'])).toBe("/usr/bin/ffmpeg -i 'it'\\''s here.mp4' 'a\\x0ab'");
  });
});
