// Drives every route of the simulator's Runway face through the unmodified @runwayml/sdk: the three task creates,
// task retrieve and delete, the organization, and the signed output files; the version header and key; THROTTLED
// past the concurrency limit; waitForTaskOutput; the daily cap's 429; credits, refunds and the `{error}` body.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { APIConnectionError, RateLimitError } from '@runwayml/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ffprobe, finishJobs, makeImage, startHarness, type SimHarness } from '../unit/sim/support/harness.js';
import { withOwnSim } from '../support/sim-fal.js';
import { dataUri, runwayClientFor, runwayError, type Json } from '../support/sim-runway.js';

let h: SimHarness;
beforeAll(async () => {
  h = await startHarness({ runway: { tier: 5 } });
});
afterAll(async () => h.close());

async function probeUrl(dir: string, url: string, name: string) {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('video/mp4');
  const path = join(dir, name);
  await writeFile(path, Buffer.from(await response.arrayBuffer()));
  return ffprobe(path);
}

function expectFrame(probe: Awaited<ReturnType<typeof ffprobe>>, size: string, seconds: number) {
  const [width, height] = size.split('x').map(Number);
  expect(probe.streams.find((s) => s.codec_type === 'video')).toMatchObject({ width, height });
  expect(Math.abs(Number(probe.format.duration) - seconds)).toBeLessThan(0.05);
}

const jobOf = (harness: SimHarness, id: string) => harness.sim.stats().jobs.find((j) => j.id === id);

