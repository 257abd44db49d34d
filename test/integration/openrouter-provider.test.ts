// The OpenRouter adapter against the simulator's OpenRouter face, through the official @openrouter/sdk: shots end to
// end with ffprobe, the paid submit leaving exactly once whatever goes wrong (ambiguous, never retried), status
// mapping incl. expired, usage.cost recorded as the charge, classification of every refusal, and the key kept out of
// every message.
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRouterShotCostMicro } from '../../src/catalog/openrouter-catalog.js';
import { createOpenRouterProvider, fetchOpenRouterVideoModels, openRouterJobPrefix, verifyOpenRouterCallback } from '../../src/providers/openrouter/index.js';
import { usdToChargedMicro } from '../../src/providers/openrouter/status.js';
import { createOutcome, isProviderError, type ProviderError, type VideoProvider } from '../../src/providers/provider.js';
import type { Simulator } from '../../src/sim/index.js';
import { signOpenRouterCallback } from '../../src/sim/faces/openrouter/webhooks.js';
import { ffprobe, finishJobs, makeImage } from '../unit/sim/support/harness.js';
import { signal, untilDone } from '../support/fal-provider.js';
import { withOwnSim } from '../support/sim-fal.js';

const paid = { signal, idempotencyKey: 'render-test' };
const key = 'sk-or-v1-0123456789abcdef0123456789abcdef';
const shot = { model: 'alibaba/wan-3.0', size: '1280x720', seconds: 2, prompt: 'A heron lifting off a pond' };

function providerFor(sim: Simulator, extra: Partial<Parameters<typeof createOpenRouterProvider>[0]> = {}): VideoProvider {
  return createOpenRouterProvider({ apiKey: sim.apiKey, baseURL: sim.openRouterBaseURL, paidTimeoutMs: 10_000, readTimeoutMs: 10_000, ...extra });
}

