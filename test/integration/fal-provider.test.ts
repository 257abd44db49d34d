// The fal adapter against the simulator's fal face, through the official @fal-ai/client for everything but the
// paid submit (one direct POST): shots end to end with ffprobe, a lost submit answer billed once and found again by
// list(), fal's own failure message, and queue positions past the account's concurrency.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { VideoJob } from '../../src/providers/provider.js';
import { ffprobe, finishJobs, makeImage } from '../unit/sim/support/harness.js';
import { withOwnSim } from '../support/sim-fal.js';
import { downloadTo, expectDownloadedClip, rejection } from '../support/provider-calls.js';
import { falProviderFor, signal, untilDone } from '../support/fal-provider.js';

const paid = { signal, idempotencyKey: 'render-test' };


describe('fal provider adapter (simulator fal face)', () => {
  it('a text-to-video and an image-to-video shot end to end, at the size and length asked', async () => {
    await withOwnSim({}, async (local) => {
      const fal = falProviderFor(local.sim);
      const image = { bytes: await makeImage(local.dir, '1280x720', 'png'), mime: 'image/png' as const };
      const text = await fal.create({ model: 'fal-ai/wan/v2.7', size: '1280x720', seconds: 2, prompt: 'A heron lifting off a pond' }, paid);
      const still = await fal.create({ model: 'fal-ai/veo3.1/fast', size: '720x1280', seconds: 4, prompt: 'The heron, seen from below', reference: image }, paid);
      expect(text.id).toMatch(/^fal:fal-ai\/wan\/v2\.7\/text-to-video:[0-9a-f-]{36}$/);
      expect(still.id).toMatch(/^fal:fal-ai\/veo3\.1\/fast\/image-to-video:/);
      expect(still).toMatchObject({ model: 'fal-ai/veo3.1/fast', size: '720x1280', seconds: 4, prompt: 'The heron, seen from below', status: 'queued' });
      for (const [job, width, height, seconds] of [[text, 1280, 720, 2], [still, 720, 1280, 4]] as const) {
        expect((await untilDone(fal, job.id)).status).toBe('completed');
        await expectDownloadedClip(fal, job.id, local.dir, { width, height, seconds });
      }
      // The reference went through fal storage and into the image-to-video endpoint's own field.
      const sent = local.sim.stats().requests.log.filter((entry) => entry.route === 'fal.upload.put' || entry.route === 'fal.submit').map((entry) => entry.route);
      expect(sent).toEqual(['fal.submit', 'fal.upload.put', 'fal.submit']);
      const [, veo] = local.sim.stats().jobs;
      expect(veo).toMatchObject({ model: 'fal-ai/veo3.1/fast', size: '720x1280', seconds: 4 });
    });
  });

  it('a derived shot continues its parent on the extend endpoint: the same frame, 7 s longer, billed for the 7 s', async () => {
    await withOwnSim({}, async (local) => {
      const fal = falProviderFor(local.sim);
      const parent = await fal.create({ model: 'fal-ai/veo3.1/fast', size: '1280x720', seconds: 4, prompt: 'A kite rising' }, paid);
      await untilDone(fal, parent.id);
      const more = await fal.remix(parent.id, 'The kite disappears into the clouds', paid);
      expect(more.id).toMatch(/^fal:fal-ai\/veo3\.1\/fast\/extend-video:/);
      // The job's seconds are those it adds (what fal bills and lists); the clip is the parent's plus those.
      expect(more).toMatchObject({ model: 'fal-ai/veo3.1/fast', size: '1280x720', seconds: 7, remixedFromId: parent.id });
      expect((await untilDone(fal, more.id)).status).toBe('completed');
      const file = join(local.dir, 'extended.mp4');
      await downloadTo(file, (await fal.download(more.id, 'video', { signal })).body);
      const probe = await ffprobe(file);
      expect(probe.streams.find((s) => s.codec_type === 'video')).toMatchObject({ width: 1280, height: 720 });
      expect(Math.abs(Number(probe.format.duration) - 11)).toBeLessThan(0.05);
      // Veo 3.1 Fast with audio: $0.15 per second, 4 s for the parent and 7 s for the extension.
      expect(local.sim.stats().billed).toMatchObject({ jobs: 2, microUsd: 150_000 * 11 });
    });
  });

  it('a dropped submit answer is one paid job, an ambiguous error, and list() shows it with its recipe', async () => {
    await withOwnSim({}, async (local) => {
      const fal = falProviderFor(local.sim);
      local.sim.faults.script('fal.submit', ['drop']);
      const error = await rejection(fal.create({ model: 'fal-ai/kling-video/v3/pro', size: '1080x1920', seconds: 5, prompt: 'Rain on a tin roof' }, paid));
      expect(error.kind).toBe('transport');
      expect(local.sim.stats().jobs.map((job) => job.delivery)).toEqual(['dropped']);
      const { jobs } = await fal.list!({ limit: 100, order: 'desc' }, { signal });
      expect(jobs).toHaveLength(1);
      expect(jobs[0]).toMatchObject({ model: 'fal-ai/kling-video/v3/pro', size: '1080x1920', seconds: 5, prompt: 'Rain on a tin roof' });
      expect(jobs[0]!.id).toBe(`fal:fal-ai/kling-video/v3/pro/text-to-video:${local.sim.stats().jobs[0]!.id}`);
      await finishJobs(local.sim);
      expect(local.sim.stats().billed.jobs).toBe(1);
    });
  });

  it('a lost extension answer is told apart by a new process once it has learnt the parent (a resumed run)', async () => {
    await withOwnSim({}, async (local) => {
      const first = falProviderFor(local.sim);
      const parent = await first.create({ model: 'fal-ai/veo3.1/fast', size: '1280x720', seconds: 4, prompt: 'A kite rising' }, paid);
      await untilDone(first, parent.id);
      local.sim.faults.script('fal.submit', ['drop']);
      expect((await rejection(first.remix(parent.id, 'The kite in the clouds', paid, { seconds: 7 }))).kind).toBe('transport');
      // A new process knows nothing of the parent's clip: the listed extension names its source by URL only.
      const resumed = falProviderFor(local.sim);
      const extensionOf = async () => (await resumed.list!({ limit: 100, order: 'desc' }, { signal })).jobs.find((job) => job.prompt === 'The kite in the clouds');
      expect(await extensionOf()).toMatchObject({ seconds: 7, remixedFromId: null });
      await resumed.recogniseDerivedFrom!(parent.id, { signal });
      expect(await extensionOf()).toMatchObject({ seconds: 7, remixedFromId: parent.id });
    });
  });

  it('a 429 on submit is a definite refusal (rate-limited) and creates nothing', async () => {
    await withOwnSim({}, async (local) => {
      local.sim.faults.script('fal.submit', [{ status: 429, retryAfterSeconds: 2 }]);
      const error = await rejection(falProviderFor(local.sim).create({ model: 'fal-ai/wan/v2.7', size: '1280x720', seconds: 2, prompt: 'Too soon' }, paid));
      expect(error).toMatchObject({ kind: 'rate-limited', retryAfterMs: 2_000 });
      expect(local.sim.stats().jobs).toHaveLength(0);
    });
  });

  it('a job that ends COMPLETED with an error is failed, with fal\'s own message and type', async () => {
    await withOwnSim({ failRate: 1 }, async (local) => {
      const fal = falProviderFor(local.sim);
      const job = await fal.create({ model: 'fal-ai/wan/v2.7', size: '1280x720', seconds: 2, prompt: 'Doomed' }, paid);
      const done = await untilDone(fal, job.id);
      expect(done).toMatchObject({ status: 'failed', error: { code: 'runner_server_error', message: 'The runner failed while generating the video.' } });
    });
  });

  it('past the concurrency limit jobs wait in the queue and report their position', async () => {
    await withOwnSim({ falConcurrency: 1, timeScale: 0.05 }, async (local) => {
      const fal = falProviderFor(local.sim);
      const ask = (prompt: string) => fal.create({ model: 'fal-ai/wan/v2.7', size: '1280x720', seconds: 2, prompt }, paid);
      const jobs = [await ask('first'), await ask('second'), await ask('third')];
      const { job: third, pollAfterMs } = await fal.retrieve(jobs[2]!.id, { signal });
      expect(third.status).toBe('queued');
      expect(third.queuePosition).toBeGreaterThanOrEqual(1);
      expect(pollAfterMs).toBeGreaterThan(20);
      const seen: VideoJob[] = [];
      expect((await untilDone(fal, jobs[2]!.id, seen)).status).toBe('completed');
      const positions = seen.map((job) => job.queuePosition).filter((p) => p !== undefined);
      // The position falls as earlier jobs finish, and the queued hint waits longer the further back a job is.
      expect(positions).toEqual([...positions].sort((a, b) => b - a));
      expect(Math.min(...positions)).toBeLessThan(third.queuePosition!);
    });
  });

  it('waits on the status stream: a job costs a handful of status requests, and its end is heard at once', async () => {
    await withOwnSim({ timeScale: 0.2 }, async (local) => {
      const fal = falProviderFor(local.sim);
      const job = await fal.create({ model: 'fal-ai/wan/v2.7', size: '1280x720', seconds: 2, prompt: 'A slow tide' }, paid);
      const started = Date.now();
      expect((await untilDone(fal, job.id)).status).toBe('completed');
      const byRoute = local.sim.stats().requests.byRoute;
      const reads = ['fal.status', 'fal.stream'].reduce((sum, route) => sum + Object.values(byRoute[route] ?? {}).reduce((a, b) => a + b, 0), 0);
      // The job ran for over a second; polling at the 20 ms hint would have made dozens of status requests.
      expect(Date.now() - started).toBeGreaterThan(1_000);
      expect(reads).toBeLessThanOrEqual(8);
      const finished = local.sim.stats().jobs[0]!;
      expect(finished.delivery).toBe('answered');
    });
  });

  it('refuses, before any call, a size or duration the endpoint cannot make', async () => {
    await withOwnSim({}, async (local) => {
      const fal = falProviderFor(local.sim);
      const error = await rejection(fal.create({ model: 'fal-ai/veo3.1/fast', size: '1280x720', seconds: 5, prompt: 'x' }, paid));
      expect(error).toMatchObject({ kind: 'invalid' });
      expect(error.message).toMatch(/4, 6, 8 s/);
      expect(local.sim.stats().requests.total).toBe(0);
    });
  });
});
