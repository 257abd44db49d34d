// `render enqueue`'s writes: one transaction records the batch, its storyboards, its units (one per cache key,
// whoever enqueued it first) and which shot is which unit; then a shot job per unit that can start now. A unit
// already queued elsewhere is not queued twice: the row exists (ON CONFLICT) and its job's singletonKey is its key.
import { hostname, userInfo } from 'node:os';
import type pg from 'pg';
import type { PgBoss } from 'pg-boss';
import { inTransaction } from './db/transaction.js';
import { shotQueue } from './queue-names.js';
import { budgetRefusal, unitsToSend, type EnqueueRows } from './enqueue-plan.js';

export interface BatchMeta {
  id: string;
  capMicroUsd?: number | undefined;
  createdBy?: string | undefined;
}

export interface RecordedBatch {
  id: string;
  /** Units this batch added (no row had their key). */
  newUnits: string[];
  /** Units failed or cancelled before, queued again by this batch. */
  requeuedUnits: string[];
  /** Units another batch already has, by their state now (queued, running, stored, failed, unknown...). */
  existingUnits: Record<string, string[]>;
  /** Units that get a shot job now (made from nothing, or from a stored unit). */
  toSend: string[];
}

/** `user@host`, as `render batch list` shows it. */
export function createdByHere(): string {
  let user = process.env.USER ?? 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // A uid without a passwd entry (a container): keep $USER.
  }
  return `${user}@${hostname()}`;
}

export async function recordBatch(pool: pg.Pool, meta: BatchMeta, rows: EnqueueRows): Promise<RecordedBatch> {
  return inTransaction(pool, async (client) => {
    await client.query('INSERT INTO render.batches (id, created_by, cap_micro_usd) VALUES ($1, $2, $3)', [meta.id, meta.createdBy ?? createdByHere(), meta.capMicroUsd ?? null]);
    for (const storyboard of rows.storyboards) {
      await client.query('INSERT INTO render.storyboards (batch_id, name, source_path, plan) VALUES ($1, $2, $3, $4)', [meta.id, storyboard.name, storyboard.sourcePath, JSON.stringify(storyboard.plan)]);
    }
    const newUnits: string[] = [];
    const requeuedUnits: string[] = [];
    // Parents come first (rows.units is in plan order), so parent_key's foreign key always finds its row.
    for (const unit of rows.units) {
      // A unit that ended failed or cancelled is a recipe nobody holds: a new batch asks for it again (as a local
      // re-run retries a failed shot). Queued, running, stored and unknown units are left as they are: unknown
      // holds money of a call whose outcome is not known and is never re-sent.
      const { rows: written } = await client.query<{ inserted: boolean }>(
        `INSERT INTO render.units (key, provider, model, parent_key, batch_id, payload)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (key) DO UPDATE SET state = 'queued', batch_id = EXCLUDED.batch_id, payload = EXCLUDED.payload,
           holder = NULL, lease_until = NULL, error = NULL, updated_at = now()
         WHERE render.units.state IN ('failed', 'cancelled')
         RETURNING (xmax = 0) AS inserted`,
        [unit.key, unit.provider, unit.model, unit.parentKey, meta.id, JSON.stringify(unit.payload)],
      );
      const row = written[0];
      if (row?.inserted) newUnits.push(unit.key);
      else if (row) requeuedUnits.push(unit.key);
    }
    for (const shot of rows.batchShots) {
      await client.query('INSERT INTO render.batch_shots (batch_id, storyboard, shot_id, position, key) VALUES ($1, $2, $3, $4, $5)', [meta.id, shot.storyboard, shot.shotId, shot.position, shot.key]);
    }
    const { rows: states } = await client.query<{ key: string; state: string; parent_state: string | null }>(
      `SELECT u.key, u.state, p.state AS parent_state FROM render.units u LEFT JOIN render.units p ON p.key = u.parent_key WHERE u.key = ANY($1)`,
      [rows.units.map((unit) => unit.key)],
    );
    const mine = new Set([...newUnits, ...requeuedUnits]);
    // Thrown inside the transaction: it rolls back, so a batch over its cap leaves nothing behind.
    const refusal = budgetRefusal(rows, mine, meta.capMicroUsd);
    if (refusal) throw refusal;
    const existingUnits: Record<string, string[]> = {};
    for (const unit of states) if (!mine.has(unit.key)) (existingUnits[unit.state] ??= []).push(unit.key);
    return { id: meta.id, newUnits, requeuedUnits, existingUnits, toSend: unitsToSend(states.map((s) => ({ key: s.key, state: s.state, parentState: s.parent_state }))) };
  });
}

/** A shot job per key; pg-boss answers null for a key whose job is already queued or active (exclusive policy). */
export async function sendShotJobs(boss: PgBoss, keys: readonly string[], priorities?: ReadonlyMap<string, number>): Promise<{ sent: number; alreadyQueued: number }> {
  let sent = 0;
  for (const key of keys) {
    // Workers take jobs in priority order: parents of long chains first (chainPriorities).
    const id = await boss.send(shotQueue, { key }, { singletonKey: key, priority: priorities?.get(key) ?? 0 });
    if (id === null) continue;
    sent += 1;
  }
  return { sent, alreadyQueued: keys.length - sent };
}
