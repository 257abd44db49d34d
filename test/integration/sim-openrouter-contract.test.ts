// Drives every route of the simulator's OpenRouter face through the unmodified @openrouter/sdk (strict zod parsing:
// it rejects a 200 on submit, `null` in optional job fields and any content type but video/mp4) and through plain
// fetch as OpenRouter's guide shows: 202 with an absolute polling_url, polls, real MP4s, /videos/models, expiry,
// signed callbacks, faults and billing.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OpenRouter } from '@openrouter/sdk';
import { BadRequestResponseError, ConflictResponseError, GoneResponseError, OpenRouterError, UnauthorizedResponseError } from '@openrouter/sdk/models/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRouterShotCostMicro } from '../../src/catalog/openrouter-catalog.js';
import { verifyOpenRouterCallback } from '../../src/providers/openrouter/callback.js';
import { ffprobe, finishJobs, makeImage, startHarness, type SimHarness } from '../unit/sim/support/harness.js';
import { nullPaths, openRouterSdkFor, startReceiver, type Json } from '../support/sim-openrouter.js';

let h: SimHarness;
let sdk: OpenRouter;
beforeAll(async () => {
  h = await startHarness();
  sdk = openRouterSdkFor(h.sim);
});
afterAll(async () => h.close());

const auth = () => ({ authorization: `Bearer ${h.sim.apiKey}` });
const jobOf = (id: string) => h.sim.stats().jobs.find((j) => j.id === id);

async function rawSubmit(body: Json, headers: Record<string, string> = auth()): Promise<Response> {
  return fetch(`${h.sim.openRouterBaseURL}/videos`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

async function thrown<T extends Error>(promise: Promise<unknown>, type: new (...args: never[]) => T): Promise<T> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof type) return error;
    throw error;
  }
  throw new Error(`expected ${type.name}, but the call succeeded`);
}

async function probe(bytes: Buffer, name: string) {
  const path = join(h.dir, name);
  await writeFile(path, bytes);
  return ffprobe(path);
}