async function rejection(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  if (!isProviderError(error)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  return error;
}

// The log line is written once the server is done with the request, which may be just after the client gave up.
async function submits(sim: Simulator): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 50));
  return sim.stats().requests.log.filter((entry) => entry.route === 'openrouter.submit').length;
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('OpenRouter provider adapter (simulator OpenRouter face)', () => {
  it('a text and a first-frame shot end to end, at the size and length asked, charged what usage.cost says', async () => {
    await withOwnSim({}, async (local) => {
      const openrouter = providerFor(local.sim);
      const image = { bytes: await makeImage(local.dir, '720x1280', 'png'), mime: 'image/png' as const };
      const text = await openrouter.create(shot, paid);
      const still = await openrouter.create({ model: 'kwaivgi/kling-v3.0-std', size: '720x1280', seconds: 5, prompt: 'The heron, from below', reference: image }, paid);
      expect(text.id.startsWith(openRouterJobPrefix)).toBe(true);
      expect(text.id).toMatch(/^openrouter:gen-vid-\d+-[A-Za-z0-9]{20}$/);
      expect(still).toMatchObject({ model: 'kwaivgi/kling-v3.0-std', size: '720x1280', seconds: 5, status: 'queued', remixedFromId: null });
      for (const [job, width, height, seconds, micro] of [[text, 1280, 720, 2, 200_000], [still, 720, 1280, 5, 420_000]] as const) {
        const done = await untilDone(openrouter, job.id);
        expect(done).toMatchObject({ status: 'completed', progress: 100, error: null, billing: { chargedMicroUsd: micro } });
        const { body, contentType } = await openrouter.download(job.id, 'video', { signal });
        expect(contentType).toBe('video/mp4');
        const chunks: Uint8Array[] = [];
        for await (const chunk of body) chunks.push(chunk);
        const file = join(local.dir, `${seconds}.mp4`);
        await writeFile(file, Buffer.concat(chunks));
        const probe = await ffprobe(file);
        expect(probe.streams.find((s) => s.codec_type === 'video')).toMatchObject({ width, height });
        expect(Math.abs(Number(probe.format.duration) - seconds)).toBeLessThan(0.05);
      }
      expect(local.sim.stats().billed).toMatchObject({ jobs: 2, microUsd: 620_000 });
    });
  });

  it('records the real charge when it exceeds the catalog estimate', async () => {
    await withOwnSim({ openRouter: { costFactor: 2.125 } }, async (local) => {
      const openrouter = providerFor(local.sim);
      const job = await openrouter.create({ ...shot, size: '854x480' }, paid);
      const done = await untilDone(openrouter, job.id);
      expect(openRouterShotCostMicro(shot.model, { size: '854x480', seconds: 2 })).toBe(100_000);
      expect(done.billing).toEqual({ chargedMicroUsd: 212_500 });
    });
  });

  it('a dropped, a late-500 and a timed-out submit answer each leave once, ambiguous, and the job is billed once', async () => {
    await withOwnSim({}, async (local) => {
      const openrouter = providerFor(local.sim, { paidTimeoutMs: 300 });
      const cases = [['drop', 'transport'], [{ status: 500, afterProcessing: true }, 'server'], [{ slowMs: 1_000 }, 'transport'], [{ status: 503, afterProcessing: true }, 'server']] as const;
      for (const [step, kind] of cases) {
        const before = local.sim.stats().jobs.length;
        local.sim.faults.script('openrouter.submit', [step]);
        const error = await rejection(openrouter.create(shot, paid));
        expect(error.kind).toBe(kind);
        expect(createOutcome(error)).toBe('ambiguous');
        expect(local.sim.stats().jobs.length - before).toBe(1);
      }
      // The slow answer is still held back: once it is done, the log shows one POST per call, no retry.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(await submits(local.sim)).toBe(4);
      await finishJobs(local.sim);
      // Four jobs exist, none answered; each is charged exactly once.
      const jobs = local.sim.stats().jobs;
      expect(jobs.map((j) => j.delivery)).toEqual(['dropped', 'errored', 'client-closed', 'errored']);
      expect(local.sim.stats().billed).toMatchObject({ jobs: 4, microUsd: 800_000 });
    });
  });

  it('a reset before sending or a closed port: no job, never retried', async () => {
    await withOwnSim({}, async (local) => {
      const openrouter = providerFor(local.sim);
      local.sim.faults.script('openrouter.submit', ['reset']);
      const reset = await rejection(openrouter.create(shot, paid));
      expect(['transport', 'server']).toContain(reset.kind);
      expect(await submits(local.sim)).toBe(1);
      expect(local.sim.stats().jobs).toHaveLength(0);
      const closed = createOpenRouterProvider({ apiKey: key, baseURL: `http://127.0.0.1:${await closedPort()}/api/v1` });
      const refused = await rejection(closed.create(shot, paid));
      expect(refused.kind).toBe('unreachable');
      expect(createOutcome(refused)).toBe('not-created');
    });
  });

  it('an accepted submit whose answer the SDK cannot parse (200 instead of 202, a null field) is ambiguous', async () => {
    const answers = [
      { status: 200, body: { id: 'gen-vid-1-a', polling_url: 'http://x/videos/a', status: 'pending' } },
      { status: 202, body: { id: 'gen-vid-1-b', polling_url: 'http://x/videos/b', status: 'pending', generation_id: null } },
    ];
    const server = createServer((req, res) => {
      const answer = answers.shift();
      req.resume().on('end', () => res.writeHead(answer?.status ?? 500, { 'content-type': 'application/json' }).end(JSON.stringify(answer?.body ?? {})));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const stub = createOpenRouterProvider({ apiKey: key, baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1` });
      for (const status of [200, 202]) {
        const error = await rejection(stub.create(shot, paid));
        expect(error).toMatchObject({ kind: 'server', status });
        expect(createOutcome(error)).toBe('ambiguous');
        if (status === 202) expect(error.message).toMatch(/did not parse/);
      }
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('classifies refusals: 400 invalid with OpenRouter\'s message, 401/403 auth, 402 quota, 429 rate-limited with its wait', async () => {
    await withOwnSim({ apiKey: key }, async (local) => {
      const openrouter = providerFor(local.sim);
      local.sim.faults.script('openrouter.submit', [{ status: 403, message: 'Flagged by moderation' }, { status: 402 }, { status: 429, retryAfterSeconds: 3 }, { status: 422, message: 'Unprocessable' }]);
      expect(await rejection(openrouter.create(shot, paid))).toMatchObject({ kind: 'auth', status: 403, message: 'Flagged by moderation' });
      expect(await rejection(openrouter.create(shot, paid))).toMatchObject({ kind: 'quota-exhausted', status: 402, message: expect.stringMatching(/Insufficient credits/) });
      expect(await rejection(openrouter.create(shot, paid))).toMatchObject({ kind: 'rate-limited', status: 429, retryAfterMs: 3_000 });
      expect(await rejection(openrouter.create(shot, paid))).toMatchObject({ kind: 'invalid', status: 422 });
      // A catalog entry wider than the live model: OpenRouter's own 400 message comes through.
      const wide = providerFor(local.sim, { models: [{ ...local.sim.openRouter.settings().models[0]!, durations: [2, 7] }] });
      const invalid = await rejection(wide.create({ ...shot, seconds: 7 }, paid));
      expect(invalid).toMatchObject({ kind: 'invalid', status: 400, message: expect.stringMatching(/Invalid duration 7 for model alibaba\/wan-3\.0/) });
      const wrongKey = createOpenRouterProvider({ apiKey: 'sk-or-v1-ffffffffffffffffffffffffffff', baseURL: local.sim.openRouterBaseURL });
      expect(await rejection(wrongKey.create(shot, paid))).toMatchObject({ kind: 'auth', status: 401 });
      // Refused before anything is sent: a size or length the catalog says the model does not make.
      const before = await submits(local.sim);
      expect(await rejection(openrouter.create({ ...shot, size: '3840x2160' }, paid))).toMatchObject({ kind: 'invalid' });
      expect(await rejection(openrouter.create({ ...shot, seconds: 7 }, paid))).toMatchObject({ kind: 'invalid' });
      expect(await rejection(openrouter.create({ ...shot, model: 'minimax/hailuo-3-max', size: '1366x768', seconds: 6, lastFrame: { bytes: new Uint8Array([1]), mime: 'image/png' } }, paid))).toMatchObject({ kind: 'invalid' });
      expect(await submits(local.sim)).toBe(before);
    });
  });

  it('never puts the key in a message, even when the server echoes it', async () => {
    await withOwnSim({ apiKey: key, echoKey: true }, async (local) => {
      const echoed = createOpenRouterProvider({ apiKey: `${key}x`, baseURL: local.sim.openRouterBaseURL });
      const auth = await rejection(echoed.create(shot, paid));
      expect(auth.kind).toBe('auth');
      expect(auth.message).toMatch(/redacted/);
      expect(auth.message).not.toContain(key);
      const openrouter = providerFor(local.sim);
      local.sim.faults.script('openrouter.submit', [{ status: 500 }]);
      local.sim.faults.script('openrouter.poll', [{ status: 500 }]);
      const server = await rejection(openrouter.create(shot, paid));
      expect(server.message).not.toContain(key);
      const poll = await rejection(openrouter.retrieve('openrouter:gen-vid-1-abc', { signal }));
      expect(poll.kind).toBe('server');
      expect(poll.message).not.toContain(key);
    });
  });

  it('maps failed and expired jobs, and content that is not there yet or any more', async () => {
    await withOwnSim({ openRouter: { retentionSeconds: 900 } }, async (local) => {
      const openrouter = providerFor(local.sim);
      const blocked = await openrouter.create({ ...shot, prompt: 'MODERATION_TEST' }, paid);
      expect(await untilDone(openrouter, blocked.id)).toMatchObject({ status: 'failed', error: { code: 'failed', message: 'Content policy violation' } });
      expect(await rejection(openrouter.download(blocked.id, 'video', { signal }))).toMatchObject({ kind: 'not-found' });
      local.sim.openRouter.set({ jobTtlSeconds: 0 });
      const slow = await openrouter.create(shot, paid);
      local.sim.openRouter.set({ jobTtlSeconds: 3600 });
      const early = await openrouter.create(shot, paid);
      const tooEarly = await rejection(openrouter.download(early.id, 'video', { signal }));
      expect(tooEarly).toMatchObject({ kind: 'server', status: 409 });
      const expired = await untilDone(openrouter, slow.id);
      expect(expired).toMatchObject({ status: 'failed', error: { code: 'expired', message: expect.stringMatching(/expired.*time to live/) } });
      expect(expired.billing).toBeUndefined();
      await finishJobs(local.sim);
      expect((await openrouter.retrieve(early.id, { signal })).job.status).toBe('completed');
      local.sim.advance(301_000);
      expect((await openrouter.retrieve(early.id, { signal })).job).toMatchObject({ status: 'failed', error: { code: 'expired' } });
      expect(await rejection(openrouter.download(early.id, 'video', { signal }))).toMatchObject({ kind: 'not-found', status: 410, code: 'expired' });
      expect(await rejection(openrouter.retrieve('video_123', { signal }))).toMatchObject({ kind: 'not-found' });
      await openrouter.delete(early.id, { signal });
    });
  });

  it('continues a completed job on its own model with previous_job_id', async () => {
    await withOwnSim({}, async (local) => {
      const openrouter = providerFor(local.sim);
      const parent = await openrouter.create(shot, paid);
      await untilDone(openrouter, parent.id);
      const more = await openrouter.remix(parent.id, 'The heron lands again', paid);
      expect(more).toMatchObject({ model: shot.model, size: shot.size, seconds: shot.seconds, prompt: 'The heron lands again', remixedFromId: parent.id });
      expect(await untilDone(openrouter, more.id)).toMatchObject({ status: 'completed' });
      expect(local.sim.stats().jobs[1]).toMatchObject({ kind: 'remix', remixedFromVideoId: parent.id.slice(openRouterJobPrefix.length) });
      const stranger = createOpenRouterProvider({ apiKey: local.sim.apiKey, baseURL: local.sim.openRouterBaseURL });
      expect(await rejection(stranger.remix(parent.id, 'x', paid))).toMatchObject({ kind: 'invalid' });
    });
  });

  it('discovers /videos/models into catalog entries with the live price keys', async () => {
    await withOwnSim({}, async (local) => {
      const catalog = await fetchOpenRouterVideoModels({ baseURL: local.sim.openRouterBaseURL, now: () => Date.parse('2026-12-01T00:00:00Z') });
      expect(catalog.fetchedAt).toBe('2026-12-01T00:00:00.000Z');
      const wan = catalog.models.find((m) => m.id === 'alibaba/wan-3.0');
      expect(wan?.pricingSkus).toEqual({ duration_seconds_480p: '0.05', duration_seconds_720p: '0.10', duration_seconds_1080p: '0.20' });
      expect(wan && openRouterShotCostMicro(wan, { size: '1920x1080', seconds: 4 })).toBe(800_000);
      local.sim.faults.script('openrouter.models', [{ status: 500 }]);
      expect(await rejection(fetchOpenRouterVideoModels({ baseURL: local.sim.openRouterBaseURL, apiKey: key }))).toMatchObject({ kind: 'server' });
    });
  });
});

describe('OpenRouter callbacks and charges (pure)', () => {
  const secret = 'workspace-secret';
  const body = '{"type":"video.generation.completed","data":{"id":"x"}}';
  const now = 1_796_000_000_000;

  it('verifies a signature over the raw bytes, within 300 s, in constant time', () => {
    const headers = { 'X-OpenRouter-Signature': signOpenRouterCallback(secret, now / 1000, body) };
    expect(verifyOpenRouterCallback(secret, headers, body, now)).toEqual({ ok: true, timestamp: now / 1000 });
    expect(verifyOpenRouterCallback(secret, new Headers(headers), Buffer.from(body), now + 299_000)).toMatchObject({ ok: true });
    expect(verifyOpenRouterCallback(secret, headers, body, now + 301_000)).toMatchObject({ ok: false, reason: expect.stringMatching(/300 s/) });
    expect(verifyOpenRouterCallback(secret, headers, `${body} `, now)).toMatchObject({ ok: false, reason: 'signature does not match' });
    expect(verifyOpenRouterCallback('other', headers, body, now)).toMatchObject({ ok: false });
    expect(verifyOpenRouterCallback(secret, {}, body, now)).toMatchObject({ ok: false, reason: expect.stringMatching(/no X-OpenRouter-Signature/) });
    expect(verifyOpenRouterCallback(secret, { 'x-openrouter-signature': 't=abc,v1=00' }, body, now)).toMatchObject({ ok: false, reason: expect.stringMatching(/malformed/) });
    expect(verifyOpenRouterCallback(secret, { 'x-openrouter-signature': `t=${now / 1000},v1=zz` }, body, now)).toMatchObject({ ok: false });
  });

  it('turns usage.cost (USD) into integer micro-dollars, rounded up, float noise aside', () => {
    expect(usdToChargedMicro(0.1 * 3)).toBe(300_000);
    expect(usdToChargedMicro(0.2125)).toBe(212_500);
    expect(usdToChargedMicro(0.0000011)).toBe(2);
    expect(usdToChargedMicro(-1)).toBeUndefined();
  });
});
