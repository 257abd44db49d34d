// The shared run state on a real PostgreSQL: intents from several pools (as from several machines) never pass a cap
// together, a worker without the unit's lease records nothing, the rate window and a 429's pause are shared, and a
// database restart is waited out.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openBatchDatabase, type BatchDatabase } from '../../../src/batch/db/connect.js';
import { sharedInflight, sharedRunState } from '../../../src/batch/stores/index.js';
import { BudgetRefusedError, LeaseLostError } from '../../../src/execute/shared.js';
import type { IntentRecord } from '../../../src/execute/journal-records.js';
import { usePostgres } from '../../support/postgres.js';

const postgres = usePostgres();

async function freshDatabases(count: number): Promise<BatchDatabase[]> {
  const url = await postgres().newDatabase();
  const dbs: BatchDatabase[] = [];
  for (let i = 0; i < count; i += 1) dbs.push(await openBatchDatabase(url, { applicationName: `test-${i}`, max: 4 }));
  return dbs;
}

async function seedBatch(db: BatchDatabase, options: { batchId: string; capMicroUsd?: number; units: Array<{ key: string; holder: string }> }): Promise<void> {
  await db.pool.query('INSERT INTO render.batches (id, created_by, cap_micro_usd) VALUES ($1, $2, $3)', [options.batchId, 'test', options.capMicroUsd ?? null]);
  for (const unit of options.units) {
    await db.pool.query(
      `INSERT INTO render.units (key, provider, model, batch_id, payload, state, holder, lease_until) VALUES ($1, 'openai', 'sora-2', $2, '{}', 'running', $3, now() + interval '5 minutes')`,
      [unit.key, options.batchId, unit.holder],
    );
  }
}

function intent(key: string, reservedMicroUsd: number): IntentRecord {
  return { type: 'intent', intentId: randomUUID(), shotId: key, shotKey: key, kind: 'create', model: 'sora-2', size: '1280x720', seconds: 4, promptSha256: 'x', parentJobId: null, reservedMicroUsd, notBefore: 0, attempt: 1 };
}

const providerOfKey = (keys: string[]) => new Map(keys.map((k) => [k, 'openai']));

