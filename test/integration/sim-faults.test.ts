// Each injected fault as a client meets it through the openai SDK, and what the simulator's ledger shows afterwards.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/sim/index.js';
import { apiError, ffprobe, finishJobs, startHarness, type SimHarness } from '../unit/sim/support/harness.js';

// One media cache for the file: every test gets a fresh simulator, but identical clips render once.
let mediaCacheDir: string;
beforeAll(async () => {
  mediaCacheDir = await mkdtemp(join(tmpdir(), 'sim-faults-media-'));
});
afterAll(async () => rm(mediaCacheDir, { recursive: true, force: true }));

let h: SimHarness;
beforeEach(async () => {
  h = await startHarness({ mediaCacheDir });
});
afterEach(async () => h.close());

const create = (client: OpenAI, prompt = 'same shot') => client.videos.create({ prompt, size: '1280x720' });

describe('faults on paid requests', () => {
  it('drop: the job is created and billed, but the client only sees a connection error', async () => {
    h.sim.faults.script('create', ['drop']);
    await expect(create(h.client)).rejects.toBeInstanceOf(APIConnectionError);
    const [job] = h.sim.stats().jobs;
    expect(job).toMatchObject({ delivery: 'dropped', priceMicroUsd: 400_000, retryCount: 0 });
    const listed = await h.client.videos.list();
    expect(listed.data.map((v) => v.id)).toEqual([job?.id]);
  });

  it('drop with the SDK default retries pays twice: the trap the executor must avoid', async () => {
    const retrying = new OpenAI({ apiKey: h.sim.apiKey, baseURL: h.sim.baseURL, maxRetries: 2 });
    h.sim.faults.script('create', ['drop']);
    const video = await create(retrying);
    const jobs = h.sim.stats().jobs;
    expect(jobs.map((j) => [j.retryCount, j.delivery])).toEqual([
      [0, 'dropped'],
      [1, 'answered'],
    ]);
    expect(jobs[1]?.id).toBe(video.id);
  });

  it('an error after processing bills the job; an error or reset before it bills nothing', async () => {
    h.sim.faults.script('create', [{ status: 500, afterProcessing: true }, 'http500', 'reset']);
    await expect(create(h.client)).rejects.toMatchObject({ status: 500, type: 'server_error' });
    await expect(create(h.client)).rejects.toMatchObject({ status: 500 });
    await expect(create(h.client)).rejects.toBeInstanceOf(APIConnectionError);
    expect(h.sim.stats().jobs.map((j) => j.delivery)).toEqual(['errored']);
    expect(h.sim.stats().requests.log.map((e) => e.status)).toEqual([500, 500, 'reset']);
  });

  it('429 with retry-after and retry-after-ms, then insufficient_quota without them', async () => {
    h.sim.faults.script('create', [{ status: 429, retryAfterSeconds: 2, retryAfterMs: 2000 }, { status: 429, code: 'insufficient_quota' }]);
    const limited = await apiError(create(h.client));
    expect(limited).toMatchObject({ status: 429, code: 'rate_limit_exceeded', type: 'requests' });
    expect(limited.headers?.get('retry-after')).toBe('2');
    expect(limited.headers?.get('retry-after-ms')).toBe('2000');
    const quota = await apiError(create(h.client));
    expect(quota).toMatchObject({ status: 429, code: 'insufficient_quota', type: 'insufficient_quota' });
    expect(quota.headers?.get('retry-after')).toBeNull();
    await expect(create(h.client)).resolves.toMatchObject({ status: 'queued' });
  });

  it('503 on every create from now on (x-should-retry: true), reads unaffected, until cleared', async () => {
    h.sim.faults.always('create', 'http503');
    for (let i = 0; i < 3; i += 1) {
      const error = await apiError(create(h.client));
      expect(error.status).toBe(503);
      expect(error.headers?.get('x-should-retry')).toBe('true');
    }
    await expect(h.client.videos.list()).resolves.toMatchObject({ data: [], has_more: false });
    h.sim.faults.clear();
    await expect(create(h.client)).resolves.toMatchObject({ status: 'queued' });
    expect(h.sim.stats().billed.jobs).toBe(1);
  });

  it('a slow answer past the client timeout leaves a billed job the client never saw', async () => {
    const impatient = new OpenAI({ apiKey: h.sim.apiKey, baseURL: h.sim.baseURL, maxRetries: 0, timeout: 150 });
    h.sim.faults.script('create', [{ slowMs: 600 }]);
    await expect(create(impatient)).rejects.toBeInstanceOf(APIConnectionTimeoutError);
    await new Promise((r) => setTimeout(r, 700));
    expect(h.sim.stats().jobs.map((j) => j.delivery)).toEqual(['client-closed']);
  });

  it('records x-stainless-retry-count of every attempt', async () => {
    const retrying = new OpenAI({ apiKey: h.sim.apiKey, baseURL: h.sim.baseURL, maxRetries: 2 });
    h.sim.faults.script('retrieve', [{ status: 500, retryAfterMs: 1 }, { status: 429, retryAfterMs: 1 }]);
    const video = await create(h.client);
    await retrying.videos.retrieve(video.id);
    const retrieves = h.sim.stats().requests.log.filter((e) => e.route === 'retrieve');
    expect(retrieves.map((e) => [e.retryCount, e.status])).toEqual([
      [0, 500],
      [1, 429],
      [2, 200],
    ]);
  });
});

