// Auth, validation, rate limits, expiry, idempotency, list lag, concurrency and the /v1/sim control routes.
import OpenAI, { APIError } from 'openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiError, finishJobs, startHarness, type SimHarness } from '../unit/sim/support/harness.js';

let h: SimHarness;
beforeEach(async () => {
  h = await startHarness({ rpm: 1000 });
});
afterEach(async () => h.close());

async function post(path: string, body: unknown, init: { key?: string; headers?: Record<string, string> } = {}): Promise<{ status: number; json: { error?: { message: string; param: string | null; code: string | null; type: string } } & Record<string, unknown>; headers: Headers }> {
  const response = await fetch(`${h.sim.baseURL}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${init.key ?? h.sim.apiKey}`, 'content-type': 'application/json', ...init.headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as never, headers: response.headers };
}

describe('authentication', () => {
  it('401 with the envelope for a missing or wrong key, the key masked', async () => {
    const wrong = new OpenAI({ apiKey: 'sk-wrong-key-123456789', baseURL: h.sim.baseURL, maxRetries: 0 });
    await expect(wrong.videos.list()).rejects.toMatchObject({ status: 401, code: 'invalid_api_key', type: 'invalid_request_error' });
    const error = await apiError(wrong.videos.list());
    expect(error.message).not.toContain('sk-wrong-key-123456789');
    const none = await fetch(`${h.sim.baseURL}/videos`);
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ error: { type: 'invalid_request_error', param: null, code: null } });
  });

  it('echoKey (hostile server): the key comes back in 401 and 5xx messages and a header', async () => {
    h.sim.faults.set({ echoKey: true });
    const wrong = await post('/videos', { prompt: 'x' }, { key: 'sk-canary-0123456789abcdef' });
    expect(wrong.json.error?.message).toContain('sk-canary-0123456789abcdef');
    expect(wrong.headers.get('x-sim-echo')).toBe('sk-canary-0123456789abcdef');
    h.sim.faults.script('create', ['http500']);
    expect((await post('/videos', { prompt: 'x' })).json.error?.message).toContain(h.sim.apiKey);
  });
});

describe('validation, with the real API wording', () => {
  it.each([
    ['integer seconds in JSON', { prompt: 'x', seconds: 8 }, "Invalid type for 'seconds': expected one of '4', '8', or '12', but got an integer instead.", 'seconds'],
    ['seconds outside the enum', { prompt: 'x', seconds: '5' }, "Invalid value: '5'. Supported values are: '4', '8', and '12'.", 'seconds'],
    ['a size the model does not make', { prompt: 'x', size: '1024x1792' }, "Invalid value: '1024x1792'. Supported values for model 'sora-2' are: '720x1280' and '1280x720'.", 'size'],
    ['an unknown model', { prompt: 'x', model: 'sora-9' }, "Invalid value: 'sora-9'.", 'model'],
    ['no prompt', {}, "Missing required parameter: 'prompt'.", 'prompt'],
    ['an empty prompt', { prompt: '' }, "Invalid 'prompt': string too short.", 'prompt'],
    ['a prompt over 32000 characters', { prompt: 'x'.repeat(32_001) }, "Invalid 'prompt': string too long. Expected a string with maximum length 32000, but got a string with length 32001 instead.", 'prompt'],
    ['input_reference with neither file_id nor image_url', { prompt: 'x', input_reference: {} }, "Invalid 'input_reference': provide exactly one of 'file_id' or 'image_url'.", 'input_reference'],
    ['a data URL that is not an image', { prompt: 'x', input_reference: { image_url: `data:image/png;base64,${Buffer.from('not an image').toString('base64')}` } }, "Invalid file format for 'input_reference'.", 'input_reference'],
    ['characters without extended', { prompt: 'x', characters: [{ id: 'char_1' }] }, "Unknown parameter: 'characters'.", 'characters'],
  ])('%s → 400', async (_case, body, message, param) => {
    const { status, json } = await post('/videos', body);
    expect(status).toBe(400);
    expect(json.error?.message.startsWith(message)).toBe(true);
    expect(json.error).toMatchObject({ type: 'invalid_request_error', param });
    expect(h.sim.stats().billed.jobs).toBe(0);
  });

  it('extended: accepts seconds 20 and 1920x1080 on sora-2-pro at the 1080p price', async () => {
    await h.close();
    h = await startHarness({ extended: true });
    const { status, json } = await post('/videos', { prompt: 'x', model: 'sora-2-pro', seconds: '20', size: '1920x1080' });
    expect(status).toBe(200);
    expect(json).toMatchObject({ seconds: '20', size: '1920x1080' });
    expect(h.sim.stats().jobs[0]?.priceMicroUsd).toBe(14_000_000);
  });

  it('unknown ids are 404s, unknown URLs too', async () => {
    await expect(h.client.videos.retrieve('video_0123456789abcdef0123456789abcdef')).rejects.toMatchObject({ status: 404, param: 'video_id' });
    const response = await fetch(`${h.sim.baseURL}/nope`, { headers: { authorization: `Bearer ${h.sim.apiKey}` } });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { message: 'Invalid URL (GET /v1/nope)' } });
  });
});

