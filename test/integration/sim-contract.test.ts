// Drives every simulator route through the official openai SDK and checks the shapes against the contract.
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { toFile } from 'openai';
import type { Video } from 'openai/resources/videos';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ffprobe, finishJobs, makeImage, makeVideo, startHarness, type SimHarness } from '../unit/sim/support/harness.js';

const schema = JSON.parse(readFileSync(new URL('../../schemas/video.schema.json', import.meta.url), 'utf8')) as object;
const validateVideo = new Ajv2020({ allErrors: true, strict: true }).compile(schema);
const contractKeys = ['completed_at', 'created_at', 'error', 'expires_at', 'id', 'model', 'object', 'progress', 'prompt', 'remixed_from_video_id', 'seconds', 'size', 'status'];

function expectVideo(video: Video): Video {
  expect(validateVideo(video), JSON.stringify(validateVideo.errors)).toBe(true);
  expect(Object.keys(video).sort()).toEqual(contractKeys);
  expect(video.id).toMatch(/^video_[0-9a-f]{32}$/);
  return video;
}

let h: SimHarness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

describe('simulator contract, through the openai SDK', () => {
  it('creates a queued job with all 13 fields and a billed price', async () => {
    const video = expectVideo(await h.client.videos.create({ prompt: 'a red fox in snow', model: 'sora-2', seconds: '8', size: '1280x720' }));
    expect(video).toMatchObject({ object: 'video', status: 'queued', progress: 0, completed_at: null, expires_at: null, seconds: '8', size: '1280x720', prompt: 'a red fox in snow', error: null });
    const job = h.sim.stats().jobs.find((j) => j.id === video.id);
    expect(job).toMatchObject({ kind: 'create', billedSeconds: 8, priceMicroUsd: 800_000, retryCount: 0, delivery: 'answered' });
  });

  it('defaults to sora-2, 4 seconds, 720x1280', async () => {
    const video = expectVideo(await h.client.videos.create({ prompt: 'defaults' }));
    expect(video).toMatchObject({ model: 'sora-2', seconds: '4', size: '720x1280' });
  });

  it('walks queued → in_progress → completed, with expires_at = completed_at + ttl', async () => {
    const created = await h.client.videos.create({ prompt: 'lifecycle shot', seconds: '4', size: '1280x720' });
    const seen = new Set<string>();
    let video = created;
    const deadline = Date.now() + 20_000;
    while (video.status !== 'completed' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
      video = expectVideo(await h.client.videos.retrieve(created.id));
      seen.add(video.status);
      if (video.status === 'in_progress') expect(video.progress).toBeGreaterThan(0);
    }
    expect(seen).toContain('in_progress');
    expect(video).toMatchObject({ status: 'completed', progress: 100 });
    expect(video.expires_at).toBe((video.completed_at ?? 0) + 3600);
  });

  it('downloads an MP4 of exactly the requested size and duration, with AAC stereo audio, plus a WebP thumbnail and a JPEG spritesheet', async () => {
    const video = await h.client.videos.create({ prompt: 'probe me', model: 'sora-2-pro', seconds: '12', size: '1792x1024' });
    await finishJobs(h.sim);
    const response = await h.client.videos.downloadContent(video.id);
    expect(response.headers.get('content-type')).toBe('video/mp4');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(Number(response.headers.get('content-length'))).toBe(bytes.length);
    const path = join(h.dir, 'probe.mp4');
    await writeFile(path, bytes);
    const probe = await ffprobe(path);
    const v = probe.streams.find((s) => s.codec_type === 'video');
    const a = probe.streams.find((s) => s.codec_type === 'audio');
    expect(v).toMatchObject({ codec_name: 'h264', width: 1792, height: 1024, pix_fmt: 'yuv420p', r_frame_rate: '30/1' });
    expect(a).toMatchObject({ codec_name: 'aac', sample_rate: '48000', channels: 2 });
    expect(Math.abs(Number(probe.format.duration) - 12)).toBeLessThanOrEqual(1 / 30);
    const thumb = await h.client.videos.downloadContent(video.id, { variant: 'thumbnail' });
    expect(thumb.headers.get('content-type')).toBe('image/webp');
    expect(Buffer.from(await thumb.arrayBuffer()).toString('latin1', 8, 12)).toBe('WEBP');
    const sprite = await h.client.videos.downloadContent(video.id, { variant: 'spritesheet' });
    expect(sprite.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await sprite.arrayBuffer()).subarray(0, 3).toString('hex')).toBe('ffd8ff');
  });

  it('accepts an uploaded reference image of the right size and rejects one of another size', async () => {
    const png = await makeImage(h.dir, '1280x720', 'png');
    const ok = await h.client.videos.create({ prompt: 'from a still', size: '1280x720', input_reference: await toFile(png, 'ref.png', { type: 'image/png' }) });
    expectVideo(ok);
    const wrong = await makeImage(h.dir, '720x1280', 'webp');
    const failure = h.client.videos.create({ prompt: 'from a still', size: '1280x720', input_reference: await toFile(wrong, 'ref.webp', { type: 'image/webp' }) });
    await expect(failure).rejects.toMatchObject({ status: 400, message: '400 Inpaint image must match the requested width and height', code: null, param: null });
  });

  it('accepts input_reference as {file_id} (sent as the bracket key input_reference[file_id])', async () => {
    expectVideo(await h.client.videos.create({ prompt: 'by file id', input_reference: { file_id: 'file-abc123' } }));
    await expect(h.client.videos.create({ prompt: 'both', input_reference: { file_id: 'file-1', image_url: 'https://example.com/a.png' } })).rejects.toMatchObject({
      status: 400,
      param: 'input_reference',
    });
  });

  it('lists newest first, pages with after/limit/has_more, and the SDK auto-paginates', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) ids.push((await h.client.videos.create({ prompt: `list ${i}` })).id);
    const page = await h.client.videos.list({ limit: 2 });
    expect(page.data.map((v) => v.id)).toEqual([ids[4], ids[3]]);
    expect(page.has_more).toBe(true);
    const next = await h.client.videos.list({ limit: 2, after: page.data[1]?.id });
    expect(next.data.map((v) => v.id)).toEqual([ids[2], ids[1]]);
    const asc = await h.client.videos.list({ limit: 1, order: 'asc' });
    expect(asc.data[0]?.created_at).toBeLessThanOrEqual(page.data[0]?.created_at ?? 0);
    const all: string[] = [];
    for await (const video of h.client.videos.list({ limit: 3 })) all.push(expectVideo(video).id);
    expect(all.length).toBe(h.sim.stats().jobs.filter((j) => !j.deleted).length);
    expect(new Set(all).size).toBe(all.length);
  });

  it('deletes a completed video: gone from retrieve, list and content', async () => {
    const video = await h.client.videos.create({ prompt: 'to delete' });
    await expect(h.client.videos.delete(video.id)).rejects.toMatchObject({ status: 400 });
    await finishJobs(h.sim);
    expect(await h.client.videos.delete(video.id)).toEqual({ object: 'video.deleted', deleted: true, id: video.id });
    await expect(h.client.videos.retrieve(video.id)).rejects.toMatchObject({ status: 404 });
    await expect(h.client.videos.downloadContent(video.id)).rejects.toMatchObject({ status: 404 });
    const listed = await h.client.videos.list({ limit: 100 });
    expect(listed.data.map((v) => v.id)).not.toContain(video.id);
  });

  it('remixes a completed video into a new job with the same model, size and seconds', async () => {
    const source = await h.client.videos.create({ prompt: 'remix source', model: 'sora-2-pro', seconds: '8', size: '1024x1792' });
    await expect(h.client.videos.remix(source.id, { prompt: 'too early' })).rejects.toMatchObject({ status: 400 });
    await finishJobs(h.sim);
    const remix = expectVideo(await h.client.videos.remix(source.id, { prompt: 'now at night' }));
    expect(remix).toMatchObject({ remixed_from_video_id: source.id, model: 'sora-2-pro', seconds: '8', size: '1024x1792', prompt: 'now at night', status: 'queued' });
    expect(h.sim.stats().jobs.find((j) => j.id === remix.id)).toMatchObject({ kind: 'remix', priceMicroUsd: 4_000_000 });
  });

  it('edits by id and by uploaded video, and extends with the stitched total in seconds', async () => {
    const source = await h.client.videos.create({ prompt: 'edit source', seconds: '4', size: '1280x720' });
    await finishJobs(h.sim);
    const edit = expectVideo(await h.client.videos.edit({ prompt: 'make it rain', video: { id: source.id } }));
    expect(edit).toMatchObject({ seconds: '4', size: '1280x720', model: 'sora-2', remixed_from_video_id: null });
    const upload = await makeVideo(h.dir, '720x1280', 4);
    const uploaded = expectVideo(await h.client.videos.edit({ prompt: 'edit an upload', video: await toFile(upload, 'clip.mp4', { type: 'video/mp4' }) }));
    expect(uploaded).toMatchObject({ size: '720x1280', seconds: '4' });
    const extension = expectVideo(await h.client.videos.extend({ prompt: 'and then', seconds: '8', video: { id: source.id } }));
    expect(extension).toMatchObject({ seconds: '12', size: '1280x720' });
    expect(h.sim.stats().jobs.find((j) => j.id === extension.id)).toMatchObject({ kind: 'extend', billedSeconds: 8, priceMicroUsd: 800_000, sourceVideoId: source.id });
  });

  it('creates and reads back a character', async () => {
    const upload = await makeVideo(h.dir, '1280x720', 2);
    const character = await h.client.videos.createCharacter({ name: 'Mossy', video: await toFile(upload, 'mossy.mp4', { type: 'video/mp4' }) });
    expect(character).toMatchObject({ name: 'Mossy', id: expect.stringMatching(/^char_/) });
    expect(await h.client.videos.getCharacter(character.id ?? '')).toEqual(character);
  });

  it('sends x-request-id and a poll hint while the job runs', async () => {
    const created = await h.client.videos.create({ prompt: 'headers' });
    const { response, data } = await h.client.videos.retrieve(created.id).withResponse();
    expect(response.headers.get('x-request-id')).toMatch(/^req_/);
    if (data.status !== 'completed') expect(Number(response.headers.get('openai-poll-after-ms'))).toBeGreaterThanOrEqual(100);
  });
});
