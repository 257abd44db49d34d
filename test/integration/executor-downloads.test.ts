// Scenario R9 (docs/design/scenarios.md) in small: truncated bodies, a JSON error served as video/mp4, a stalled body
// and a clip of the wrong length are retried as downloads (never as new jobs), and nothing damaged ever lands in the
// cache; a stuck job times out.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hashFile } from '../../src/common/durable-fs.js';
import { ffprobeVerifier, shot, startHarness, type Harness } from '../support/executor-harness.js';

describe('executor downloads and timeouts (simulator, real SDK)', () => {
  let h: Harness;
  afterEach(async () => h.close());

  it('retries damaged downloads (truncated, JSON as MP4, cut short, stalled) and stores only verified clips', async () => {
    h = await startHarness();
    h.sim.faults.script('content', [
      { truncateAfterBytes: 20_000, framing: 'content-length' },
      'json-as-mp4',
      { truncateAfterBytes: 30_000, framing: 'close' },
      { stallAfterBytes: 10_000, stallMs: 3_000 },
    ]);
    const shots = [shot('one', 'A kite over a beach')];
    const result = await h.execute({ shots, verifyClip: ffprobeVerifier(true), downloadIdleMs: 300 });
    expect(result.outcome).toBe('completed');
    expect(h.sim.stats().billed.jobs).toBe(1);
    const retries = h.events.filter((e) => e.type === 'retry' && e.what === 'download').map((e) => (e as { reason: string }).reason);
    expect(retries).toHaveLength(4);
    expect(retries.join('\n')).toMatch(/not an MP4 file/);
    expect(retries.join('\n')).toMatch(/no data for 300 ms/);
    const objects = await readdir(join(h.cacheDir, 'objects'), { recursive: true, withFileTypes: true });
    for (const entry of objects.filter((e) => e.isFile())) {
      const digest = await hashFile(join(entry.parentPath, entry.name));
      expect(entry.name.startsWith(digest.sha256)).toBe(true);
    }
    expect(await readdir(join(h.cacheDir, 'tmp'))).toEqual([]);
  });

  it('gives up on a stuck job after the per-shot timeout without re-creating it; the next run re-attaches', async () => {
    h = await startHarness();
    const shots = [shot('slow', 'A glacier calving', { seconds: 12 })];
    const first = await h.execute({ shots, shotTimeoutMs: 60 });
    expect(first.shots[0]!.error).toMatchObject({ code: 'TIMEOUT', hint: expect.stringContaining('re-attaches') });
    // Not settled: possibly billed, not spent, and counted against the cap until it is.
    expect(first.shots[0]).toMatchObject({ costMicroUsd: 0, possiblyBilledMicroUsd: 1_200_000 });
    expect(first.totals).toMatchObject({ spentMicroUsd: 0, possiblyBilledMicroUsd: 1_200_000, reservedMicroUsd: 1_200_000 });
    const second = await h.execute({ shots });
    expect(second.outcome).toBe('completed');
    expect(h.sim.stats().billed.jobs).toBe(1);
    expect(second.shots[0]!.jobId).toBe(first.shots[0]!.jobId);
    // Paid by the first run: the second confirms it and does not spend it again.
    expect(second.totals).toMatchObject({ spentMicroUsd: 0, earlierRunsMicroUsd: 1_200_000, possiblyBilledMicroUsd: 0 });
  });
});
