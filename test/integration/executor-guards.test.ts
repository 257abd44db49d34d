// The guards around spend: no journal, no spend; one run per cache folder; a 429 pauses every worker; the API key
// appears in no event, result, journal or cache file, even when a hostile server echoes it.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { shot, startHarness, type Harness } from '../support/executor-harness.js';

const three = [shot('x', 'A harbour at dawn'), shot('y', 'A harbour at noon'), shot('z', 'A harbour at dusk')];

function diskFullAfter(writes: number) {
  let count = 0;
  return (file: { write(d: string): Promise<void>; sync(): Promise<void>; close(): Promise<void> }) => ({
    ...file,
    write: async (data: string) => {
      count += 1;
      if (count > writes) throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
      await file.write(data);
    },
  });
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('executor guards (simulator, real SDK)', () => {
  let h: Harness;
  afterEach(async () => h.close());

  it('makes no paid call when the journal cannot be written (disk full)', async () => {
    h = await startHarness();
    const result = await h.execute({ shots: three, journalSink: diskFullAfter(0) });
    expect(result.outcome).toBe('stopped');
    expect(result.stop).toMatchObject({ reason: 'journal' });
    expect(result.stop?.message).toMatch(/disk full \(ENOSPC\)/);
    expect(h.sim.stats().requests.byRoute.create).toBeUndefined();
    expect(result.shots.every((s) => s.status === 'skipped' && s.costMicroUsd === 0)).toBe(true);
  });

  it('stops submitting once the journal fails mid-run, without paying for anything it could not record', async () => {
    h = await startHarness();
    const result = await h.execute({ shots: three, concurrency: 1, journalSink: diskFullAfter(4) });
    expect(result.stop?.reason).toBe('journal');
    const intents = h.events.filter((e) => e.type === 'intent').length;
    expect(h.sim.stats().billed.jobs).toBeLessThanOrEqual(intents);
    expect(h.sim.stats().billed.jobs).toBeLessThan(three.length);
  });

  it('lets only one run use a cache folder, and recovers the lock of a killed run', async () => {
    h = await startHarness();
    h.sim.faults.script('create', [{ slowMs: 400 }]);
    const first = h.execute({ shots: three.slice(0, 1) });
    while (!h.events.some((e) => e.type === 'intent')) await new Promise((resolve) => setTimeout(resolve, 5));
    await expect(h.execute({ shots: three.slice(1) })).rejects.toMatchObject({ code: 'CACHE_LOCKED' });
    expect((await first).outcome).toBe('completed');

    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    await mkdir(h.cacheDir, { recursive: true });
    await writeFile(join(h.cacheDir, 'lock'), JSON.stringify({ pid: dead, processStart: 1, hostname: hostname(), acquiredAt: 'then' }));
    expect((await h.execute({ shots: three.slice(1) })).outcome).toBe('completed');
    expect(h.sim.stats().billed.jobs).toBe(3);
  });

  it('pauses every worker for a 429 and stops when the wait is beyond the ceiling', async () => {
    h = await startHarness();
    // The remix is sent while the long shot is still being polled: that poller must wait out the pause too.
    h.sim.faults.script('remix', [{ status: 429, retryAfterMs: 400 }]);
    const shots = [shot('x', 'A harbour at dawn'), shot('long', 'A harbour at noon', { seconds: 12 }), shot('x2', 'Dawn, remixed', { remixOf: 'x' })];
    const result = await h.execute({ shots, concurrency: 3 });
    expect(result.outcome).toBe('completed');
    const log = h.sim.stats().requests.log;
    // The simulator and the executor share the wall clock: from the moment the client paused until the time given,
    // nothing may arrive (10 ms for a request already on the wire).
    const pause = h.events.find((e) => e.type === 'rate-limited') as { at: number; untilMs: number };
    // The event is stamped a moment after the pause is decided: on a loaded machine that moment can be 10-20 ms.
    expect(pause.untilMs - pause.at).toBeGreaterThan(350);
    expect(log.filter((r) => r.atMs > pause.at && r.videoId === result.shots[1]!.jobId).length).toBeGreaterThan(0);
    expect(log.filter((r) => r.atMs > pause.at + 10 && r.atMs < pause.untilMs)).toEqual([]);
    expect(log.filter((r) => r.route === 'remix').at(-1)!.atMs).toBeGreaterThanOrEqual(pause.untilMs);

    // The SDK alone would retry within 8 s; a value over the ceiling stops the run instead of hammering.
    h.sim.faults.script('create', [{ status: 429, retryAfterSeconds: 90 }]);
    const stopped = await h.execute({ shots: [shot('v', 'A harbour in fog')], maxRetryAfterMs: 60_000 });
    expect(stopped.outcome).toBe('stopped');
    expect(stopped.stop).toMatchObject({ reason: 'rate-limit' });
    expect(stopped.stop?.message).toMatch(/90 s/);
  });

  it('holds a per-day cap across runs (nightly batches)', async () => {
    h = await startHarness();
    const first = await h.execute({ shots: three.slice(0, 2), dailyCapMicroUsd: 1_000_000 });
    expect(first.outcome).toBe('completed');
    await expect(h.execute({ shots: three.slice(2), dailyCapMicroUsd: 1_000_000 })).rejects.toMatchObject({ code: 'BUDGET_EXCEEDED', exitCode: 3 });
    expect((await h.execute({ shots: three.slice(2), dailyCapMicroUsd: 1_200_000 })).outcome).toBe('completed');
    expect(h.sim.stats().billed.microUsd).toBe(1_200_000);
  });

  it('keeps a canary API key out of every event, result, journal and cache file, even when the server echoes it', async () => {
    const canary = `sk-canary-${randomBytes(18).toString('hex')}`;
    h = await startHarness({ apiKey: canary, echoKey: true }, canary);
    h.sim.faults.script('create', ['http500']);
    h.sim.faults.script('retrieve', ['http500', 'http500', 'http500']);
    const ok = await h.execute({ shots: three, reconcileWindowMs: 0 });
    // The 500 on create leaves one outcome unknown (its message carried the echoed key); the rest complete.
    expect(ok.shots.map((s) => s.error?.code ?? s.status).sort()).toEqual(['UNKNOWN_OUTCOME', 'completed', 'completed']);
    const wrongKey = await startHarness({ echoKey: true }, canary);
    try {
      const denied = await wrongKey.execute({ shots: three, concurrency: 1 });
      expect(denied.stop?.reason).toBe('auth');
      expect(denied.shots[0]!.error?.code).toBe('AUTH');
      const sinks = [JSON.stringify(h.events), JSON.stringify(ok), JSON.stringify(wrongKey.events), JSON.stringify(denied)];
      for (const dir of [h.cacheDir, wrongKey.cacheDir]) for (const file of await filesUnder(dir)) sinks.push((await readFile(file)).toString('latin1'));
      // The server did echo the key (in 500 and 401 messages): what reached us was redacted.
      expect(sinks.filter((text) => text.includes('[redacted]')).length).toBeGreaterThanOrEqual(2);
      for (const text of sinks) {
        expect(text).not.toContain(canary);
        expect(text).not.toContain(canary.slice(-16));
      }
    } finally {
      await wrongKey.close();
    }
  });
});