describe('Runway face, through @runwayml/sdk', () => {
  it('text_to_video: {id, estimatedCost}, PENDING/RUNNING → SUCCEEDED with a real MP4 at the ratio and duration asked', async () => {
    const runway = runwayClientFor(h.sim);
    const created = await runway.textToVideo.create({ model: 'gen4.5', promptText: 'A slow dolly-in on a lighthouse', ratio: '720:1280', duration: 5, seed: 42 });
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    // Gen-4.5 at 12 credits per second.
    expect(created.estimatedCost).toEqual({ credits: 60 });
    const early = (await runway.tasks.retrieve(created.id)) as unknown as Json;
    expect(['PENDING', 'RUNNING']).toContain(early.status);
    expect(early).toMatchObject({ id: created.id, estimatedCost: { credits: 60 } });
    expect(Date.parse(String(early.createdAt))).not.toBeNaN();
    await finishJobs(h.sim);
    const done = await runway.tasks.retrieve(created.id);
    expect(done).toMatchObject({ status: 'SUCCEEDED', cost: { credits: 60 } });
    expect(done).not.toHaveProperty('estimatedCost');
    if (done.status !== 'SUCCEEDED') throw new Error('not succeeded');
    expect(done.output).toHaveLength(1);
    expectFrame(await probeUrl(h.dir, done.output[0]!, 'gen45.mp4'), '720x1280', 5);
    expect(jobOf(h, created.id)).toMatchObject({ protocol: 'runway', model: 'gen4.5', size: '720x1280', seconds: 5, priceMicroUsd: 600_000, charged: true, delivery: 'answered', retryCount: 0 });
  });

  it('image_to_video takes first and last frames as data URIs; video_to_video takes an output of ours', async () => {
    const runway = runwayClientFor(h.sim);
    const png = dataUri(await makeImage(h.dir, '720x1280', 'png'), 'image/png');
    const keyframes = await runway.imageToVideo.create({ model: 'veo3.1_fast', promptImage: [{ uri: png, position: 'first' }, { uri: png, position: 'last' }], ratio: '720:1280', duration: 4, audio: false });
    // Veo 3.1 Fast without audio: 10 credits per second.
    expect(keyframes.estimatedCost).toEqual({ credits: 40 });
    const turbo = await runway.imageToVideo.create({ model: 'gen4_turbo', promptImage: png, ratio: '960:960', duration: 2 });
    await finishJobs(h.sim);
    const first = await runway.tasks.retrieve(keyframes.id);
    if (first.status !== 'SUCCEEDED') throw new Error(`status ${first.status}`);
    expectFrame(await probeUrl(h.dir, first.output[0]!, 'veo.mp4'), '720x1280', 4);
    const square = await runway.tasks.retrieve(turbo.id);
    if (square.status !== 'SUCCEEDED') throw new Error(`status ${square.status}`);
    expectFrame(await probeUrl(h.dir, square.output[0]!, 'turbo.mp4'), '960x960', 2);
    // Seedance restyles the clip at its own ratio and duration; Aleph keeps the source's frame and length.
    const restyled = await runway.videoToVideo.create({ model: 'seedance2', promptVideo: first.output[0]!, promptText: 'as a watercolour', ratio: '864:496', duration: 4 });
    const edited = await runway.videoToVideo.create({ model: 'aleph2', videoUri: square.output[0]!, promptText: 'make it snow' });
    await finishJobs(h.sim);
    for (const [id, size, seconds] of [[restyled.id, '864x496', 4], [edited.id, '960x960', 2]] as const) {
      const task = await runway.tasks.retrieve(id);
      if (task.status !== 'SUCCEEDED') throw new Error(`status ${task.status}`);
      expectFrame(await probeUrl(h.dir, task.output[0]!, `${id}.mp4`), size, seconds);
    }
    expect(jobOf(h, edited.id)).toMatchObject({ kind: 'edit', priceMicroUsd: 2 * 40 * 10_000 });
  });

  it('refuses a missing or wrong X-Runway-Version, and a wrong key, with {error}', async () => {
    const url = `${h.sim.runwayBaseURL}/v1/organization`;
    const missing = await fetch(url, { headers: { authorization: `Bearer ${h.sim.apiKey}` } });
    expect(missing.status).toBe(400);
    expect(Object.keys((await missing.json()) as Json)).toEqual(['error']);
    const wrong = await runwayError(runwayClientFor(h.sim, { runwayVersion: '2023-01-01' }).organization.retrieve());
    expect(wrong.status).toBe(400);
    expect(wrong.error).toEqual({ error: expect.stringContaining('2024-11-06') });
    const badKey = await runwayError(runwayClientFor(h.sim, { apiKey: 'key_nope' }).organization.retrieve());
    expect(badKey.status).toBe(401);
    expect(Object.keys(badKey.error as Json)).toEqual(['error']);
    // The SDK sends the version the face expects on every request, DELETE included.
    const runway = runwayClientFor(h.sim);
    await expect(runway.organization.retrieve()).resolves.toHaveProperty('creditBalance');
  });

  it('validates strictly per endpoint and model: unknown keys, enums, ranges, wrong endpoint, HTTP media', async () => {
    const runway = runwayClientFor(h.sim);
    const before = h.sim.stats().jobs.length;
    const cases: Array<[Promise<unknown>, RegExp]> = [
      [runway.textToVideo.create({ model: 'gen4.5', promptText: 'x', ratio: '1280:720', duration: 5, promptImage: 'https://example.com/a.png' } as never), /^Invalid parameter 'promptImage'$/],
      [runway.textToVideo.create({ model: 'gen4.5', promptText: 'x', ratio: '960:960' as never, duration: 5 }), /^Invalid parameter 'ratio'/],
      [runway.textToVideo.create({ model: 'gen4.5', promptText: 'x', ratio: '1280:720', duration: 11 }), /^Invalid parameter 'duration'/],
      [runway.textToVideo.create({ model: 'veo3.1', promptText: 'x', ratio: '1280:720', duration: 5 as never }), /^Invalid parameter 'duration'/],
      [runway.textToVideo.create({ model: 'gen4_turbo', promptText: 'x', ratio: '1280:720' } as never), /^Invalid parameter 'model'/],
      [runway.textToVideo.create({ model: 'gen4.5', promptText: '', ratio: '1280:720', duration: 5 }), /^Invalid parameter 'promptText'/],
      [runway.imageToVideo.create({ model: 'gen4.5', promptText: 'x', promptImage: 'http://example.com/a.png', ratio: '1280:720', duration: 5 }), /HTTPS/],
      [runway.imageToVideo.create({ model: 'gen4.5', promptText: 'x', promptImage: [{ uri: 'https://example.com/a.png', position: 'last' as never }], ratio: '1280:720', duration: 5 }), /position/],
      [runway.imageToVideo.create({ model: 'veo3.1', promptImage: 'https://10.0.0.1/a.png', ratio: '1280:720' }), /IP address/],
      [runway.textToVideo.create({ model: 'gen4.5', ratio: '1280:720', duration: 5 } as never), /^Missing required parameter 'promptText'/],
    ];
    for (const [call, message] of cases) {
      const error = await runwayError(call);
      expect(error.status).toBe(400);
      const body = error.error as Json;
      expect(Object.keys(body)).toEqual(['error']);
      expect(String(body.error)).toMatch(message);
    }
    expect(h.sim.stats().jobs.length).toBe(before);
    const gone = await runwayError(runway.tasks.retrieve('00000000-0000-4000-8000-000000000000'));
    expect(gone.status).toBe(404);
    expect(gone.error).toEqual({ error: 'Task not found' });
  });

  it('past the concurrency limit a task is THROTTLED, not refused; a cancel frees its slot; waitForTaskOutput sees it through', async () => {
    // A frozen clock: tasks move only when the test advances it.
    await withOwnSim({ runway: { tier: 1 }, clock: () => 1_800_000_000_000 }, async (local) => {
      const runway = runwayClientFor(local.sim);
      const body = { model: 'gen4.5' as const, promptText: 'queued shot', ratio: '1280:720' as const, duration: 2 };
      const [a, b, c] = [await runway.textToVideo.create(body), await runway.textToVideo.create(body), await runway.textToVideo.create(body)];
      // Tier 1: one Gen-4.5 at a time.
      expect((await runway.organization.retrieve()).tier.models['gen4.5']).toEqual({ maxConcurrentGenerations: 1, maxDailyGenerations: 50 });
      expect((await runway.tasks.retrieve(b.id)).status).toBe('THROTTLED');
      expect((await runway.tasks.retrieve(c.id)).status).toBe('THROTTLED');
      expect(await runway.tasks.delete(a.id)).toBeNull();
      expect(await runway.tasks.retrieve(a.id)).toMatchObject({ status: 'CANCELLED', cost: { credits: 0 } });
      expect(['PENDING', 'RUNNING']).toContain((await runway.tasks.retrieve(b.id)).status);
      expect((await runway.tasks.retrieve(c.id)).status).toBe('THROTTLED');
      // The SDK's own wait polls every 6 s ± 1.5 s: its first poll sees THROTTLED, then the clock moves on.
      await local.sim.settled();
      const waiting = runway.tasks.retrieve(c.id).waitForTaskOutput({ timeout: 30_000 });
      await new Promise((resolve) => setTimeout(resolve, 500));
      local.sim.advance(10 * 60_000);
      const finished = await waiting;
      expect(finished.status).toBe('SUCCEEDED');
      const polls = local.sim.stats().requests.log.filter((entry) => entry.route === 'runway.task' && entry.videoId === c.id);
      expect(polls.length).toBeGreaterThanOrEqual(2);
      expect(local.sim.stats().billed).toMatchObject({ jobs: 2, microUsd: 2 * 240_000 });
    });
  }, 30_000);

  it('the daily generation cap answers 429 on create; the organization shows the count and the window rolls', async () => {
    await withOwnSim({ runway: { limits: { 'veo3.1_fast': { maxDailyGenerations: 2, maxConcurrentGenerations: null } } } }, async (local) => {
      const runway = runwayClientFor(local.sim);
      const body = { model: 'veo3.1_fast' as const, promptText: 'daily', ratio: '1280:720' as const, duration: 4 as const };
      await runway.textToVideo.create(body);
      await runway.textToVideo.create(body);
      const capped = await runwayError(runway.textToVideo.create(body));
      expect(capped).toBeInstanceOf(RateLimitError);
      expect(capped.error).toEqual({ error: expect.stringMatching(/daily generation limit of 2/) });
      const org = await runway.organization.retrieve();
      expect(org.tier.models['veo3.1_fast']).toEqual({ maxConcurrentGenerations: null, maxDailyGenerations: 2 });
      expect(org.usage.models['veo3.1_fast']).toEqual({ dailyGenerations: 2 });
      expect(local.sim.stats().jobs).toHaveLength(2);
      local.sim.advance(24 * 3_600_000 + 1);
      await expect(runway.textToVideo.create(body)).resolves.toHaveProperty('id');
    });
  });

  it('charges up front and refunds failures but not input moderation; the balance shows it', async () => {
    await withOwnSim({ failRate: 1, runway: { tier: 5, credits: 1_000 } }, async (local) => {
      const runway = runwayClientFor(local.sim);
      const failed = await runway.textToVideo.create({ model: 'gen4.5', promptText: 'an unlucky shot', ratio: '1280:720', duration: 5 });
      const flagged = await runway.textToVideo.create({ model: 'gen4.5', promptText: 'MODERATION_TEST', ratio: '1280:720', duration: 5 });
      expect((await runway.organization.retrieve()).creditBalance).toBe(1_000 - 120);
      await finishJobs(local.sim);
      expect(await runway.tasks.retrieve(failed.id)).toMatchObject({ status: 'FAILED', failureCode: 'INTERNAL.BAD_OUTPUT.CODE01', failure: expect.any(String), cost: { credits: 0 } });
      expect(await runway.tasks.retrieve(flagged.id)).toMatchObject({ status: 'FAILED', failureCode: 'SAFETY.INPUT.TEXT', cost: { credits: 60 } });
      expect((await runway.organization.retrieve()).creditBalance).toBe(1_000 - 60);
      expect(local.sim.stats().billed).toMatchObject({ jobs: 1, microUsd: 600_000 });
      // Not enough credits left for a 10 s Veo 3.1 clip with audio (320 credits) after a few more: refused, nothing made.
      const broke = await runwayError(runway.textToVideo.create({ model: 'veo3.1', promptText: 'too dear', ratio: '1920:1080', duration: 8 }).then(() => runway.textToVideo.create({ model: 'veo3.1', promptText: 'too dear', ratio: '1920:1080', duration: 8 })).then(() => runway.textToVideo.create({ model: 'veo3.1', promptText: 'too dear', ratio: '1920:1080', duration: 8 })));
      expect(broke.status).toBe(400);
      expect(broke.error).toEqual({ error: expect.stringMatching(/enough credits/) });
    });
  });

  it('output URLs stop working after the retention; a fresh retrieve mints new ones; delete removes task and output', async () => {
    await withOwnSim({ runway: { outputTtlSeconds: 3_600 } }, async (local) => {
      const runway = runwayClientFor(local.sim);
      const { id } = await runway.textToVideo.create({ model: 'gen4.5', promptText: 'kept an hour', ratio: '1280:720', duration: 2 });
      await finishJobs(local.sim);
      const first = await runway.tasks.retrieve(id);
      if (first.status !== 'SUCCEEDED') throw new Error(`status ${first.status}`);
      expect((await fetch(first.output[0]!)).status).toBe(200);
      local.sim.advance(3_600_000);
      expect((await fetch(first.output[0]!)).status).toBe(403);
      const tampered = first.output[0]!.replace(/\/(\d+)\//, (_, ms: string) => `/${Number(ms) + 9_999_999}/`);
      expect((await fetch(tampered)).status).toBe(403);
      const again = await runway.tasks.retrieve(id);
      if (again.status !== 'SUCCEEDED') throw new Error(`status ${again.status}`);
      expect(again.output[0]).not.toBe(first.output[0]);
      expect((await fetch(again.output[0]!)).status).toBe(200);
      await runway.tasks.delete(id);
      expect((await runwayError(runway.tasks.retrieve(id))).status).toBe(404);
      expect((await fetch(again.output[0]!)).status).toBe(404);
      // expire(id) ends every URL of a task at once, fresh ones included.
      const other = await runway.textToVideo.create({ model: 'gen4.5', promptText: 'expired early', ratio: '1280:720', duration: 2 });
      await finishJobs(local.sim);
      expect(local.sim.expire(other.id)).toBe(true);
      const late = await runway.tasks.retrieve(other.id);
      if (late.status !== 'SUCCEEDED') throw new Error(`status ${late.status}`);
      expect((await fetch(late.output[0]!)).status).toBe(403);
    });
  });

  it('faults: a dropped create answer still made (and bills) the task; the SDK left to retry a late 500 makes two', async () => {
    await withOwnSim({ runway: { tier: 5 } }, async (local) => {
      local.sim.faults.script('runway.create', ['drop']);
      const body = { model: 'gen4.5' as const, promptText: 'lost answer', ratio: '1280:720' as const, duration: 2 };
      expect(await runwayError(runwayClientFor(local.sim).textToVideo.create(body))).toBeInstanceOf(APIConnectionError);
      expect(local.sim.stats().jobs.map((job) => job.delivery)).toEqual(['dropped']);
      // The trap the adapter avoids: the SDK's default retries resend a create whose first attempt was processed.
      local.sim.faults.script('runway.create', [{ status: 500, afterProcessing: true }]);
      await runwayClientFor(local.sim, { maxRetries: 2 }).textToVideo.create(body);
      const later = local.sim.stats().jobs.slice(1);
      expect(later.map((job) => [job.delivery, job.retryCount])).toEqual([['errored', 0], ['answered', 1]]);
      const server = await runwayError(runwayClientFor(local.sim).tasks.retrieve(later[0]!.id).then(() => {
        local.sim.faults.script('runway.task', ['http503']);
        return runwayClientFor(local.sim).tasks.retrieve(later[0]!.id);
      }));
      expect(server.status).toBe(503);
      expect(Object.keys(server.error as Json)).toEqual(['error']);
    });
  });
});
