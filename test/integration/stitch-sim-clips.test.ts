// The stitch stage on clips the simulator made (as a provider would deliver them, fetched through the real SDK):
// mixed sizes and models, a crossfade and a trim; the cut lasts the sum minus the overlaps and the sound has no gap.
import { writeFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { stitchCut } from '../../src/stitch/stitch.js';
import { locateFfmpeg } from '../../src/stitch/tools.js';
import type { FfmpegTools } from '../../src/stitch/types.js';
import { boundaryLevels, decodeAudio, probe, tempDir } from '../unit/stitch/support/media.js';

let sim: Simulator;
let dir: string;
let tools: FfmpegTools;
const clips: Record<string, string> = {};
const signal = new AbortController().signal;

async function generate(client: OpenAI, name: string, body: { model: 'sora-2' | 'sora-2-pro'; size: '1280x720' | '720x1280' | '1792x1024'; prompt: string }) {
  let video = await client.videos.create({ ...body, seconds: '4' });
  while (video.status === 'queued' || video.status === 'in_progress') {
    await new Promise((resolve) => setTimeout(resolve, 50));
    video = await client.videos.retrieve(video.id);
  }
  expect(video.status).toBe('completed');
  const response = await client.videos.downloadContent(video.id);
  const file = join(dir, `${name}.mp4`);
  await writeFile(file, Buffer.from(await response.arrayBuffer()));
  clips[name] = file;
}

beforeAll(async () => {
  dir = await tempDir('sim-clips');
  tools = await locateFfmpeg(process.env);
  sim = await startSimulator({ port: 0, timeScale: 0.01, mediaCacheDir: join(dir, 'media') });
  const client = new OpenAI({ apiKey: sim.apiKey, baseURL: sim.baseURL });
  await Promise.all([
    generate(client, 'wide', { model: 'sora-2', size: '1280x720', prompt: 'A wide street at dusk' }),
    generate(client, 'tall', { model: 'sora-2', size: '720x1280', prompt: 'A tall tower in the rain' }),
    generate(client, 'pro', { model: 'sora-2-pro', size: '1792x1024', prompt: 'A harbour at night' }),
  ]);
});
afterAll(async () => {
  await sim?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('stitching simulator clips', () => {
  it('fits mixed sizes into one crossfaded cut whose length is the sum minus the overlaps, with continuous sound', async () => {
    const output = join(dir, 'final.mp4');
    const result = await stitchCut({
      tools,
      clips: [
        { shotId: 'wide', file: clips.wide! },
        { shotId: 'tall', file: clips.tall!, from: 1, to: 4 },
        { shotId: 'pro', file: clips.pro! },
      ],
      cut: { transition: { type: 'crossfade', seconds: 0.5 }, audio: { loudnorm: false, targetLufs: -16 }, size: '1280x720', fit: 'contain' },
      output,
      workDir: dir,
      signal,
    });
    const expected = 4 + 3 + 4 - 2 * 0.5;
    expect(Math.abs(result.durationSeconds - expected)).toBeLessThanOrEqual(1 / 30 + 1e-6);
    const probed = await probe(output);
    const video = probed.streams.find((stream) => stream.codec_type === 'video');
    expect(video).toMatchObject({ codec_name: 'h264', width: 1280, height: 720 });
    expect(Math.abs(Number(video?.duration) - expected)).toBeLessThanOrEqual(1 / 30 + 1e-6);
    expect(probed.streams.find((stream) => stream.codec_type === 'audio')).toMatchObject({ codec_name: 'aac', sample_rate: '48000', channels: 2 });
    expect(result.entries.map((entry) => entry.shotId)).toEqual(['wide', 'tall', 'pro']);
    // Every simulated clip carries a tone: around each join the level must not drop to silence.
    const samples = await decodeAudio(output);
    expect(Math.abs(samples.length / 48000 - expected)).toBeLessThanOrEqual(1 / 30);
    const joins = result.entries.slice(1).map((entry) => entry.startSeconds);
    // The simulator gives each clip its own pitch, so a crossfade changes the tone but must never fall silent.
    for (const boundary of boundaryLevels(samples, joins)) expect(boundary.level).toBeGreaterThan(0.2);
  });
});
