// Issue 12, the scheduling half, against the real simulator over HTTP with the real SDK: a remix is sent as soon as
// its parent's job completes (its download and checks run beside it); a parent whose clip then fails keeps its paid
// child and says so; polls land on a job's finish, and jobs like earlier ones are checked about once.
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultPollPolicy } from '../../src/execute/backoff.js';
import type { ClipExpectation } from '../../src/execute/types.js';
import { ffprobeVerifier, shot, startHarness, type Harness } from '../support/executor-harness.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Whether a clip's temp file is named after this job (`…<jobId>.video.…part`). */
const isClipOf = (file: string, jobId: string | undefined) => jobId !== undefined && basename(file).includes(`${jobId}.video`);

describe('derived shots start when the parent job completes (simulator, real SDK)', () => {
  let h: Harness;
  afterEach(async () => h.close());

  it("sends the remix while the parent's clip is still being checked", async () => {
    h = await startHarness();
    const real = ffprobeVerifier();
    const checkEnds = new Map<string, number>();
    // The parent's check takes 1.5 s (a slow full decode on a busy machine): the remix must not wait for it.
    const verifyClip = async (file: string, expect: ClipExpectation, signal: AbortSignal) => {
      const created = h.events.find((e) => e.type === 'created' && e.shot === 'a') as { jobId: string } | undefined;
      const isParent = isClipOf(file, created?.jobId);
      if (isParent) await sleep(1_500);
      await real(file, expect, signal);
      if (isParent) checkEnds.set(created!.jobId, Date.now());
    };
    const result = await h.execute({ shots: [shot('a', 'Waves on a pier'), shot('a2', 'Waves on a pier, at night', { remixOf: 'a' })], verifyClip });
    expect(result.outcome).toBe('completed');
    const stats = h.sim.stats();
    const parent = stats.jobs.find((j) => j.id === result.shots[0]!.jobId)!;
    const remix = stats.jobs.find((j) => j.remixedFromVideoId === parent.id)!;
    expect(remix).toBeDefined();
    // Sent before the parent's check ended, and soon after the parent's job finished by the simulator's clock.
    expect(remix.createdAtMs).toBeLessThan(checkEnds.get(parent.id)!);
    expect(remix.createdAtMs - parent.finishedAtMs!).toBeLessThan(1_000);
    const parentStored = h.events.find((e) => e.type === 'shot-done' && e.shot === 'a')!.at;
    expect(remix.createdAtMs).toBeLessThan(parentStored);
  });

  it('keeps a remix already paid for when its parent clip then fails its checks, and says so', async () => {
    h = await startHarness();
    const real = ffprobeVerifier();
    let remixSent = false;
    // The parent's clip fails every check, but only once the remix has gone out (so the order is the same every run).
    const failing = async (file: string, expect: ClipExpectation, signal: AbortSignal) => {
      const created = h.events.find((e) => e.type === 'created' && e.shot === 'a') as { jobId: string } | undefined;
      if (isClipOf(file, created?.jobId)) {
        for (let i = 0; i < 100 && !remixSent; i += 1) {
          remixSent = h.sim.stats().requests.log.some((r) => r.route === 'remix');
          await sleep(20);
        }
        throw new Error('decode error at frame 12');
      }
      await real(file, expect, signal);
    };
    const shots = [shot('a', 'A kite on a beach'), shot('a2', 'A kite on a beach, in a storm', { remixOf: 'a' })];
    const first = await h.execute({ shots, verifyClip: failing });
    const [parent, child] = first.shots;
    expect(first.outcome).toBe('failed');
    expect(parent).toMatchObject({ status: 'failed', error: { code: 'DOWNLOAD_FAILED' } });
    expect(parent!.error!.message).toMatch(/derived shot 'a2' had already been sent from this job \(paid\)/);
    expect(child).toMatchObject({ status: 'completed', cache: 'paid' });
    expect(existsSync(child!.file!)).toBe(true);
    const warning = h.events.find((e) => e.type === 'warning' && e.shot === 'a2') as { message: string } | undefined;
    expect(warning?.message).toMatch(/'a' then failed after generating \(DOWNLOAD_FAILED/);
    expect(warning?.message).toMatch(/kept/);
    // Both were billed, once each; the money spent says so.
    expect(h.sim.stats().jobs).toHaveLength(2);
    expect(first.totals.spentMicroUsd).toBe(h.sim.stats().billed.microUsd);

    // The next run pays for nothing: the parent's clip is downloaded again from its job, the remix is a cache hit.
    const second = await h.execute({ shots });
    expect(second.outcome).toBe('completed');
    expect(second.shots[1]).toMatchObject({ status: 'completed', cache: 'hit' });
    expect(h.sim.stats().jobs).toHaveLength(2);
    expect(second.totals.spentMicroUsd).toBe(0);
  });
});

describe('polls land on the finish (simulator, real SDK)', () => {
  let h: Harness;
  afterEach(async () => h.close());

  it('notices each job within a second of its end, the second like the first after one look', async () => {
    // 12.5 s jobs (0.5 s queued), one after the other, with the product's default poll policy.
    h = await startHarness({ timeScale: 1, durations: { queueMs: 500, baseMs: 12_000, perSecondMs: 0 } });
    const shots = [shot('p1', 'A lamp in a window'), shot('p2', 'A lamp in a window, at dawn')];
    const result = await h.execute({ shots, concurrency: 1, pollPolicy: defaultPollPolicy });
    expect(result.outcome).toBe('completed');
    const stats = h.sim.stats();
    for (const [i, s] of result.shots.entries()) {
      const job = stats.jobs.find((j) => j.id === s.jobId)!;
      const polls = stats.requests.log.filter((r) => r.route === 'retrieve' && r.videoId === job.id).length;
      const noticed = h.events.find((e) => e.type === 'progress' && e.shot === s.id && e.status === 'completed')!.at;
      expect(noticed - job.finishedAtMs!).toBeLessThan(1_000);
      // The first is read from its progress; the second is aimed at the first one's length.
      expect(polls).toBeLessThanOrEqual(i === 0 ? 4 : 2);
    }
  }, 60_000);
});
