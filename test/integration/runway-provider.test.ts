// The Runway adapter against the simulator's Runway face, through the official @runwayml/sdk: shots end to end with
// ffprobe; a lost or late create answer leaves exactly one task and surfaces as ambiguous; THROTTLED and every other
// status mapped; Runway's billing figures on the job; failures classified; the key never in a message.
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createOutcome } from '../../src/providers/provider.js';
import { createRunwayProvider, readRunwayOrganization, runwayJobPrefix } from '../../src/providers/runway/runway-provider.js';
import { finishJobs, makeImage } from '../unit/sim/support/harness.js';
import { signal, untilDone } from '../support/fal-provider.js';
import { runwayProviderFor } from '../support/runway-provider.js';
import { withOwnSim } from '../support/sim-fal.js';
import { expectDownloadedClip, rejection } from '../support/provider-calls.js';

const paid = { signal, idempotencyKey: 'render-test' };
const key = `key_${'c0ffee'.repeat(21)}ab`;


const createPosts = (log: { route: string }[]) => log.filter((entry) => /^runway\.(text|image|video)_to_video$/.test(entry.route)).length;

describe('Runway provider adapter (simulator Runway face)', () => {
  it('a text-to-video and a first-and-last-frame shot end to end, at the size and length asked, with Runway\'s costs', async () => {
    await withOwnSim({ runway: { tier: 5 } }, async (local) => {
      const runway = runwayProviderFor(local.sim);
      const image = { bytes: await makeImage(local.dir, '720x1280', 'png'), mime: 'image/png' as const };
      const text = await runway.create({ model: 'gen4.5', size: '1280x720', seconds: 2, prompt: 'A heron lifting off a pond' }, paid);
      const frames = await runway.create({ model: 'veo3.1_fast', size: '720x1280', seconds: 4, prompt: 'The heron, seen from below', reference: image, lastFrame: image }, paid);
      expect(runwayJobPrefix).toBe('runway:');
      expect(text.id).toMatch(/^runway:[0-9a-f-]{36}$/);
      // The estimate Runway returned: Gen-4.5 2 s × 12 credits; Veo 3.1 Fast with audio 4 s × 15 credits.
      expect(text).toMatchObject({ status: 'queued', model: 'gen4.5', size: '1280x720', seconds: 2, billing: { estimatedMicroUsd: 240_000 } });
      expect(frames).toMatchObject({ model: 'veo3.1_fast', size: '720x1280', seconds: 4, billing: { estimatedMicroUsd: 600_000 } });
      for (const [job, width, height, seconds] of [[text, 1280, 720, 2], [frames, 720, 1280, 4]] as const) {
        const done = await untilDone(runway, job.id);
        expect(done).toMatchObject({ status: 'completed', progress: 100, billing: { chargedMicroUsd: job.billing?.estimatedMicroUsd } });
        await expectDownloadedClip(runway, job.id, local.dir, { width, height, seconds });
      }
      const routes = local.sim.stats().requests.log.map((entry) => entry.route);
      expect(routes.filter((route) => route === 'runway.image_to_video')).toHaveLength(1);
      expect(local.sim.stats().billed).toMatchObject({ jobs: 2, microUsd: 840_000 });
    });
  });

  it('a dropped, a late-erroring and a timed-out create each leave once, as one task, and surface as ambiguous', async () => {
    await withOwnSim({ runway: { tier: 5 } }, async (local) => {
      const runway = runwayProviderFor(local.sim, { paidTimeoutMs: 300 });
      const shot = { model: 'gen4.5', size: '1280x720', seconds: 2, prompt: 'Rain on a tin roof' };
      local.sim.faults.script('runway.create', ['drop', { status: 500, afterProcessing: true, shouldRetry: true }, { slowMs: 1_000 }]);
      const dropped = await rejection(runway.create(shot, paid));
      const late = await rejection(runway.create(shot, paid));
      const slow = await rejection(runway.create(shot, paid));
      expect([dropped.kind, late.kind, slow.kind]).toEqual(['transport', 'server', 'transport']);
      expect([dropped, late, slow].map(createOutcome)).toEqual(['ambiguous', 'ambiguous', 'ambiguous']);
      // The slow answer is logged once the simulator finishes sending it, after the client gave up.
      for (let i = 0; i < 100 && createPosts(local.sim.stats().requests.log) < 3; i += 1) await new Promise((resolve) => setTimeout(resolve, 30));
      const { jobs, requests } = local.sim.stats();
      // One POST each (never resent by the SDK), and each made one billed task.
      expect(createPosts(requests.log)).toBe(3);
      expect(jobs.map((job) => [job.delivery, job.retryCount])).toEqual([['dropped', 0], ['errored', 0], ['client-closed', 0]]);
      expect(jobs.every((job) => job.charged)).toBe(true);
    });
  });

  it('maps THROTTLED to queued with the provider status, then completes; reads ride out a 503 on SDK retries', async () => {
    await withOwnSim({ runway: { tier: 1 }, clock: () => 1_800_000_000_000 }, async (local) => {
      const runway = runwayProviderFor(local.sim);
      const shot = { model: 'gen4.5', size: '720x1280', seconds: 3, prompt: 'Two at once' };
      const first = await runway.create(shot, paid);
      const second = await runway.create(shot, paid);
      expect((await runway.retrieve(first.id, { signal })).job).toMatchObject({ status: 'queued' });
      expect((await runway.retrieve(first.id, { signal })).job.providerStatus).toBeUndefined();
      const throttled = await runway.retrieve(second.id, { signal });
      expect(throttled.job).toMatchObject({ status: 'queued', providerStatus: 'THROTTLED', billing: { estimatedMicroUsd: 360_000 } });
      expect(throttled.pollAfterMs).toBe(20);
      local.sim.advance(200);
      expect((await runway.retrieve(first.id, { signal })).job).toMatchObject({ status: 'in_progress' });
      await finishJobs(local.sim);
      local.sim.faults.script('runway.task', ['http503']);
      const done = await runway.retrieve(second.id, { signal });
      expect(done.job).toMatchObject({ status: 'completed', progress: 100 });
      expect(done.job.providerStatus).toBeUndefined();
      expect(done.pollAfterMs).toBeUndefined();
      expect(local.sim.stats().requests.log.filter((entry) => entry.route === 'runway.task' && entry.path.endsWith(second.id.slice('runway:'.length))).map((entry) => entry.status)).toEqual([200, 503, 200]);
    });
  });

  it("failed and cancelled tasks: Runway's failure text and code, the refunded cost, and cancel through delete", async () => {
    await withOwnSim({ failRate: 1, runway: { tier: 5 }, clock: () => 1_800_000_000_000 }, async (local) => {
      const runway = runwayProviderFor(local.sim);
      const failing = await runway.create({ model: 'gen4.5', size: '1280x720', seconds: 5, prompt: 'unlucky' }, paid);
      const cancelled = await runway.create({ model: 'veo3.1', size: '1920x1080', seconds: 8, prompt: 'never mind' }, paid);
      await runway.delete(cancelled.id, { signal });
      await finishJobs(local.sim);
      const failed = (await runway.retrieve(failing.id, { signal })).job;
      expect(failed).toMatchObject({ status: 'failed', error: { code: 'INTERNAL.BAD_OUTPUT.CODE01', message: expect.stringMatching(/quality/) }, billing: { chargedMicroUsd: 0 } });
      expect(failed.completedAt).not.toBeNull();
      expect((await runway.retrieve(cancelled.id, { signal })).job).toMatchObject({ status: 'failed', error: { code: 'cancelled' }, billing: { chargedMicroUsd: 0 } });
      expect(local.sim.stats().billed.jobs).toBe(0);
      expect((await rejection(runway.download(failing.id, 'video', { signal }))).kind).toBe('not-found');
    });
  });

  it('classifies: the daily cap as quota naming the limit, 400 as invalid with Runway\'s words, 401 as auth, a closed port as unreachable', async () => {
    await withOwnSim({ runway: { limits: { 'gen4.5': { maxDailyGenerations: 1, maxConcurrentGenerations: null } } } }, async (local) => {
      const runway = runwayProviderFor(local.sim);
      const shot = { model: 'gen4.5', size: '1280x720', seconds: 2, prompt: 'once a day' };
      await runway.create(shot, paid);
      const capped = await rejection(runway.create(shot, paid));
      expect(capped).toMatchObject({ kind: 'quota-exhausted', code: 'daily_limit', status: 429 });
      expect(capped.message).toMatch(/daily generation limit for gen4\.5.*limit of 1/);
      expect(createOutcome(capped)).toBe('not-created');
      local.sim.faults.script('runway.create', [{ status: 400, message: "Invalid parameter 'promptText'" }]);
      const refused = await rejection(runway.create({ ...shot, model: 'veo3.1', seconds: 4 }, paid));
      expect(refused).toMatchObject({ kind: 'invalid', status: 400, message: "Runway: Invalid parameter 'promptText'" });
      // What the catalog rules out is refused before anything is sent.
      const before = createPosts(local.sim.stats().requests.log);
      expect(await rejection(runway.create({ ...shot, size: '960x960' }, paid))).toMatchObject({ kind: 'invalid' });
      expect(await rejection(runway.create({ ...shot, model: 'gen4_turbo' }, paid))).toMatchObject({ kind: 'invalid' });
      expect(await rejection(runway.create({ ...shot, model: 'kling' }, paid))).toMatchObject({ kind: 'invalid' });
      expect(createPosts(local.sim.stats().requests.log)).toBe(before);
      const auth = await rejection(createRunwayProvider({ apiKey: 'key_wrong', baseURL: local.sim.runwayBaseURL }).retrieve('runway:00000000-0000-4000-8000-000000000000', { signal }));
      expect(auth).toMatchObject({ kind: 'auth', status: 401 });
      const port = await new Promise<number>((resolve) => {
        const server = createServer().listen(0, '127.0.0.1', () => {
          const { port: free } = server.address() as { port: number };
          server.close(() => resolve(free));
        });
      });
      const closed = await rejection(createRunwayProvider({ apiKey: 'key_x', baseURL: `http://127.0.0.1:${port}` }).create(shot, paid));
      expect(closed.kind).toBe('unreachable');
      expect(createOutcome(closed)).toBe('not-created');
    });
  });

  it('never shows the key, even when the server echoes it', async () => {
    await withOwnSim({ apiKey: key, echoKey: true, runway: { tier: 5 } }, async (local) => {
      const runway = runwayProviderFor(local.sim);
      local.sim.faults.script('runway.create', ['http500']);
      const echoed = await rejection(runway.create({ model: 'gen4.5', size: '1280x720', seconds: 2, prompt: 'secret' }, paid));
      expect(echoed.kind).toBe('server');
      const wrongKey = `key_${'f'.repeat(128)}`;
      const denied = await rejection(createRunwayProvider({ apiKey: wrongKey, baseURL: local.sim.runwayBaseURL }).retrieve('runway:00000000-0000-4000-8000-000000000000', { signal }));
      for (const [error, secret] of [[echoed, key], [denied, wrongKey]] as const) {
        expect(error.message).toContain('[redacted]');
        expect(error.message).not.toContain(secret);
        expect(error.message).not.toMatch(/key_[0-9a-f]{16,}/);
      }
    });
  });

  it('remixes through video_to_video where the model has it, and refuses before sending where it does not', async () => {
    await withOwnSim({ runway: { tier: 5 } }, async (local) => {
      const runway = runwayProviderFor(local.sim);
      const parent = await runway.create({ model: 'seedance2', size: '864x496', seconds: 4, prompt: 'A paper boat' }, paid);
      await untilDone(runway, parent.id);
      const child = await runway.remix(parent.id, 'The boat, as a watercolour', paid);
      expect(child).toMatchObject({ model: 'seedance2', size: '864x496', seconds: 4, remixedFromId: parent.id, prompt: 'The boat, as a watercolour' });
      expect((await untilDone(runway, child.id)).status).toBe('completed');
      expect(local.sim.stats().jobs.map((job) => job.kind)).toEqual(['create', 'edit']);
      const plain = await runway.create({ model: 'gen4.5', size: '1280x720', seconds: 2, prompt: 'no remix' }, paid);
      const refused = await rejection(runway.remix(plain.id, 'again', paid));
      expect(refused).toMatchObject({ kind: 'invalid' });
      expect(refused.message).toMatch(/no video_to_video/);
      expect(local.sim.stats().jobs).toHaveLength(3);
    });
  });

  it('readRunwayOrganization: balance, tier told from the monthly cap, limits and usage per model', async () => {
    await withOwnSim({ runway: { tier: 3, credits: 5_000 } }, async (local) => {
      await runwayProviderFor(local.sim).create({ model: 'gen4.5', size: '1280x720', seconds: 5, prompt: 'counted' }, paid);
      const org = await readRunwayOrganization({ apiKey: local.sim.apiKey, baseURL: local.sim.runwayBaseURL });
      expect(org).toMatchObject({ creditBalance: 4_940, creditBalanceMicroUsd: 49_400_000, maxMonthlyCreditSpend: 200_000, tier: 3 });
      expect(org.models['gen4.5']).toEqual({ maxConcurrentGenerations: 5, maxDailyGenerations: 1_000, dailyGenerations: 1 });
      const denied = await rejection(readRunwayOrganization({ apiKey: 'key_nope', baseURL: local.sim.runwayBaseURL }));
      expect(denied.kind).toBe('auth');
    });
  });
});
