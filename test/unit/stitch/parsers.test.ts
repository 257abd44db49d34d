import { describe, expect, it } from 'vitest';
import { parseFramecrc } from '../../../src/stitch/decode-check.js';
import { featureChecks, listedNames } from '../../../src/stitch/doctor.js';
import { loudnormApply, parseLoudnormJson } from '../../../src/stitch/loudnorm.js';
import { parseProbe } from '../../../src/stitch/probe.js';
import { createProgressReader, parseProgressBlock, type ProgressUpdate } from '../../../src/stitch/progress.js';
import { parseVersion, versionNumber } from '../../../src/stitch/tools.js';

describe('progress', () => {
  it('turns out_time_us into a fraction of the expected duration and speed into an ETA', () => {
    const update = parseProgressBlock(['frame=120', 'out_time_us=4000000', 'speed=2.00x', 'progress=continue'], 16);
    expect(update).toEqual({ fraction: 0.25, etaSeconds: 6, done: false });
  });

  it('clamps N/A and negative times, reads old out_time_ms (microseconds too) and ends at 1', () => {
    expect(parseProgressBlock(['out_time_us=N/A', 'speed=N/A', 'progress=continue'], 10)).toEqual({ fraction: 0, done: false });
    expect(parseProgressBlock(['out_time_ms=-23000', 'progress=continue'], 10).fraction).toBe(0);
    expect(parseProgressBlock(['out_time_ms=5000000', 'progress=continue'], 10).fraction).toBe(0.5);
    expect(parseProgressBlock(['out_time_us=99000000', 'progress=end'], 10)).toEqual({ fraction: 1, etaSeconds: 0, done: true });
  });

  it('reassembles blocks split across chunks', () => {
    const seen: ProgressUpdate[] = [];
    const read = createProgressReader(8, (u) => seen.push(u));
    read(Buffer.from('out_time_us=2000'));
    read(Buffer.from('000\nspeed=1x\nprogress=cont'));
    read(Buffer.from('inue\nout_time_us=8000000\nprogress=end\n'));
    expect(seen.map((u) => u.fraction)).toEqual([0.25, 1]);
  });
});

describe('parseFramecrc', () => {
  it('sums video packet durations and decoded audio samples', () => {
    const text = [
      '#tb 0: 1/15360', '#media_type 0: video', '#codec_id 0: h264', '#dimensions 0: 320x180',
      '#tb 1: 1/48000', '#media_type 1: audio', '#codec_id 1: aac', '#sample_rate 1: 48000', '#channel_layout_name 1: stereo',
      '#tb 2: 1/48000', '#media_type 2: audio', '#codec_id 2: pcm_s16le', '#sample_rate 2: 48000', '#channel_layout_name 2: stereo',
      '0,       -701,        323,      512,    21467, 0xbc755a47',
      '0,       -189,        835,      512,    12873, 0xb8cf277b, F=0x0',
      '1,      -1024,      -1024,     1024,      295, 0x178c9d35, F=0x5, S=1,       10',
      '2,          0,          0,     1024,     4096, 0x0842f9a3',
      '2,       1024,       1024,      576,     2304, 0x2129fee5',
    ].join('\n');
    expect(parseFramecrc(text)).toEqual({
      video: { codec: 'h264', width: 320, height: 180, frames: 2, seconds: 1024 / 15360 },
      audio: { codec: 'aac', sampleRate: 48000, layout: 'stereo', decodedSamples: 1600, decodedSeconds: 1600 / 48000 },
    });
  });

  it('reports no audio for a silent file', () => {
    expect(parseFramecrc('#tb 0: 1/30\n#media_type 0: video\n#codec_id 0: h264\n0, 0, 0, 1, 10, 0x1\n').audio).toBeNull();
  });
});

