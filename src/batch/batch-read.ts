// The reads behind `render batch list` and `render batch status`: plain SELECTs, no lock taken, so they never slow
// the workers. Money comes from render.holds (spent and held by the batch's paid calls).
import type pg from 'pg';
import { RenderError } from '../common/errors.js';
import { batchJson, statusJson, type BatchRow, type ListEntryJson, type ShotRow, type StatusJson, type StoryboardRow } from './batch-view.js';

const batchColumns = `b.id, b.created_at, b.created_by, b.state, b.cap_micro_usd,
  coalesce((SELECT sum(amount_micro_usd) FROM render.holds h WHERE h.batch_id = b.id AND h.state = 'spent'), 0) AS spent_micro_usd,
  coalesce((SELECT sum(amount_micro_usd) FROM render.holds h WHERE h.batch_id = b.id AND h.state = 'held'), 0) AS held_micro_usd`;

export function unknownBatch(id: string): RenderError {
  return new RenderError('BATCH_UNKNOWN', `no batch '${id}' in the batch database`, { hint: 'render batch list shows the batches' });
}

/** The newest batches first (at most `limit`). */
export async function listBatches(pool: pg.Pool, limit = 50): Promise<ListEntryJson[]> {
  const { rows } = await pool.query<BatchRow & { cut_states: string[] | null; shots_total: string; shots_done: string; storyboards: string }>(
    `SELECT ${batchColumns},
       (SELECT array_agg(s.cut_state) FROM render.storyboards s WHERE s.batch_id = b.id) AS cut_states,
       (SELECT count(*) FROM render.storyboards s WHERE s.batch_id = b.id) AS storyboards,
       (SELECT count(*) FROM render.batch_shots bs WHERE bs.batch_id = b.id) AS shots_total,
       (SELECT count(*) FROM render.batch_shots bs JOIN render.units u ON u.key = bs.key WHERE bs.batch_id = b.id AND u.state = 'stored') AS shots_done
     FROM render.batches b ORDER BY b.created_at DESC, b.id DESC LIMIT $1`,
    [limit],
  );
  return rows.map((row) => ({
    ...batchJson(row, row.cut_states ?? []),
    storyboards: Number(row.storyboards),
    shotsDone: Number(row.shots_done),
    shotsTotal: Number(row.shots_total),
  }));
}

/** One batch's storyboards and shots; without an id, the newest batch. */
export async function readBatchStatus(pool: pg.Pool, id: string | undefined): Promise<StatusJson> {
  const { rows: batches } = await pool.query<BatchRow>(
    id === undefined ? `SELECT ${batchColumns} FROM render.batches b ORDER BY b.created_at DESC, b.id DESC LIMIT 1` : `SELECT ${batchColumns} FROM render.batches b WHERE b.id = $1`,
    id === undefined ? [] : [id],
  );
  const batch = batches[0];
  if (batch === undefined) {
    if (id === undefined) throw new RenderError('BATCH_UNKNOWN', 'the batch database holds no batch yet', { hint: 'render enqueue FILES... records one' });
    throw unknownBatch(id);
  }
  const { rows: storyboards } = await pool.query<StoryboardRow>(
    'SELECT name, source_path, cut_state, cut_path, report_path, cut_error FROM render.storyboards WHERE batch_id = $1 ORDER BY name',
    [batch.id],
  );
  const { rows: shots } = await pool.query<ShotRow>(
    `SELECT bs.storyboard, bs.shot_id, bs.position, bs.key, u.state, u.cost_micro_usd, u.holder, u.lease_until, u.job_id, u.error
     FROM render.batch_shots bs JOIN render.units u ON u.key = bs.key WHERE bs.batch_id = $1`,
    [batch.id],
  );
  return statusJson(batch, storyboards, shots);
}