describe('OpenRouter face, through @openrouter/sdk', () => {
  it('answers submit 202 with exactly id, absolute polling_url and pending, then completes with content and usage.cost', async () => {
    const raw = await rawSubmit({ model: 'alibaba/wan-3.0', prompt: 'a glass greenhouse at sunrise', duration: 4, resolution: '720p', aspect_ratio: '16:9' });
    expect(raw.status).toBe(202);
    expect(raw.headers.get('content-type')).toBe('application/json');
    const submitted = (await raw.json()) as { id: string; polling_url: string; status: string };
    expect(Object.keys(submitted).sort()).toEqual(['id', 'polling_url', 'status']);
    expect(submitted.id).toMatch(/^gen-vid-\d+-[A-Za-z0-9]{20}$/);
    expect(submitted.status).toBe('pending');
    expect(submitted.polling_url).toBe(`${h.sim.openRouterBaseURL}/videos/${submitted.id}`);
    // The guide's samples fetch polling_url as is: it must be absolute, on the simulator's origin.
    const pending = (await (await fetch(submitted.polling_url, { headers: auth() })).json()) as Json;
    expect(pending).toMatchObject({ id: submitted.id });
    expect(['pending', 'in_progress']).toContain(pending.status);
    expect(nullPaths(pending)).toEqual([]);
    await finishJobs(h.sim);
    const done = await sdk.videoGeneration.getGeneration({ jobId: submitted.id });
    expect(done).toMatchObject({ id: submitted.id, status: 'completed', unsignedUrls: [`${h.sim.openRouterBaseURL}/videos/${submitted.id}/content?index=0`], usage: { cost: 0.4, isByok: false } });
    expect(done.generationId).toMatch(/^gen-\d+-/);
    const wire = (await (await fetch(submitted.polling_url, { headers: auth() })).json()) as Json;
    expect(nullPaths(wire)).toEqual([]);
    expect(wire).not.toHaveProperty('error');
    const content = await fetch(String((wire.unsigned_urls as string[])[0]), { headers: auth() });
    expect(content.status).toBe(200);
    expect(content.headers.get('content-type')).toBe('video/mp4');
    const video = await probe(Buffer.from(await content.arrayBuffer()), 'wan.mp4');
    expect(video.streams.find((s) => s.codec_type === 'video')).toMatchObject({ width: 1280, height: 720 });
    expect(Number(video.format.duration)).toBeCloseTo(4, 0);
    // Charged once, at the catalog's price: $0.10/s at 720p × 4 s.
    expect(jobOf(submitted.id)).toMatchObject({ protocol: 'openrouter', model: 'alibaba/wan-3.0', size: '1280x720', seconds: 4, priceMicroUsd: 400_000, charged: true, delivery: 'answered' });
    expect(openRouterShotCostMicro('alibaba/wan-3.0', { size: '1280x720', seconds: 4 })).toBe(400_000);
  });

  it('serves content through the SDK as a video/mp4 stream at the asked size and length, with a first frame', async () => {
    const image = await makeImage(h.dir, '720x1280', 'png');
    const job = await sdk.videoGeneration.generate({
      videoGenerationRequest: { model: 'kwaivgi/kling-v3.0-std', prompt: 'portrait walk', duration: 5, resolution: '720p', aspectRatio: '9:16', frameImages: [{ type: 'image_url', imageUrl: { url: `data:image/png;base64,${image.toString('base64')}` }, frameType: 'first_frame' }] },
    });
    expect(job.pollingUrl.startsWith('http://127.0.0.1:')).toBe(true);
    const early = await thrown(sdk.videoGeneration.getVideoContent({ jobId: job.id, index: 0 }), ConflictResponseError);
    expect(early.statusCode).toBe(409);
    await finishJobs(h.sim);
    const stream = await sdk.videoGeneration.getVideoContent({ jobId: job.id, index: 0 });
    const bytes = Buffer.from(await new Response(stream).arrayBuffer());
    const video = await probe(bytes, 'kling.mp4');
    expect(video.streams.find((s) => s.codec_type === 'video')).toMatchObject({ width: 720, height: 1280 });
    expect(Number(video.format.duration)).toBeCloseTo(5, 0);
    const missing = await fetch(`${h.sim.openRouterBaseURL}/videos/${job.id}/content?index=1`, { headers: auth() });
    expect(missing.status).toBe(404);
    const noKey = await fetch(`${h.sim.openRouterBaseURL}/videos/${job.id}/content?index=0`);
    expect(noKey.status).toBe(401);
    expect(await noKey.json()).toEqual({ error: { code: 401, message: 'Missing Authentication header' } });
  });

  it('lists /videos/models without a key, every required key present, prices under the live SKU names', async () => {
    const raw = (await (await fetch(`${h.sim.openRouterBaseURL}/videos/models`)).json()) as { data: Json[] };
    const required = ['id', 'canonical_slug', 'name', 'created', 'supported_resolutions', 'supported_aspect_ratios', 'supported_sizes', 'supported_durations', 'supported_frame_images', 'generate_audio', 'seed', 'allowed_passthrough_parameters', 'upscale_factor', 'creativity'];
    for (const row of raw.data) for (const key of required) expect(row).toHaveProperty(key);
    const wan = raw.data.find((row) => row.id === 'alibaba/wan-3.0');
    expect(wan?.pricing_skus).toEqual({ duration_seconds_480p: '0.05', duration_seconds_720p: '0.10', duration_seconds_1080p: '0.20' });
    const parsed = await sdk.videoGeneration.listVideosModels();
    expect(parsed.data.map((m) => m.id)).toContain('minimax/hailuo-3-max');
  });

  it('refuses what the model cannot do with 400 and the envelope, and a missing or wrong key with 401', async () => {
    const cases: [Json, RegExp][] = [
      [{ model: 'alibaba/wan-3.0', prompt: 'x', duration: 7 }, /duration/],
      [{ model: 'alibaba/wan-3.0', prompt: 'x', resolution: '4K' }, /resolution/],
      [{ model: 'alibaba/wan-3.0', prompt: 'x', generate_audio: true }, /generate_audio/],
      [{ model: 'minimax/hailuo-3-max', prompt: 'x', seed: 3 }, /seed/],
      [{ model: 'alibaba/wan-3.0', prompt: 'x', callback_url: 'http://example.com/hook' }, /callback_url/],
      [{ model: 'alibaba/wan-3.0' }, /prompt/],
      [{ model: 'nobody/video', prompt: 'x' }, /not a valid/],
      [{ model: 'minimax/hailuo-3-max', prompt: 'x', frame_images: [{ type: 'image_url', image_url: { url: 'https://example.com/a.png' }, frame_type: 'last_frame' }] }, /frame_type/],
    ];
    for (const [body, message] of cases) {
      const response = await rawSubmit(body);
      expect(response.status).toBe(400);
      const envelope = (await response.json()) as { error: { code: number; message: string } };
      expect(envelope.error.code).toBe(400);
      expect(envelope.error.message).toMatch(message);
    }
    const viaSdk = await thrown(sdk.videoGeneration.generate({ videoGenerationRequest: { model: 'alibaba/wan-3.0', prompt: 'x', duration: 9 } }), BadRequestResponseError);
    expect(viaSdk.message).toMatch(/duration/);
    const wrong = await thrown(openRouterSdkFor(h.sim, { apiKey: 'sk-or-v1-wrong' }).videoGeneration.generate({ videoGenerationRequest: { model: 'alibaba/wan-3.0', prompt: 'x' } }), UnauthorizedResponseError);
    expect(wrong.statusCode).toBe(401);
    expect((await rawSubmit({ model: 'alibaba/wan-3.0', prompt: 'x' }, {})).status).toBe(401);
  });

  it('bills usage.cost as configured, so the real charge can exceed the catalog estimate', async () => {
    h.sim.openRouter.set({ costFactor: 2.125 });
    try {
      const job = await sdk.videoGeneration.generate({ videoGenerationRequest: { model: 'alibaba/wan-3.0', prompt: 'pricier than planned', duration: 2, resolution: '480p' } });
      await finishJobs(h.sim);
      const done = await sdk.videoGeneration.getGeneration({ jobId: job.id });
      expect(done.usage?.cost).toBe(0.2125);
      expect(jobOf(job.id)).toMatchObject({ priceMicroUsd: 212_500, charged: true });
    } finally {
      h.sim.openRouter.set({ costFactor: 1 });
    }
  });
});

