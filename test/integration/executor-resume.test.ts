// Ctrl-C, crashes at every named point, and expiry: the next run re-attaches journaled jobs instead of paying again.
import { resolveIntent } from '../../src/execute/resolve.js';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { executorCrashPointNames, type CrashPointName } from '../../src/execute/crashpoints.js';
import { shot, startHarness, type Harness } from '../support/executor-harness.js';

const shots = [
  shot('a', 'Waves at night'),
  shot('b', 'A desert road'),
  shot('c', 'Snow on pines'),
  shot('d', 'City lights'),
  shot('a2', 'Waves at night, remixed with a moon', { remixOf: 'a' }),
];

/**
 * In-process stand-in for the CLI's SIGKILL: abort the run and unwind from the crash point, so nothing after it is
 * journaled. (A real kill also skips cleanup; the CLI's kill -9 tests cover that, and start-up removes temp files.)
 */
function crashAt(name: CrashPointName) {
  const controller = new AbortController();
  return {
    signal: controller.signal,
    crashpoint: { name, hit: 1 },
    crash: () => {
      controller.abort();
      throw new Error(`crash at ${name}`);
    },
  };
}

describe('executor resume (simulator, real SDK)', () => {
  let h: Harness;
  afterEach(async () => h.close());

  it('after a first Ctrl-C, records in-flight job ids and the next run re-attaches instead of creating', async () => {
    h = await startHarness();
    const controller = new AbortController();
    const createdIds: string[] = [];
    h.sim.faults.script('create', [{ slowMs: 300 }]);
    const first = await h.execute({
      shots,
      concurrency: 3,
      signal: controller.signal,
      onEvent: (event) => {
        h.events.push(event);
        if (event.type === 'intent' && !controller.signal.aborted) setTimeout(() => controller.abort(), 50);
        if (event.type === 'created') createdIds.push(event.jobId);
      },
    });
    expect(first.outcome).toBe('interrupted');
    const billedAfterFirst = h.sim.stats().jobs.map((j) => j.id);
    expect(billedAfterFirst.length).toBeGreaterThan(0);
    // The slow create was still answered and its job id journaled, though the run had been interrupted.
    expect(createdIds.sort()).toEqual([...billedAfterFirst].sort());
    const journal = await readFile(join(h.cacheDir, 'journal.jsonl'), 'utf8');
    for (const id of billedAfterFirst) expect(journal).toContain(`"jobId":"${id}"`);

    h.events.length = 0;
    const second = await h.execute({ shots });
    expect(second.outcome).toBe('completed');
    expect(h.sim.stats().billed.jobs).toBe(shots.length);
    const reattached = h.events.filter((e) => e.type === 'reattached').map((e) => (e as { jobId: string }).jobId);
    expect(reattached.sort()).toEqual([...billedAfterFirst].sort());
  });

  it.each(executorCrashPointNames.map((name) => [name]))('crash at %s, then resume: billed once, clip intact, no temp files', async (name) => {
    h = await startHarness();
    const one = [shot('solo', `A lone tree, crash test ${name}`)];
    const crashed = await h.execute({ shots: one, ...crashAt(name as CrashPointName) });
    expect(crashed.outcome).toBe('interrupted');
    if (name === 'after-intent-fsync') {
      // Killed between the journal and the send: nothing can prove the request never left, so the outcome stays
      // unknown (held, not re-sent) until the user settles it.
      const unknown = await h.execute({ shots: one });
      expect(unknown.shots[0]).toMatchObject({ status: 'failed', error: { code: 'UNKNOWN_OUTCOME' }, earlierRunsMicroUsd: 0 });
      expect(unknown.totals).toMatchObject({ spentMicroUsd: 0, reservedMicroUsd: 400_000 });
      expect(h.sim.stats().billed.jobs).toBe(0);
      await resolveIntent({ cacheDir: h.cacheDir, shotId: 'solo', notCreated: true, signal: new AbortController().signal });
    }
    const result = await h.execute({ shots: one });
    expect(result.outcome).toBe('completed');
    expect(h.sim.stats().billed.jobs).toBe(1);
    expect(result.shots[0]!.jobId).toBe(h.sim.stats().jobs[0]!.id);
    expect(await readdir(join(h.cacheDir, 'tmp'))).toEqual([]);
    const again = await h.execute({ shots: one });
    expect(again.shots[0]!.cache).toBe('hit');
  });

  it('reports content that expired before download as paid and lost, and does not re-create it', async () => {
    h = await startHarness();
    const one = [shot('late', 'A clock tower at noon')];
    expect((await h.execute({ shots: one, ...crashAt('mid-download') })).outcome).toBe('interrupted');
    const jobId = h.sim.stats().jobs[0]!.id;
    expect(h.sim.expire(jobId)).toBe(true);

    const second = await h.execute({ shots: one });
    // Paid by the first run: the second reports it as an earlier run's money, never as spent again.
    expect(second.shots[0]).toMatchObject({ status: 'failed', jobId, costMicroUsd: 0, earlierRunsMicroUsd: 400_000, error: { code: 'CONTENT_EXPIRED' } });
    expect(second.totals).toMatchObject({ spentMicroUsd: 0, earlierRunsMicroUsd: 400_000 });
    const third = await h.execute({ shots: one });
    expect(third.shots[0]!.error?.code).toBe('CONTENT_EXPIRED');
    expect(third.totals.spentMicroUsd).toBe(0);
    expect(h.sim.stats().billed.jobs).toBe(1);

    const regenerated = await h.execute({ shots: one, regenerateExpired: true });
    expect(regenerated.outcome).toBe('completed');
    expect(h.sim.stats().billed.jobs).toBe(2);
  });
});
