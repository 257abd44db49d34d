// Drives every route of the simulator's fal face through the unmodified @fal-ai/client, redirected by its own
// requestMiddleware: submit, status with and without logs, SSE status, result, cancel, storage upload, and the
// Platform API request listing (plain fetch: the SDK has no call for it).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ValidationError, type FalClient } from '@fal-ai/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ffprobe, finishJobs, startHarness, type SimHarness } from '../unit/sim/support/harness.js';
import { falClientFor, thrown, withOwnSim, type Json } from '../support/sim-fal.js';

let h: SimHarness;
let fal: FalClient;
beforeAll(async () => {
  h = await startHarness();
  fal = falClientFor(h.sim);
});
afterAll(async () => h.close());


async function listing(query: string): Promise<{ items: Json[]; has_more: boolean; next_cursor: string | null }> {
  const response = await fetch(`${h.sim.falBaseURL}/v1/models/requests/by-endpoint?${query}`, { headers: { authorization: `Key ${h.sim.apiKey}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as { items: Json[]; has_more: boolean; next_cursor: string | null };
}

async function probeUrl(url: string, name: string) {
  const response = await fetch(url);
  expect(response.headers.get('content-type')).toBe('video/mp4');
  const path = join(h.dir, name);
  await writeFile(path, Buffer.from(await response.arrayBuffer()));
  return ffprobe(path);
}


const jobOf = (id: string) => h.sim.stats().jobs.find((j) => j.id === id);

describe('fal face, through @fal-ai/client', () => {
  it('submits, reports IN_QUEUE → COMPLETED with and without logs, and returns a video of the implied size and length', async () => {
    const { request_id: id, ...answer } = (await fal.queue.submit('fal-ai/veo3.1/fast', { input: { prompt: 'a lighthouse at dusk', duration: '4s', aspect_ratio: '16:9', resolution: '720p' } })) as unknown as Json & { request_id: string };
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer).toMatchObject({ status: 'IN_QUEUE', queue_position: 0 });
    const quiet = (await fal.queue.status('fal-ai/veo3.1/fast', { requestId: id })) as unknown as Json;
    expect(quiet).toMatchObject({ request_id: id, logs: null });
    await finishJobs(h.sim);
    const done = (await fal.queue.status('fal-ai/veo3.1/fast', { requestId: id, logs: true })) as unknown as Json;
    expect(done).toMatchObject({ status: 'COMPLETED', request_id: id });
    expect((done.logs as Json[]).length).toBeGreaterThan(0);
    expect(done).not.toHaveProperty('error');
    const result = await fal.queue.result('fal-ai/veo3.1/fast', { requestId: id });
    expect(result.requestId).toBe(id);
    const video = (result.data as { video: Json }).video;
    expect(video).toMatchObject({ content_type: 'video/mp4', width: 1280, height: 720, duration: 4 });
    const probe = await probeUrl(String(video.url), 'veo.mp4');
    expect(probe.streams.find((s) => s.codec_type === 'video')).toMatchObject({ width: 1280, height: 720 });
    expect(Number(probe.format.duration)).toBeCloseTo(4, 0);
    // Veo 3.1 Fast with audio (the default): $0.15 per second, charged once completed.
    expect(jobOf(id)).toMatchObject({ protocol: 'fal', model: 'fal-ai/veo3.1/fast', size: '1280x720', seconds: 4, priceMicroUsd: 600_000, charged: true, delivery: 'answered' });
  });

  it.each([
    ['fal-ai/wan/v2.7/text-to-video', { prompt: 'wan portrait', duration: '2', aspect_ratio: '9:16', resolution: '720p' }, '720x1280', 2, 200_000],
    ['fal-ai/minimax/hailuo-2.3/standard/text-to-video', { prompt: 'hailuo wide', duration: '6' }, '1366x768', 6, 280_000],
    ['bytedance/seedance-2.0/text-to-video', { prompt: 'seedance square', duration: '4', aspect_ratio: '1:1', resolution: '480p' }, '480x480', 4, 302_400],
  ])('%s makes the frame and length its parameters imply, priced in its own unit', async (endpoint, input, size, seconds, microUsd) => {
    const result = await fal.subscribe(endpoint, { input, pollInterval: 50 });
    const video = (result.data as { video: { url: string } }).video;
    const probe = await probeUrl(video.url, `${seconds}-${size}.mp4`);
    const [width, height] = size.split('x').map(Number);
    expect(probe.streams.find((s) => s.codec_type === 'video')).toMatchObject({ width, height });
    expect(Number(probe.format.duration)).toBeCloseTo(seconds, 0);
    // Wan per second ($0.10 at 720p), Hailuo per video ($0.28 for 6 s), Seedance per token (480·480·4·24/1024 tokens at $0.014/1k).
    expect(jobOf(result.requestId)).toMatchObject({ size, seconds, priceMicroUsd: microUsd, charged: true });
  });

  it('streams status as server-sent events that end once COMPLETED, and subscribe works in streaming mode', async () => {
    const { request_id: id } = await fal.queue.submit('fal-ai/wan/v2.7/text-to-video', { input: { prompt: 'streamed', duration: '2', resolution: '720p' } });
    const stream = await fal.queue.streamStatus('fal-ai/wan/v2.7/text-to-video', { requestId: id, logs: true });
    const seen: string[] = [];
    stream.on('data', (event: { status: string }) => seen.push(event.status));
    const last = (await stream.done()) as { status: string };
    expect(last.status).toBe('COMPLETED');
    expect(seen).toContain('IN_PROGRESS');
    expect(seen.at(-1)).toBe('COMPLETED');
    const before = h.sim.stats().requests.byRoute['fal.status'] ?? {};
    const streamed = await fal.subscribe('fal-ai/wan/v2.7/text-to-video', { input: { prompt: 'streamed 2', duration: '2', resolution: '720p' }, mode: 'streaming' });
    expect((streamed.data as { video: { url: string } }).video.url).toContain('/fal/files/');
    // One SSE request instead of a status poll every 500 ms.
    expect(h.sim.stats().requests.byRoute['fal.status'] ?? {}).toEqual(before);
  });

  it('a status stream cut before COMPLETED (truncateAfterBytes) makes subscribe fetch the result too early', async () => {
    await withOwnSim({ timeScale: 0.1 }, async (local) => {
      const client = falClientFor(local.sim);
      local.sim.faults.script('fal.stream', [{ truncateAfterBytes: 1 }]);
      const early = await thrown(client.subscribe('fal-ai/wan/v2.7/text-to-video', { input: { prompt: 'cut short', duration: '2' }, mode: 'streaming' }));
      expect([early.status, early.body]).toEqual([400, { detail: 'Request is still in progress' }]);
    });
  });

  it('ends a failed job COMPLETED with error and error_type; the result call answers with the model error', async () => {
    const { request_id: id } = await fal.queue.submit('fal-ai/veo3.1/fast', { input: { prompt: 'MODERATION_TEST a crowd', duration: '4s' } });
    await finishJobs(h.sim);
    const status = (await fal.queue.status('fal-ai/veo3.1/fast', { requestId: id })) as unknown as Json;
    expect(status).toMatchObject({ status: 'COMPLETED', error_type: 'content_policy_violation' });
    expect(String(status.error)).toMatch(/flagged/);
    const error = await thrown(fal.queue.result('fal-ai/veo3.1/fast', { requestId: id }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.status).toBe(422);
    expect((error as ValidationError).fieldErrors[0]).toMatchObject({ loc: ['body', 'prompt'], type: 'content_policy_violation' });
    expect(jobOf(id)).toMatchObject({ status: 'failed', charged: false });
  });

  it('answers a runner failure with a 500 {detail, error_type} and X-Fal-Error-Type', async () => {
    await withOwnSim({ failRate: 1 }, async (local) => {
      const client = falClientFor(local.sim);
      const { request_id: id } = await client.queue.submit('fal-ai/wan/v2.7/text-to-video', { input: { prompt: 'doomed', duration: '2' } });
      await finishJobs(local.sim);
      const error = await thrown(client.queue.result('fal-ai/wan/v2.7/text-to-video', { requestId: id }));
      expect(error.status).toBe(500);
      expect(error.body).toMatchObject({ error_type: 'runner_server_error' });
      expect(error.requestId).toBe(id);
      expect(local.sim.stats().billed.jobs).toBe(0);
    });
  });

  it('rejects input the endpoint does not take with 422 field errors, naming the field', async () => {
    // Veo spells durations "8s" and has no 480p; Wan takes "5", not 5; image-to-video needs its image.
    const veoDuration = await thrown(fal.queue.submit('fal-ai/veo3.1', { input: { prompt: 'x', duration: '5' } as never }));
    expect(veoDuration).toBeInstanceOf(ValidationError);
    expect((veoDuration as ValidationError).getFieldErrors('duration')[0]).toMatchObject({ type: 'literal_error' });
    const wan = await thrown(fal.queue.submit('fal-ai/wan/v2.7/text-to-video', { input: { prompt: 'x', duration: 5 } as never }));
    expect((wan as ValidationError).getFieldErrors('duration')).toHaveLength(1);
    const veo = await thrown(fal.queue.submit('fal-ai/veo3.1', { input: { prompt: 'x', resolution: '480p' } as never }));
    expect((veo as ValidationError).getFieldErrors('resolution')).toHaveLength(1);
    const i2v = await thrown(fal.queue.submit('fal-ai/kling-video/v3/pro/image-to-video', { input: { prompt: 'x' } as never }));
    expect((i2v as ValidationError).getFieldErrors('start_image_url')[0]).toMatchObject({ type: 'missing' });
    const unknown = await thrown(fal.queue.submit('fal-ai/no-such-model', { input: { prompt: 'x' } }));
    expect(unknown.status).toBe(404);
  });

  it('refuses a wrong key with 401 {detail}', async () => {
    const error = await thrown(falClientFor(h.sim, { credentials: 'wrong-key' }).queue.submit('fal-ai/veo3.1', { input: { prompt: 'x' } }));
    expect(error.status).toBe(401);
    expect(error.body).toHaveProperty('detail');
  });
});

describe('fal face: queueing, cancel, retention, storage, extend', () => {
  it('queues past the concurrency limit instead of refusing: queue positions count down', async () => {
    await withOwnSim({ falConcurrency: 1, timeScale: 1 }, async (local) => {
      const client = falClientFor(local.sim);
      const ids: string[] = [];
      // 720p: a 2 s job runs 8 s + 3 s per second at time scale 1 (no large-frame factor), after a 3 s queue delay.
      for (const prompt of ['first', 'second', 'third']) ids.push((await client.queue.submit('fal-ai/wan/v2.7/text-to-video', { input: { prompt, duration: '2', resolution: '720p' } })).request_id);
      const positions = async () => Promise.all(ids.map(async (requestId) => (await client.queue.status('fal-ai/wan/v2.7/text-to-video', { requestId })) as unknown as Json));
      // At 3 s (past the queue delay) the first runs, the others wait behind it.
      local.sim.advance(3_100);
      expect((await positions()).map((s) => [s.status, s.queue_position])).toEqual([['IN_PROGRESS', undefined], ['IN_QUEUE', 0], ['IN_QUEUE', 1]]);
      const firstRun = (8 + 3 * 2) * 1000;
      local.sim.advance(firstRun);
      await local.sim.settled();
      expect((await positions()).map((s) => s.status)).toEqual(['COMPLETED', 'IN_PROGRESS', 'IN_QUEUE']);
      expect(local.sim.stats().requests.byRoute['fal.submit']).toEqual({ 200: 3 });
    });
  });

  it('cancels a queued request (COMPLETED, client_cancelled, not charged) and refuses to cancel a finished one', async () => {
    await withOwnSim({ falConcurrency: 1, timeScale: 1 }, async (local) => {
      const client = falClientFor(local.sim);
      const endpoint = 'fal-ai/wan/v2.7/text-to-video';
      const first = await client.queue.submit(endpoint, { input: { prompt: 'keeps its slot', duration: '2' } });
      const second = await client.queue.submit(endpoint, { input: { prompt: 'cancelled', duration: '2' } });
      await client.queue.cancel(endpoint, { requestId: second.request_id });
      const status = (await client.queue.status(endpoint, { requestId: second.request_id })) as unknown as Json;
      expect(status).toMatchObject({ status: 'COMPLETED', error_type: 'client_cancelled' });
      expect((await thrown(client.queue.result(endpoint, { requestId: second.request_id }))).status).toBe(499);
      await finishJobs(local.sim);
      const late = await thrown(client.queue.cancel(endpoint, { requestId: first.request_id }));
      expect([late.status, late.body]).toEqual([400, { status: 'ALREADY_COMPLETED' }]);
      expect(local.sim.stats().billed.jobs).toBe(1);
    });
  });

  it('keeps a result for the retention window only', async () => {
    await withOwnSim({ falResultTtlSeconds: 60 }, async (local) => {
      const client = falClientFor(local.sim);
      const { request_id: id } = await client.queue.submit('fal-ai/wan/v2.7/text-to-video', { input: { prompt: 'short-lived', duration: '2' } });
      await local.sim.settled();
      local.sim.advance(5_000);
      await client.queue.result('fal-ai/wan/v2.7/text-to-video', { requestId: id });
      local.sim.advance(61_000);
      expect((await thrown(client.queue.result('fal-ai/wan/v2.7/text-to-video', { requestId: id }))).status).toBe(404);
    });
  });

  it('uploads a Blob input through storage (initiate, unauthenticated PUT) and serves it back at file_url', async () => {
    const bytes = Buffer.from('\x89PNG\r\n\x1a\nnot-really-an-image');
    const url = await fal.storage.upload(new Blob([bytes], { type: 'image/png' }));
    expect(url.startsWith(`${h.sim.falBaseURL}/files/uploads/`)).toBe(true);
    expect(Buffer.from(await (await fetch(url)).arrayBuffer())).toEqual(bytes);
    // transformInput uploads a Blob found in the input and submits its URL.
    const { request_id: id } = await fal.queue.submit('fal-ai/veo3.1/fast/image-to-video', { input: { prompt: 'from a still', duration: '4s', image_url: new Blob([bytes], { type: 'image/png' }) } });
    const [row] = (await listing(`endpoint_id=fal-ai/veo3.1/fast/image-to-video&request_id=${id}&expand=payloads`)).items;
    expect(String((row?.json_input as Json).image_url).startsWith(`${h.sim.falBaseURL}/files/uploads/`)).toBe(true);
  });

  it('extends a completed Veo clip: the output is the source plus the added seconds, billed for the added part', async () => {
    const source = await fal.subscribe('fal-ai/veo3.1/fast', { input: { prompt: 'to be continued', duration: '4s', generate_audio: false }, pollInterval: 50 });
    const sourceUrl = (source.data as { video: { url: string } }).video.url;
    const extended = await fal.subscribe('fal-ai/veo3.1/fast/extend-video', { input: { prompt: 'and then', video_url: sourceUrl, generate_audio: false }, pollInterval: 50 });
    const probe = await probeUrl((extended.data as { video: { url: string } }).video.url, 'extended.mp4');
    expect(Number(probe.format.duration)).toBeCloseTo(11, 0);
    expect(jobOf(extended.requestId)).toMatchObject({ kind: 'extend', seconds: 11, billedSeconds: 7, priceMicroUsd: 700_000 });
  });
});

describe('fal face: the request listing', () => {
  it('the listing pages with limit and cursor, filters by status, and keeps fal jobs out of /v1/videos', async () => {
    const page1 = await listing('endpoint_id=fal-ai/veo3.1/fast,fal-ai/wan/v2.7/text-to-video&limit=2');
    expect(page1.items).toHaveLength(2);
    expect(page1.has_more).toBe(true);
    const page2 = await listing(`endpoint_id=fal-ai/veo3.1/fast,fal-ai/wan/v2.7/text-to-video&limit=2&cursor=${page1.next_cursor}`);
    expect(page2.items[0]?.request_id).not.toBe(page1.items[1]?.request_id);
    const failed = await listing('endpoint_id=fal-ai/veo3.1/fast&status=user_error');
    expect(failed.items.every((i) => i.status_code === 422)).toBe(true);
    expect(failed.items.length).toBeGreaterThan(0);
    const openaiList = await h.client.videos.list();
    expect(openaiList.data).toHaveLength(0);
  });
});