describe('OpenRouter face: expiry', () => {
  it('expires completed content after the retention: the job reads expired, content answers 410', async () => {
    // finishJobs jumps 10 minutes: the retention outlasts that, then runs out.
    const local = await startHarness({ openRouter: { retentionSeconds: 900 } });
    try {
      const client = openRouterSdkFor(local.sim);
      const job = await client.videoGeneration.generate({ videoGenerationRequest: { model: 'alibaba/wan-3.0', prompt: 'fleeting', duration: 2 } });
      await finishJobs(local.sim);
      expect((await client.videoGeneration.getGeneration({ jobId: job.id })).status).toBe('completed');
      local.sim.advance(301_000);
      const expired = await client.videoGeneration.getGeneration({ jobId: job.id });
      expect(expired).toMatchObject({ status: 'expired', error: 'Job exceeded maximum time to live' });
      expect(expired).not.toHaveProperty('unsignedUrls');
      const gone = await thrown(client.videoGeneration.getVideoContent({ jobId: job.id, index: 0 }), GoneResponseError);
      expect(gone.statusCode).toBe(410);
      // expire(id) ends a job's content at once, and the job still counts as billed once.
      const other = await client.videoGeneration.generate({ videoGenerationRequest: { model: 'alibaba/wan-3.0', prompt: 'expired by hand', duration: 2 } });
      await finishJobs(local.sim);
      expect(local.sim.expire(other.id)).toBe(true);
      expect((await client.videoGeneration.getGeneration({ jobId: other.id })).status).toBe('expired');
      expect(local.sim.stats().billed.jobs).toBe(2);
    } finally {
      await local.close();
    }
  });

  it('ends a job that outlives its time to live expired, uncharged', async () => {
    const local = await startHarness({ timeScale: 1, openRouter: { jobTtlSeconds: 5 } });
    try {
      const client = openRouterSdkFor(local.sim);
      const job = await client.videoGeneration.generate({ videoGenerationRequest: { model: 'alibaba/wan-3.0', prompt: 'too slow', duration: 10 } });
      local.sim.advance(6_000);
      const expired = await client.videoGeneration.getGeneration({ jobId: job.id });
      expect(expired).toMatchObject({ status: 'expired', error: 'Job exceeded maximum time to live' });
      expect(expired).not.toHaveProperty('usage');
      expect(local.sim.stats().billed.jobs).toBe(0);
    } finally {
      await local.close();
    }
  });
});

