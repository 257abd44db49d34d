// Finding ffmpeg, the one spawner (env, abort, timeout), probing, and checking downloaded clips on real files.
import { chmod, readFile, rm, truncate, writeFile, stat, copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRenderError } from '../../src/common/errors.js';
import { probeClip } from '../../src/stitch/probe.js';
import { runTool } from '../../src/common/ffmpeg-process.js';
import { locateFfmpeg } from '../../src/stitch/tools.js';
import type { FfmpegTools } from '../../src/stitch/types.js';
import { verifyVideoFile } from '../../src/stitch/verify.js';
import { makeClip, tempDir } from '../unit/stitch/support/media.js';

let dir: string;
let tools: FfmpegTools;
let clip: string;
const signal = new AbortController().signal;
const codeOf = (error: unknown) => (isRenderError(error) ? `${error.code}/${error.exitCode}` : String(error));

beforeAll(async () => {
  dir = await tempDir('tools');
  tools = await locateFfmpeg(process.env);
  clip = await makeClip(dir, 'clip.mp4');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('locateFfmpeg', () => {
  it('finds both binaries on PATH and reads their versions', () => {
    expect(tools.ffmpeg).toMatch(/ffmpeg$/);
    expect(tools.ffprobe).toMatch(/ffprobe$/);
    expect(tools.ffmpegVersion).toMatch(/^\d+\.\d+/);
  });

  it('says how to install when ffmpeg is missing (exit 2), whether from FFMPEG_PATH or PATH', async () => {
    const missing = await locateFfmpeg({ FFMPEG_PATH: join(dir, 'nope') }).catch((e: unknown) => e);
    expect(codeOf(missing)).toBe('FFMPEG_MISSING/2');
    expect((missing as Error).message).toContain(`FFMPEG_PATH is set to ${join(dir, 'nope')}`);
    expect(isRenderError(missing) && missing.hint).toMatch(/apt-get install ffmpeg.*brew install ffmpeg.*FFPROBE_PATH/);
    expect(codeOf(await locateFfmpeg({ PATH: dir }).catch((e: unknown) => e))).toBe('FFMPEG_MISSING/2');
  });

  it('gives the child only PATH and LANG: the API key never reaches ffmpeg', async () => {
    const fake = join(dir, 'ffmpeg');
    await writeFile(fake, `#!/bin/sh\nenv > "${join(dir, 'env.txt')}"\necho "ffmpeg version 9.9-fake"\n`);
    await chmod(fake, 0o755);
    const found = await locateFfmpeg({ FFMPEG_PATH: fake, FFPROBE_PATH: tools.ffprobe, PATH: process.env.PATH, OPENAI_API_KEY: 'sk-canary0123456789abcdef' });
    expect(found.ffmpegVersion).toBe('9.9-fake');
    const env = await readFile(join(dir, 'env.txt'), 'utf8');
    expect(env).not.toContain('sk-canary');
    expect(env).toMatch(/^PATH=/m);
  });
});

describe('the spawner', () => {
  const stubborn = ['-e', 'process.on("SIGTERM", () => {}); setInterval(() => {}, 1000)'];

  it('stops a run on abort, with SIGKILL when SIGTERM is ignored, as INTERRUPTED (exit 130)', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const error = await runTool(process.execPath, stubborn, {}, { signal: controller.signal, purpose: 'test', killGraceMs: 200 }).catch((e: unknown) => e);
    expect(codeOf(error)).toBe('INTERRUPTED/130');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('times out a hung run, and reports a failed one with the lines that matter', async () => {
    const hung = await runTool(process.execPath, stubborn, {}, { signal, purpose: 'test', timeoutMs: 100, killGraceMs: 100 }).catch((e: unknown) => e);
    expect(codeOf(hung)).toBe('FFMPEG_TIMEOUT/1');
    const failed = await runTool(tools.ffmpeg, ['-v', 'error', '-i', join(dir, 'none.mp4')], tools.childEnv, { signal, purpose: 'reading' }).catch((e: unknown) => e);
    expect(codeOf(failed)).toBe('FFMPEG_FAILED/1');
    expect((failed as Error).message).toMatch(/^reading: ffmpeg exited with code 1: .*No such file or directory/);
  });
});

describe('probeClip and verifyVideoFile', () => {
  it('probes and accepts a good clip, counting its decoded audio', async () => {
    const info = await probeClip(tools, clip, signal);
    expect(info).toMatchObject({ videoCodec: 'h264', width: 320, height: 180, fps: { num: 30, den: 1 }, pixFmt: 'yuv420p', duration: 4 });
    expect(info.audio).toMatchObject({ codec: 'aac', sampleRate: 48000, channels: 2 });
    const verified = await verifyVideoFile(tools, clip, { width: 320, height: 180, seconds: 4, audio: true }, signal);
    expect(Math.abs((verified.decodedAudioSeconds ?? 0) - 4)).toBeLessThan(1024 / 48000 + 1e-6);
  });

  it('rejects the wrong size or length with the figures', async () => {
    const error = await verifyVideoFile(tools, clip, { width: 1280, height: 720, seconds: 8 }, signal).catch((e: unknown) => e);
    expect(codeOf(error)).toBe('CLIP_MISMATCH/1');
    expect((error as Error).message).toContain('size 320x180, expected 1280x720; video 4.000 s, expected 8 s');
  });

  it('catches a truncated faststart download that ffprobe still reports as whole', async () => {
    const cut = join(dir, 'truncated.mp4');
    await copyFile(clip, cut);
    await truncate(cut, Math.floor((await stat(clip)).size * 0.7));
    expect((await probeClip(tools, cut, signal)).duration).toBe(4);
    expect(codeOf(await verifyVideoFile(tools, cut, { seconds: 4 }, signal).catch((e: unknown) => e))).toBe('CLIP_CORRUPT/1');
  });

  it('refuses what is not an MP4 video', async () => {
    const text = join(dir, 'notes.mp4');
    await writeFile(text, 'not a video');
    expect(codeOf(await probeClip(tools, text, signal).catch((e: unknown) => e))).toBe('CLIP_UNREADABLE/1');
  });
});