describe('failed generations', () => {
  it('failRate 1: every job ends failed with video_generation_failed and has no content', async () => {
    h.sim.faults.set({ failRate: 1 });
    const video = await create(h.client);
    await finishJobs(h.sim);
    const failed = await h.client.videos.retrieve(video.id);
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'video_generation_failed' }, expires_at: null });
    await expect(h.client.videos.downloadContent(video.id)).rejects.toMatchObject({ status: 404 });
  });

  it.each(['Taylor Swift dancing in the rain', 'a cat, MODERATION_TEST'])('moderation: %s is created, then blocked', async (prompt) => {
    const video = await create(h.client, prompt);
    expect(video.status).toBe('queued');
    h.sim.advance(60_000);
    expect(await h.client.videos.retrieve(video.id)).toMatchObject({
      status: 'failed',
      error: { code: 'moderation_blocked', message: 'Your request was blocked by our moderation system.' },
    });
  });

  it('the same seed fails the same jobs', async () => {
    const outcomes = async () => {
      const sim = await startSimulator({ seed: 42, failRate: 0.5, errorRate: 0.3, mediaCacheDir });
      const client = new OpenAI({ apiKey: sim.apiKey, baseURL: sim.baseURL, maxRetries: 0 });
      const statuses: (number | string)[] = [];
      for (let i = 0; i < 12; i += 1) statuses.push(await create(client, 'seeded').then(() => 200, (e: APIError) => e.status ?? 'error'));
      sim.advance(600_000);
      const failed = sim.stats().jobs.map((j) => j.status);
      await sim.close();
      return { statuses, failed };
    };
    const first = await outcomes();
    expect(await outcomes()).toEqual(first);
    expect(first.statuses).toContain(200);
    expect(first.statuses.some((s) => s === 500 || s === 503)).toBe(true);
  });
});

describe('download faults', () => {
  async function completedVideo(): Promise<{ id: string; size: number }> {
    const video = await create(h.client);
    await finishJobs(h.sim);
    const full = await h.client.videos.downloadContent(video.id);
    return { id: video.id, size: (await full.arrayBuffer()).byteLength };
  }

  it('truncated with a full Content-Length or chunked: the body read fails', async () => {
    const { id } = await completedVideo();
    h.sim.faults.script('content', [{ truncateAfterBytes: 1000 }, { truncateAfterBytes: 1000, framing: 'chunked' }]);
    for (let i = 0; i < 2; i += 1) {
      const response = await h.client.videos.downloadContent(id);
      await expect(response.arrayBuffer()).rejects.toThrow();
    }
  });

  it('truncated and close-delimited: the read succeeds with too few bytes (only content checks catch it)', async () => {
    const { id, size } = await completedVideo();
    h.sim.faults.script('content', [{ truncateAfterBytes: 1000, framing: 'close' }]);
    const response = await h.client.videos.downloadContent(id);
    expect(response.headers.get('content-length')).toBeNull();
    const bytes = await response.arrayBuffer();
    expect(bytes.byteLength).toBe(1000);
    expect(size).toBeGreaterThan(1000);
  });

  it('a JSON error served as 200 video/mp4', async () => {
    const { id } = await completedVideo();
    h.sim.faults.script('content', ['json-as-mp4']);
    const response = await h.client.videos.downloadContent(id);
    expect(response.headers.get('content-type')).toBe('video/mp4');
    expect(await response.text()).toMatch(/^\{"error"/);
  });

  it('a stalled body arrives complete, late', async () => {
    const { id, size } = await completedVideo();
    h.sim.faults.script('content', [{ stallAfterBytes: 500, stallMs: 400 }]);
    const started = Date.now();
    const response = await h.client.videos.downloadContent(id);
    expect((await response.arrayBuffer()).byteLength).toBe(size);
    expect(Date.now() - started).toBeGreaterThanOrEqual(380);
  });

  it('a clip of the wrong duration', async () => {
    const { id } = await completedVideo();
    h.sim.faults.script('content', [{ servedSeconds: 8 }]);
    const response = await h.client.videos.downloadContent(id);
    const path = join(h.dir, 'wrong.mp4');
    await writeFile(path, Buffer.from(await response.arrayBuffer()));
    expect(Number((await ffprobe(path)).format.duration)).toBeCloseTo(8, 1);
  });
});
