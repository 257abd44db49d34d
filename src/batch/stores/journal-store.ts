// The executor's write-ahead journal in the batch database. An intent is inserted in the same transaction as its
// hold, under one lock that every worker's intents take, and only while this worker holds the unit's lease: the sum
// of holds and spend can never pass a cap, whatever the number of workers (docs/batch.md "One budget").
import type pg from 'pg';
import { BudgetRefusedError, LeaseLostError, type SharedJournal } from '../../execute/shared.js';
import type { IntentRecord, JournalRecord } from '../../execute/journal-records.js';
import { inTransaction } from '../db/transaction.js';
import { capRefusal } from './caps.js';
import { withReconnect } from './transient.js';

/** The one lock every intent takes (an arbitrary constant: 'budget' in ASCII). */
export const budgetLock = 0x627564676574;

export interface JournalStoreOptions {
  workerId: string;
  batchId: string;
  providerOf(key: string): string;
}

async function appendIntent(pool: pg.Pool, rec: IntentRecord & { at?: number }, options: JournalStoreOptions): Promise<void> {
  const provider = options.providerOf(rec.shotKey);
  await inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [budgetLock]);
    // A retry after a lost COMMIT answer: the intent (and its hold) is already there.
    const known = await client.query('SELECT 1 FROM render.journal WHERE intent_id = $1 AND type = $2', [rec.intentId, 'intent']);
    if (known.rowCount) return;
    const unit = await client.query<{ holder: string | null; live: boolean }>(
      'SELECT holder, lease_until > now() AS live FROM render.units WHERE key = $1 FOR UPDATE',
      [rec.shotKey],
    );
    const row = unit.rows[0];
    if (!row || row.holder !== options.workerId || !row.live) {
      throw new LeaseLostError(`worker ${options.workerId} no longer holds shot ${rec.shotId} (${row?.holder ? `held by ${row.holder}` : 'not held'}); nothing was sent`);
    }
    const totals = await client.query<{ day: string; provider: string; batch: string }>(
      `SELECT coalesce(sum(amount_micro_usd) FILTER (WHERE day = (now() AT TIME ZONE 'UTC')::date), 0) AS day,
              coalesce(sum(amount_micro_usd) FILTER (WHERE day = (now() AT TIME ZONE 'UTC')::date AND provider = $1), 0) AS provider,
              coalesce(sum(amount_micro_usd) FILTER (WHERE batch_id = $2), 0) AS batch
         FROM render.holds WHERE state <> 'released' AND (day = (now() AT TIME ZONE 'UTC')::date OR batch_id = $2)`,
      [provider, options.batchId],
    );
    const caps = await client.query<{ scope: string; cap: string }>(
      `SELECT scope, cap_micro_usd AS cap FROM render.caps WHERE scope = 'day' OR scope = $1
       UNION ALL SELECT 'batch', cap_micro_usd FROM render.batches WHERE id = $2 AND cap_micro_usd IS NOT NULL`,
      [`provider:${provider}`, options.batchId],
    );
    const capOf = (scope: string) => {
      const found = caps.rows.find((c) => c.scope === scope);
      return found === undefined ? undefined : Number(found.cap);
    };
    // Each storyboard of the batch that uses this unit and has its own budget.max-usd: what the batch's holds on its
    // units already come to (a unit two storyboards share counts against both).
    const storyboards = await client.query<{ name: string; cap: string; total: string }>(
      `SELECT s.name, (s.plan->>'capMicroUsd')::bigint AS cap,
              coalesce((SELECT sum(h.amount_micro_usd) FROM render.holds h
                         WHERE h.state <> 'released' AND h.batch_id = s.batch_id
                           AND h.key IN (SELECT o.key FROM render.batch_shots o WHERE o.batch_id = s.batch_id AND o.storyboard = s.name)), 0) AS total
         FROM render.storyboards s
        WHERE s.batch_id = $1 AND s.plan ? 'capMicroUsd'
          AND EXISTS (SELECT 1 FROM render.batch_shots b WHERE b.batch_id = s.batch_id AND b.storyboard = s.name AND b.key = $2)`,
      [options.batchId, rec.shotKey],
    );
    const t = totals.rows[0]!;
    const refusal = capRefusal(
      rec.reservedMicroUsd,
      { day: Number(t.day), provider: Number(t.provider), batch: Number(t.batch) },
      { day: capOf('day'), provider: capOf(`provider:${provider}`), batch: capOf('batch') },
      { provider, batch: options.batchId },
      storyboards.rows.map((row) => ({ name: row.name, cap: Number(row.cap), total: Number(row.total) })),
    );
    if (refusal !== undefined) throw new BudgetRefusedError(`shot ${rec.shotId}: ${refusal}; nothing was sent`);
    await client.query('INSERT INTO render.journal (key, intent_id, type, rec, worker) VALUES ($1, $2, $3, $4, $5)', [rec.shotKey, rec.intentId, rec.type, rec, options.workerId]);
    await client.query(
      `INSERT INTO render.holds (intent_id, key, batch_id, provider, day, amount_micro_usd, worker)
       VALUES ($1, $2, $3, $4, (now() AT TIME ZONE 'UTC')::date, $5, $6)`,
      [rec.intentId, rec.shotKey, options.batchId, provider, rec.reservedMicroUsd, options.workerId],
    );
  });
}

async function appendOutcome(pool: pg.Pool, rec: JournalRecord, workerId: string): Promise<void> {
  // Filed under its intent's unit; the same record twice (a retry after a lost answer) is kept once.
  await pool.query(
    `INSERT INTO render.journal (key, intent_id, type, rec, worker)
     SELECT i.key, $1, $2, $3::jsonb, $4 FROM render.journal i
      WHERE i.intent_id = $1 AND i.type = 'intent'
        AND NOT EXISTS (SELECT 1 FROM render.journal d WHERE d.intent_id = $1 AND d.type = $2 AND d.rec = $3::jsonb)
      LIMIT 1`,
    [rec.intentId, rec.type, JSON.stringify(rec), workerId],
  );
}

export function journalStore(pool: pg.Pool, options: JournalStoreOptions): SharedJournal {
  return {
    async load(keys) {
      if (keys.length === 0) return [];
      const { rows } = await withReconnect(() =>
        pool.query<{ rec: JournalRecord }>(
          'SELECT rec FROM render.journal WHERE key = ANY($1) ORDER BY seq',
          [[...keys]],
        ),
      );
      return rows.map((row) => row.rec);
    },
    append(rec) {
      return withReconnect(() => (rec.type === 'intent' ? appendIntent(pool, rec, options) : appendOutcome(pool, rec, options.workerId)));
    },
  };
}
