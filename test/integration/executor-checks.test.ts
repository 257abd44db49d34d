// Clip checks are ffmpeg children with a limit of their own (one per core by default): however many downloads run at
// once, no more checks than that run side by side, so verification neither oversubscribes the machine nor starves polls.
import pLimit from 'p-limit';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClipExpectation } from '../../src/execute/types.js';
import { ffprobeVerifier, shot, startHarness, type Harness } from '../support/executor-harness.js';

/** A verifier that really probes, holds each check a while, and counts how many ran side by side. */
function countingVerifier() {
  const probe = ffprobeVerifier();
  const seen = { running: 0, most: 0 };
  const verifyClip = async (file: string, expect: ClipExpectation, signal: AbortSignal) => {
    seen.running += 1;
    seen.most = Math.max(seen.most, seen.running);
    try {
      await probe(file, expect, signal);
      // Long enough that every download finishing meanwhile would start its check beside this one.
      await new Promise((resolve) => setTimeout(resolve, 150));
    } finally {
      seen.running -= 1;
    }
  };
  return { verifyClip, seen };
}

describe('executor clip checks (simulator, real SDK, real ffprobe)', () => {
  let h: Harness;
  const others: Harness[] = [];
  afterEach(async () => {
    await h.close();
    await Promise.all(others.splice(0).map((o) => o.close()));
  });

  it('shares one check limit between runs of one process (a batch worker runs one per unit)', async () => {
    h = await startHarness();
    const second = await startHarness();
    others.push(second);
    const { verifyClip, seen } = countingVerifier();
    const checks = pLimit(2);
    const takes = (prefix: string) => Array.from({ length: 6 }, (_, i) => shot(`${prefix}${i}`, 'A lighthouse at dawn', { take: i + 1 }));
    // Each run alone would allow one check per core; together they must still keep to the shared two.
    const results = await Promise.all([
      h.execute({ shots: takes('a'), concurrency: 6, verifyClip, checks }),
      second.execute({ shots: takes('b'), concurrency: 6, verifyClip, checks }),
    ]);
    expect(results.map((r) => r.outcome)).toEqual(['completed', 'completed']);
    expect(seen.most).toBe(2);
  }, 120_000);

  it('runs at most checkConcurrency checks at once while eight downloads are in flight', async () => {
    h = await startHarness();
    const { verifyClip, seen } = countingVerifier();
    // One prompt, eight takes: eight paid jobs, one clip for the simulator to render.
    const shots = Array.from({ length: 8 }, (_, i) => shot(`s${i}`, 'A lighthouse at dawn', { take: i + 1 }));
    const result = await h.execute({ shots, concurrency: 16, verifyClip, checkConcurrency: 2 });
    expect(result.outcome).toBe('completed');
    expect(result.shots.every((s) => s.status === 'completed')).toBe(true);
    expect(seen.most).toBe(2);
  }, 120_000);
});