describe('rate limits', () => {
  it('past the RPM of a model: 429 rate_limit_exceeded with retry-after and retry-after-ms; other models unaffected; a minute later it passes', async () => {
    await h.close();
    h = await startHarness({ rpm: { 'sora-2': 2 } });
    await h.client.videos.create({ prompt: 'a' });
    await h.client.videos.create({ prompt: 'b' });
    const error = await apiError(h.client.videos.create({ prompt: 'c' }));
    expect(error).toMatchObject({ status: 429, code: 'rate_limit_exceeded', type: 'requests' });
    const seconds = Number(error.headers?.get('retry-after'));
    expect(seconds).toBeGreaterThanOrEqual(59);
    expect(seconds).toBeLessThanOrEqual(60);
    expect(Number(error.headers?.get('retry-after-ms'))).toBeGreaterThan(58_000);
    await expect(h.client.videos.create({ prompt: 'pro', model: 'sora-2-pro' })).resolves.toMatchObject({ status: 'queued' });
    h.sim.advance(60_000);
    await expect(h.client.videos.create({ prompt: 'd' })).resolves.toMatchObject({ status: 'queued' });
    expect(h.sim.stats().billed.jobs).toBe(4);
  });
});

describe('expiry', () => {
  it('content is served until expires_at, then 404; expire(id) ends it at once', async () => {
    await h.close();
    h = await startHarness({ ttlSeconds: 2 });
    const [a, b] = [await h.client.videos.create({ prompt: 'ttl' }), await h.client.videos.create({ prompt: 'ttl' })];
    await h.sim.settled();
    h.sim.advance(500);
    await expect(h.client.videos.downloadContent(a.id)).resolves.toBeInstanceOf(Response);
    expect(h.sim.expire(b.id)).toBe(true);
    await expect(h.client.videos.downloadContent(b.id)).rejects.toMatchObject({ status: 404 });
    h.sim.advance(3_000);
    await expect(h.client.videos.downloadContent(a.id)).rejects.toMatchObject({ status: 404 });
    expect(await h.client.videos.retrieve(a.id)).toMatchObject({ status: 'completed' });
  });
});

describe('consistency', () => {
  it('Idempotency-Key: the same key returns the same job and bills once; other parameters are refused', async () => {
    const headers = { 'Idempotency-Key': 'shot-7-take-1' };
    const first = await h.client.videos.create({ prompt: 'once' }, { headers });
    const again = await h.client.videos.create({ prompt: 'once' }, { headers });
    expect(again.id).toBe(first.id);
    expect(h.sim.stats().billed.jobs).toBe(1);
    await expect(h.client.videos.create({ prompt: 'other' }, { headers })).rejects.toMatchObject({ status: 400, code: 'idempotency_key_reused' });
  });

  it('listLagMs: a new job is retrievable at once but listed only after the lag', async () => {
    h.sim.faults.set({ listLagMs: 2_000 });
    const video = await h.client.videos.create({ prompt: 'lagging' });
    await expect(h.client.videos.retrieve(video.id)).resolves.toMatchObject({ id: video.id });
    expect((await h.client.videos.list()).data).toEqual([]);
    h.sim.advance(2_000);
    expect((await h.client.videos.list()).data.map((v) => v.id)).toEqual([video.id]);
  });

  it('200 concurrent creates leave a consistent job list', async () => {
    const created = await Promise.all(Array.from({ length: 200 }, (_, i) => h.client.videos.create({ prompt: 'crowd', seconds: i % 2 ? '8' : '4' })));
    const ids = created.map((v) => v.id);
    expect(new Set(ids).size).toBe(200);
    const listed: string[] = [];
    for await (const video of h.client.videos.list({ limit: 100 })) listed.push(video.id);
    const stats = h.sim.stats();
    expect(listed).toEqual(stats.jobs.map((j) => j.id).reverse());
    expect(new Set(listed)).toEqual(new Set(ids));
    expect(stats.billed).toEqual({ jobs: 200, seconds: 1200, microUsd: 120_000_000 });
  });
});

describe('/v1/sim control routes (for a simulator in another process)', () => {
  it('stats, scripted faults, advance and expire over HTTP, behind the same key', async () => {
    expect((await fetch(`${h.sim.baseURL}/sim/stats`)).status).toBe(401);
    expect((await post('/sim/faults', { script: { target: 'create', steps: ['drop'] } })).status).toBe(200);
    await expect(h.client.videos.create({ prompt: 'dropped' })).rejects.toThrow();
    const stats = (await (await fetch(`${h.sim.baseURL}/sim/stats`, { headers: { authorization: `Bearer ${h.sim.apiKey}` } })).json()) as { jobs: { id: string; delivery: string }[] };
    expect(stats.jobs.map((j) => j.delivery)).toEqual(['dropped']);
    expect((await post('/sim/faults', { script: { target: 'create', steps: ['explode'] } })).status).toBe(400);
    await h.sim.settled();
    expect((await post('/sim/advance', { ms: 600_000 })).status).toBe(200);
    const id = stats.jobs[0]?.id ?? '';
    expect(await h.client.videos.retrieve(id)).toMatchObject({ status: 'completed' });
    expect((await post('/sim/expire', { id })).json).toEqual({ id, expired: true });
    await expect(h.client.videos.downloadContent(id)).rejects.toMatchObject({ status: 404 });
  });

  it('refuses a body over the limit with 413', async () => {
    await h.close();
    h = await startHarness({ bodyLimitBytes: 1024 });
    expect((await post('/videos', { prompt: 'x'.repeat(2048) })).status).toBe(413);
  });
});