describe('OpenRouter face: signed callbacks', () => {
  it('POSTs each terminal status signed over the exact bytes, with the idempotency key; duplicates as a fault', async () => {
    const receiver = await startReceiver();
    const secret = 'whsec-openrouter-test';
    const local = await startHarness({ openRouter: { callbackSecret: secret, duplicateCallbacks: 1 } });
    try {
      const client = openRouterSdkFor(local.sim);
      const ok = await client.videoGeneration.generate({ videoGenerationRequest: { model: 'alibaba/wan-3.0', prompt: 'called back', duration: 2, callbackUrl: receiver.url } });
      const bad = await client.videoGeneration.generate({ videoGenerationRequest: { model: 'alibaba/wan-3.0', prompt: 'MODERATION_TEST', duration: 2, callbackUrl: receiver.url } });
      await finishJobs(local.sim);
      const received = await receiver.waitFor(4);
      expect(received).toHaveLength(4);
      const forOk = received.filter((c) => (c.json.data as Json).id === ok.id);
      expect(forOk).toHaveLength(2);
      expect(forOk[0]?.raw.equals(forOk[1]?.raw ?? Buffer.alloc(0))).toBe(true);
      expect(forOk[0]?.headers['x-openrouter-idempotency-key']).toBe(`${ok.id}-completed`);
      expect(forOk[0]?.json).toMatchObject({ type: 'video.generation.completed', data: { id: ok.id, status: 'completed', model: 'alibaba/wan-3.0', usage: { cost: 0.2, is_byok: false } } });
      const forBad = received.find((c) => (c.json.data as Json).id === bad.id);
      expect(forBad?.json).toMatchObject({ type: 'video.generation.failed', data: { status: 'failed', error: 'Content policy violation' } });
      for (const callback of received) {
        expect(verifyOpenRouterCallback(secret, callback.headers, callback.raw)).toMatchObject({ ok: true });
        expect(verifyOpenRouterCallback('another-secret', callback.headers, callback.raw)).toMatchObject({ ok: false });
        expect(verifyOpenRouterCallback(secret, callback.headers, Buffer.from(JSON.stringify(callback.json, null, 1)))).toMatchObject({ ok: false });
      }
      expect(local.sim.stats().webhooks.filter((d) => d.type === 'video.generation.completed')).toHaveLength(2);
      // A failed job is not charged; the completed one once, whatever the duplicate deliveries.
      expect(local.sim.stats().billed).toMatchObject({ jobs: 1, microUsd: 200_000 });
    } finally {
      await local.close();
      await receiver.close();
    }
  });
});

describe('OpenRouter face: faults', () => {
  it('a dropped submit answer leaves a job that is billed once it completes; the client sees a failure', async () => {
    h.sim.faults.script('openrouter.submit', ['drop']);
    const before = h.sim.stats().jobs.length;
    const error = await sdk.videoGeneration.generate({ videoGenerationRequest: { model: 'alibaba/wan-3.0', prompt: 'lost answer', duration: 2 } }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    const created = h.sim.stats().jobs.slice(before);
    expect(created).toHaveLength(1);
    expect(created[0]?.delivery).toBe('dropped');
    await finishJobs(h.sim);
    expect(jobOf(created[0]?.id ?? '')).toMatchObject({ charged: true, priceMicroUsd: 200_000 });
  });

  it('a 500 after the job was created is one POST with retries off, and several with the SDK default', async () => {
    const before = h.sim.stats().jobs.length;
    h.sim.faults.script('openrouter.submit', [{ status: 500, afterProcessing: true }]);
    const failed = await thrown(sdk.videoGeneration.generate({ videoGenerationRequest: { model: 'alibaba/wan-3.0', prompt: 'ambiguous', duration: 2 } }), OpenRouterError);
    expect(failed.statusCode).toBe(500);
    expect(JSON.parse(failed.body)).toEqual({ error: { code: 500, message: 'Internal Server Error' } });
    expect(h.sim.stats().jobs.length - before).toBe(1);
    // The SDK's default backoff resends the paid POST: two 500s, then success, three billed jobs.
    h.sim.faults.script('openrouter.submit', [{ status: 500, afterProcessing: true }, { status: 500, afterProcessing: true }]);
    await openRouterSdkFor(h.sim, { retries: true }).videoGeneration.generate({ videoGenerationRequest: { model: 'alibaba/wan-3.0', prompt: 'duplicated by retries', duration: 2 } });
    expect(h.sim.stats().jobs.length - before).toBe(4);
  });

  it('a reset before the request is read creates nothing; 429 carries Retry-After and X-RateLimit-*', async () => {
    const before = h.sim.stats().jobs.length;
    h.sim.faults.script('openrouter.submit', ['reset', { status: 429, retryAfterSeconds: 3 }, { status: 402 }]);
    await expect(sdk.videoGeneration.generate({ videoGenerationRequest: { model: 'alibaba/wan-3.0', prompt: 'reset', duration: 2 } })).rejects.toThrow();
    const limited = await rawSubmit({ model: 'alibaba/wan-3.0', prompt: 'limited', duration: 2 });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    const broke = await rawSubmit({ model: 'alibaba/wan-3.0', prompt: 'broke', duration: 2 });
    expect(broke.status).toBe(402);
    expect(((await broke.json()) as { error: { message: string } }).error.message).toMatch(/Insufficient credits/);
    expect(h.sim.stats().jobs.length).toBe(before);
  });
});