describe('loudnorm', () => {
  const stderr = `[Parsed_loudnorm_0 @ 0x55] \n{\n\t"input_i" : "-21.66",\n\t"input_tp" : "-18.04",\n\t"input_lra" : "0.00",\n\t"input_thresh" : "-31.66",\n\t"target_offset" : "0.04"\n}\n`;

  it('reads the last JSON block and plans a linear second pass with the measured values', () => {
    const { filters, result } = loudnormApply(parseLoudnormJson(`noise {x}\n${stderr}`), -16);
    expect(result).toEqual({ targetLufs: -16, measuredLufs: -21.66, mode: 'linear' });
    expect(filters[0]).toBe(
      'loudnorm=I=-16:TP=-1.5:LRA=11:measured_I=-21.66:measured_TP=-18.04:measured_LRA=0.00:measured_thresh=-31.66:offset=0.04:linear=true',
    );
  });

  it('predicts the dynamic fallback when the gain would clip, and skips silence', () => {
    const loud = parseLoudnormJson(stderr.replace('-18.04', '-2.0'));
    expect(loudnormApply(loud, -16).result.mode).toBe('dynamic');
    expect(loudnormApply(parseLoudnormJson(stderr.replace('"-21.66"', '"-inf"')), -16)).toEqual({
      filters: [],
      result: { targetLufs: -16, measuredLufs: null, mode: 'skipped' },
    });
    expect(() => parseLoudnormJson('no json here')).toThrow(/input_i/);
  });
});

describe('parseProbe', () => {
  const video = { codec_type: 'video', codec_name: 'h264', profile: 'High', width: 1280, height: 720, sample_aspect_ratio: '1:1', r_frame_rate: '90000/1', avg_frame_rate: '60000/2002', time_base: '1/15360', pix_fmt: 'yuv420p', duration: '4.004000' };

  it('prefers the average frame rate, reduced, and keeps the audio layout', () => {
    const info = parseProbe({ streams: [video, { codec_type: 'audio', codec_name: 'aac', sample_rate: '44100', channels: 1, channel_layout: 'mono', duration: '4.1' }] }, '/c.mp4');
    expect(info).toMatchObject({ fps: { num: 30000, den: 1001 }, timeBase: { num: 1, den: 15360 }, duration: 4.004 });
    expect(info.audio).toEqual({ codec: 'aac', sampleRate: 44100, channels: 1, layout: 'mono', duration: 4.1 });
  });

  it('falls back to the container duration and reports a missing video stream', () => {
    expect(parseProbe({ streams: [{ ...video, duration: undefined }], format: { duration: '8.0' } }, '/c.mp4').duration).toBe(8);
    expect(() => parseProbe({ streams: [{ codec_type: 'audio' }] }, '/a.m4a')).toThrow(/no video stream/);
  });
});

describe('doctor listings and versions', () => {
  it('reads names from `ffmpeg -filters` and `-encoders` and flags what is missing with the feature lost', () => {
    const filters = listedNames(' ... xfade             VV->V      Cross fade\n T.. apad              A->A       Pad\n ..C concat            N->N       Concatenate');
    const encoders = listedNames(' V....D libx264              libx264 H.264\n A..... aac                  AAC');
    expect([...filters]).toEqual(['xfade', 'apad', 'concat']);
    const missing = featureChecks(filters, encoders).filter((c) => !c.ok);
    expect(missing.find((c) => c.name === 'loudnorm')?.feature).toMatch(/audio.loudnorm/);
    expect(missing.some((c) => c.name === 'xfade' || c.name === 'libx264')).toBe(false);
  });

  it('parses release and distribution versions, and leaves git builds unknown', () => {
    expect(parseVersion('ffmpeg version 5.1.9-0+deb12u1 Copyright (c) 2000-2026')).toBe('5.1.9-0+deb12u1');
    expect(versionNumber('5.1.9-0+deb12u1')).toEqual({ major: 5, minor: 1 });
    expect(versionNumber('n4.2.7')).toEqual({ major: 4, minor: 2 });
    expect(versionNumber('N-112345-gabcdef')).toBeUndefined();
  });
});
