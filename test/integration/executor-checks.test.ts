// Clip checks are ffmpeg children with a limit of their own (one per core by default): however many downloads run at
// once, no more checks than that run side by side, so verification neither oversubscribes the machine nor starves polls.
import { afterEach, describe, expect, it } from 'vitest';
import type { ClipExpectation } from '../../src/execute/types.js';
import { ffprobeVerifier, shot, startHarness, type Harness } from '../support/executor-harness.js';

describe('executor clip checks (simulator, real SDK, real ffprobe)', () => {
  let h: Harness;
  afterEach(async () => h.close());

  it('runs at most checkConcurrency checks at once while eight downloads are in flight', async () => {
    h = await startHarness();
    const probe = ffprobeVerifier();
    let running = 0;
    let most = 0;
    const verifyClip = async (file: string, expect: ClipExpectation, signal: AbortSignal) => {
      running += 1;
      most = Math.max(most, running);
      try {
        await probe(file, expect, signal);
        // Long enough that every download finishing meanwhile would start its check beside this one.
        await new Promise((resolve) => setTimeout(resolve, 150));
      } finally {
        running -= 1;
      }
    };
    // One prompt, eight takes: eight paid jobs, one clip for the simulator to render.
    const shots = Array.from({ length: 8 }, (_, i) => shot(`s${i}`, 'A lighthouse at dawn', { take: i + 1 }));
    const result = await h.execute({ shots, concurrency: 16, verifyClip, checkConcurrency: 2 });
    expect(result.outcome).toBe('completed');
    expect(result.shots.every((s) => s.status === 'completed')).toBe(true);
    expect(most).toBe(2);
  }, 120_000);
});
