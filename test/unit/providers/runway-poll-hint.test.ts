// The Runway poll hint: the 5 s floor until a RUNNING task's progress has moved between two checks, then a check
// aimed just after the expected end (capped); and the adapter using it against the simulator's Runway face, on one
// fake clock shared by both, so the hints can be read without waiting; the download after it reads no task again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRunwayProvider } from '../../../src/providers/runway/runway-provider.js';
import { defaultRunwayPollHints, runwayPollAfterMs } from '../../../src/providers/runway/poll-hint.js';
import { startSimulator, type Simulator } from '../../../src/sim/index.js';

describe('runwayPollAfterMs', () => {
  it('is the 5 s floor without two RUNNING samples, or without progress between them', () => {
    expect(runwayPollAfterMs(undefined, undefined)).toBe(5_000);
    expect(runwayPollAfterMs(undefined, { atMs: 1_000, progress: 0.2 })).toBe(5_000);
    expect(runwayPollAfterMs({ atMs: 0, progress: 0.2 }, { atMs: 5_000, progress: 0.2 })).toBe(5_000);
    expect(runwayPollAfterMs({ atMs: 0, progress: 0.2 }, { atMs: 0, progress: 0.2 })).toBe(5_000);
    expect(runwayPollAfterMs({ atMs: 0, progress: 0.2 }, { atMs: 5_000, progress: 1 })).toBe(5_000);
  });

  it('near the end, aims at the linear estimate of the time left, stretched by the margin', () => {
    // 0.5 → 0.8 in 10 s: 0.2 left takes 6.67 s, ×1.1.
    expect(runwayPollAfterMs({ atMs: 10_000, progress: 0.5 }, { atMs: 20_000, progress: 0.8 })).toBe(7_333);
  });

  it('further away, stops short of the estimated end by the approach, for a last estimate from a longer baseline', () => {
    // 0.1 → 0.3 in 5 s: 0.7 left takes 17.5 s; wait 17.5 - 6 s.
    expect(runwayPollAfterMs({ atMs: 10_000, progress: 0.1 }, { atMs: 15_000, progress: 0.3 })).toBe(11_500);
  });

  it('never waits less than the floor nor more than the cap', () => {
    expect(runwayPollAfterMs({ atMs: 0, progress: 0.1 }, { atMs: 5_000, progress: 0.95 })).toBe(defaultRunwayPollHints.minMs);
    expect(runwayPollAfterMs({ atMs: 0, progress: 0.01 }, { atMs: 5_000, progress: 0.02 })).toBe(defaultRunwayPollHints.maxMs);
    expect(runwayPollAfterMs({ atMs: 0, progress: 0.01 }, { atMs: 5_000, progress: 0.02 }, { maxMs: 60_000 })).toBe(60_000);
  });
});

async function drain(download: { body: AsyncIterable<Uint8Array> }): Promise<number> {
  let bytes = 0;
  for await (const chunk of download.body) bytes += chunk.length;
  return bytes;
}

describe('the Runway adapter\'s hints against the simulator', () => {
  let t = 1_000_000;
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ timeScale: 1, clock: () => t, runway: { tier: 5 } });
  });
  afterAll(() => sim.close());

  it('floors while waiting and on the first RUNNING check, then lands just after the end', async () => {
    const provider = createRunwayProvider({ apiKey: sim.apiKey, baseURL: sim.runwayBaseURL, now: () => t });
    const signal = new AbortController().signal;
    const job = await provider.create({ model: 'gen4.5', size: '1280x720', seconds: 5, prompt: 'A lighthouse at dawn' }, { signal, idempotencyKey: 'k1' });
    const hints: Array<[string, number | undefined]> = [];
    const check = async () => {
      const result = await provider.retrieve(job.id, { signal });
      hints.push([result.job.status, result.pollAfterMs]);
      return result;
    };
    const { createdAtMs } = sim.stats().jobs.at(-1)!;
    const endMs = createdAtMs + 1_000 + 23_000; // PENDING once it has a slot, then running (8 s + 3 s per second)
    t += 500;
    await check();
    t += 5_000;
    await check();
    t += 5_000;
    const approach = await check();
    t += approach.pollAfterMs!;
    // The long wait stops short of the end, leaving room for the last estimate.
    expect(endMs - t).toBeGreaterThan(4_000);
    const estimated = await check();
    expect(hints).toEqual([['queued', 5_000], ['in_progress', 5_000], ['in_progress', expect.any(Number)], ['in_progress', expect.any(Number)]]);
    await sim.settled(); // the clip is rendered; the clock has not moved
    const at = t + estimated.pollAfterMs!;
    expect(at).toBeGreaterThanOrEqual(endMs);
    expect(at - endMs).toBeLessThan(1_500);
    t = Math.max(at, endMs + 1);
    const done = await check();
    expect(done.job.status).toBe('completed');
    expect(done.pollAfterMs).toBeUndefined();

    // The download right after uses the output URL that check returned: no second task read.
    const taskReads = () => sim.stats().requests.log.filter((e) => e.route === 'runway.task' && e.videoId === job.id.slice('runway:'.length)).length;
    const before = taskReads();
    await drain(await provider.download(job.id, 'video', { signal }));
    expect(taskReads()).toBe(before);
    // Used once: a second download (a retry after a failed transfer) asks Runway for a new URL.
    await drain(await provider.download(job.id, 'video', { signal }));
    expect(taskReads()).toBe(before + 1);
  });
});