describe('shared run state', () => {
  it('lets three workers reserve concurrently but never past the batch cap or the org daily cap', async () => {
    const dbs = await freshDatabases(3);
    try {
      const keys = Array.from({ length: 30 }, (_, i) => `k${i}`);
      await seedBatch(dbs[0]!, { batchId: 'b1', capMicroUsd: 1_000_000, units: keys.map((key, i) => ({ key, holder: `w${i % 3}` })) });
      await dbs[0]!.pool.query("INSERT INTO render.caps (scope, cap_micro_usd) VALUES ('day', 1200000)");
      // 30 intents of $0.40 race against a $1.00 batch cap: exactly two fit.
      const outcomes = await Promise.allSettled(
        keys.map((key, i) => sharedRunState(dbs[i % 3]!, { workerId: `w${i % 3}`, batchId: 'b1', providerOfKey: providerOfKey(keys) }).journal.append(intent(key, 400_000))),
      );
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(2);
      for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(BudgetRefusedError);
      const held = await dbs[0]!.pool.query<{ n: string; sum: string }>("SELECT count(*) AS n, sum(amount_micro_usd) AS sum FROM render.holds WHERE state = 'held'");
      expect(Number(held.rows[0]!.sum)).toBe(800_000);
      const journal = await dbs[0]!.pool.query("SELECT count(*) AS n FROM render.journal WHERE type = 'intent'");
      expect(Number(journal.rows[0]!.n)).toBe(2);
      // A release makes room again; the daily cap ($1.20) now binds before the batch cap.
      const state = sharedRunState(dbs[1]!, { workerId: 'w1', batchId: 'b1', providerOfKey: providerOfKey(keys) });
      expect(await state.spend.headroom()).toBe(200_000);
      const firstHeld = await dbs[0]!.pool.query<{ intent_id: string }>("SELECT intent_id FROM render.holds WHERE state = 'held' LIMIT 1");
      await state.spend.remove(firstHeld.rows[0]!.intent_id);
      expect(await state.spend.headroom()).toBe(600_000);
    } finally {
      await Promise.all(dbs.map((db) => db.close()));
    }
  }, 60_000);

  it("holds each storyboard to its own budget.max-usd at run time, counting a unit two storyboards share against both", async () => {
    const [db] = await freshDatabases(1);
    try {
      const keys = ['a1', 'a2', 'shared', 'b1'];
      await seedBatch(db!, { batchId: 'b1', units: keys.map((key) => ({ key, holder: 'w0' })) });
      const storyboard = async (name: string, cap: number | undefined, shots: string[]) => {
        const plan = cap === undefined ? {} : { capMicroUsd: cap };
        await db!.pool.query('INSERT INTO render.storyboards (batch_id, name, source_path, plan) VALUES ($1, $2, $3, $4)', ['b1', name, `${name}.yaml`, plan]);
        for (const [i, key] of shots.entries()) {
          await db!.pool.query('INSERT INTO render.batch_shots (batch_id, storyboard, shot_id, position, key) VALUES ($1, $2, $3, $4, $5)', ['b1', name, key, i, key]);
        }
      };
      await storyboard('spot-a', 1_000_000, ['a1', 'a2', 'shared']); // $1.00 of its own
      await storyboard('spot-b', undefined, ['shared', 'b1']); // no cap of its own
      const journal = sharedRunState(db!, { workerId: 'w0', batchId: 'b1', providerOfKey: providerOfKey(keys) }).journal;
      await journal.append(intent('a1', 400_000));
      await journal.append(intent('shared', 400_000)); // counts against spot-a too
      const refused = await journal.append(intent('a2', 400_000)).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(BudgetRefusedError);
      expect((refused as Error).message).toContain("storyboard spot-a's budget.max-usd of $1.00 ($0.80 already held or spent)");
      await journal.append(intent('a2', 200_000)); // lands exactly on the cap
      await journal.append(intent('b1', 5_000_000)); // spot-b has no cap: only the batch's and the org's would bind
      const held = await db!.pool.query<{ sum: string }>("SELECT sum(amount_micro_usd) AS sum FROM render.holds WHERE state = 'held' AND key <> 'b1'");
      expect(Number(held.rows[0]!.sum)).toBe(1_000_000);
    } finally {
      await db!.close();
    }
  }, 60_000);

  it('records nothing for a worker whose lease lapsed or went to another worker', async () => {
    const [db] = await freshDatabases(1);
    try {
      await seedBatch(db!, { batchId: 'b2', units: [{ key: 'mine', holder: 'w1' }, { key: 'theirs', holder: 'w2' }] });
      await db!.pool.query("UPDATE render.units SET lease_until = now() - interval '1 second' WHERE key = 'mine'");
      const state = sharedRunState(db!, { workerId: 'w1', batchId: 'b2', providerOfKey: providerOfKey(['mine', 'theirs']) });
      await expect(state.journal.append(intent('mine', 1))).rejects.toBeInstanceOf(LeaseLostError);
      await expect(state.journal.append(intent('theirs', 1))).rejects.toThrow(/held by w2/);
      const rows = await db!.pool.query('SELECT (SELECT count(*) FROM render.journal) AS j, (SELECT count(*) FROM render.holds) AS h');
      expect(rows.rows[0]).toEqual({ j: '0', h: '0' });
    } finally {
      await db!.close();
    }
  });

  it('replays one worker journal to another, with outcomes kept once when appended twice', async () => {
    const [a, b] = await freshDatabases(2);
    try {
      await seedBatch(a!, { batchId: 'b3', units: [{ key: 'u', holder: 'w1' }] });
      const first = sharedRunState(a!, { workerId: 'w1', batchId: 'b3', providerOfKey: providerOfKey(['u']) });
      const rec = intent('u', 10);
      await first.journal.append(rec);
      await first.journal.append(rec); // a retry after a lost COMMIT answer
      await first.journal.append({ type: 'created', intentId: rec.intentId, jobId: 'video_1' });
      await first.journal.append({ type: 'created', intentId: rec.intentId, jobId: 'video_1' });
      const second = sharedRunState(b!, { workerId: 'w2', batchId: 'b3', providerOfKey: providerOfKey(['u']) });
      expect((await second.journal.load(['u'])).map((r) => r.type)).toEqual(['intent', 'created']);
      const holds = await a!.pool.query('SELECT count(*) AS n FROM render.holds');
      expect(holds.rows[0]).toEqual({ n: '1' });
    } finally {
      await Promise.all([a!.close(), b!.close()]);
    }
  });

  it('shares the per-minute window and a 429 pause between workers', async () => {
    const [a, b] = await freshDatabases(2);
    try {
      const ra = sharedRunState(a!, { workerId: 'w1', batchId: 'x', providerOfKey: new Map() }).rate;
      const rb = sharedRunState(b!, { workerId: 'w2', batchId: 'x', providerOfKey: new Map() }).rate;
      const scopes = [{ scope: 'openai', rpm: 3 }];
      const signal = AbortSignal.timeout(30_000);
      await ra.acquirePaid(scopes, signal);
      await rb.acquirePaid(scopes, signal);
      await ra.acquirePaid(scopes, signal);
      // The fourth start in the minute waits (whoever asks): it does not return within a second.
      const fourth = await Promise.race([rb.acquirePaid(scopes, AbortSignal.timeout(1_500)).then(() => 'started', () => 'waited'), new Promise((r) => setTimeout(() => r('waited'), 1_000))]);
      expect(fourth).toBe('waited');
      const counted = await a!.pool.query("SELECT count(*) AS n FROM render.rate_starts WHERE scope = 'openai'");
      expect(counted.rows[0]).toEqual({ n: '3' });
      // A pause set by one worker stops the other's next paid call on another scope's window, and shows in its view.
      await ra.pauseUntil('fal', Date.now() + 60_000);
      const paused = await rb.acquirePaid([{ scope: 'fal', rpm: 100 }], AbortSignal.timeout(800)).then(() => 'started', () => 'paused');
      expect(paused).toBe('paused');
      expect(rb.pausedUntil('fal')).toBeGreaterThan(Date.now() + 50_000);
    } finally {
      await Promise.all([a!.close(), b!.close()]);
    }
  });

  it('holds jobs in flight across workers and frees a dead worker slot when its lease lapses', async () => {
    const [a, b] = await freshDatabases(2);
    try {
      const ia = sharedInflight(a!, 'w1');
      const ib = sharedInflight(b!, 'w2');
      await ia.acquire('openai', 1, 'k1', AbortSignal.timeout(5_000));
      const blocked = await ib.acquire('openai', 1, 'k2', AbortSignal.timeout(1_000)).then(() => 'took', () => 'waited');
      expect(blocked).toBe('waited');
      await a!.pool.query("UPDATE render.inflight SET lease_until = now() - interval '1 second' WHERE holder = 'w1'");
      await ib.acquire('openai', 1, 'k2', AbortSignal.timeout(5_000));
      await ib.release('k2');
      await ia.acquire('openai', 1, 'k3', AbortSignal.timeout(5_000));
    } finally {
      await Promise.all([a!.close(), b!.close()]);
    }
  });

  it('waits out a database restart: an intent appended while the server is down is recorded once it is back', async () => {
    const [db] = await freshDatabases(1);
    try {
      await seedBatch(db!, { batchId: 'b4', units: [{ key: 'u', holder: 'w1' }] });
      const state = sharedRunState(db!, { workerId: 'w1', batchId: 'b4', providerOfKey: providerOfKey(['u']) });
      await postgres().stopServer();
      const rec = intent('u', 10);
      const appended = state.journal.append(rec);
      await new Promise((r) => setTimeout(r, 1_500));
      await postgres().startServer();
      await appended;
      const rows = await db!.pool.query('SELECT (SELECT count(*) FROM render.journal) AS j, (SELECT count(*) FROM render.holds) AS h');
      expect(rows.rows[0]).toEqual({ j: '1', h: '1' });
    } finally {
      await db!.close();
    }
  }, 120_000);
});
