// `render batch cancel BATCH`: the batch is cancelled; its units that no other live batch uses and that are still
// queued are cancelled (a worker's claim takes only queued or running units, so their jobs end unpaid); running
// units finish, their paid call has left; waiting cuts are skipped. One transaction, the batch row locked first so
// two cancels (or a cancel and an enqueue reusing a unit) see one another's writes.
import type pg from 'pg';
import { unknownBatch } from './batch-read.js';
import { inTransaction } from './db/transaction.js';

export interface CancelOutcome {
  batch: string;
  /** Was it already cancelled (nothing changed)? */
  alreadyCancelled: boolean;
  cancelledUnits: number;
  /** Units of this batch still running: they finish. */
  runningUnits: number;
  /** Queued units kept because another open batch uses them too. */
  keptUnits: number;
  skippedCuts: number;
}

export async function cancelBatch(pool: pg.Pool, id: string): Promise<CancelOutcome> {
  return inTransaction(pool, async (client) => {
    const { rows } = await client.query<{ state: string }>('SELECT state FROM render.batches WHERE id = $1 FOR UPDATE', [id]);
    const found = rows[0];
    if (found === undefined) throw unknownBatch(id);
    await client.query(`UPDATE render.batches SET state = 'cancelled' WHERE id = $1`, [id]);
    // Another batch that is not cancelled still wants the unit: it stays queued.
    const othersWant = `EXISTS (SELECT 1 FROM render.batch_shots o JOIN render.batches ob ON ob.id = o.batch_id
                         WHERE o.key = u.key AND o.batch_id <> $1 AND ob.state <> 'cancelled')`;
    const mine = `u.key IN (SELECT key FROM render.batch_shots WHERE batch_id = $1)`;
    const cancelled = await client.query(`UPDATE render.units u SET state = 'cancelled', updated_at = now() WHERE ${mine} AND u.state = 'queued' AND NOT ${othersWant}`, [id]);
    const { rows: counts } = await client.query<{ running: string; kept: string }>(
      `SELECT count(*) FILTER (WHERE u.state = 'running') AS running, count(*) FILTER (WHERE u.state = 'queued') AS kept FROM render.units u WHERE ${mine}`,
      [id],
    );
    const skipped = await client.query(`UPDATE render.storyboards SET cut_state = 'skipped', cut_error = 'batch cancelled' WHERE batch_id = $1 AND cut_state = 'waiting'`, [id]);
    return {
      batch: id,
      alreadyCancelled: found.state === 'cancelled',
      cancelledUnits: cancelled.rowCount ?? 0,
      runningUnits: Number(counts[0]?.running ?? 0),
      keptUnits: Number(counts[0]?.kept ?? 0),
      skippedCuts: skipped.rowCount ?? 0,
    };
  });
}
