// A storyboard's cut row: which storyboards a unit's end may complete, the cut's claim under a lease (exactly one
// worker stitches), and its end (done with the published paths, failed, or skipped with the reason).
import type { BatchDatabase } from '../db/connect.js';
import type { UnitState } from './decide.js';
import { leaseSeconds } from './units-db.js';

export interface StoryboardRef {
  batchId: string;
  name: string;
}

/** The storyboards of open batches that use this key and whose cut is still waiting. */
export async function storyboardsUsing(db: BatchDatabase, key: string): Promise<StoryboardRef[]> {
  const { rows } = await db.pool.query<{ batch_id: string; storyboard: string }>(
    `SELECT DISTINCT s.batch_id, s.storyboard FROM render.batch_shots s
       JOIN render.storyboards sb ON sb.batch_id = s.batch_id AND sb.name = s.storyboard
       JOIN render.batches b ON b.id = s.batch_id
      WHERE s.key = $1 AND sb.cut_state = 'waiting' AND b.state = 'open'`,
    [key],
  );
  return rows.map((row) => ({ batchId: row.batch_id, name: row.storyboard }));
}

/** Each shot of the storyboard with its unit's state, in storyboard order. */
export async function storyboardShots(db: BatchDatabase, ref: StoryboardRef): Promise<Array<{ shotId: string; key: string; state: UnitState }>> {
  const { rows } = await db.pool.query<{ shot_id: string; key: string; state: UnitState }>(
    `SELECT s.shot_id, s.key, u.state FROM render.batch_shots s JOIN render.units u ON u.key = s.key
      WHERE s.batch_id = $1 AND s.storyboard = $2 ORDER BY s.position`,
    [ref.batchId, ref.name],
  );
  return rows.map((row) => ({ shotId: row.shot_id, key: row.key, state: row.state }));
}

export interface ClaimedCut {
  plan: unknown;
  sourcePath: string;
}

/** Take the cut if it waits, or its stitcher's lease lapsed; undefined when another worker has it or it ended. */
export async function claimCut(db: BatchDatabase, ref: StoryboardRef, workerId: string): Promise<ClaimedCut | undefined> {
  const { rows } = await db.pool.query<{ plan: unknown; source_path: string }>(
    `UPDATE render.storyboards SET cut_state = 'stitching', cut_holder = $3, cut_lease_until = now() + make_interval(secs => $4)
      WHERE batch_id = $1 AND name = $2
        AND (cut_state = 'waiting' OR (cut_state = 'stitching' AND (cut_holder = $3 OR cut_lease_until < now())))
      RETURNING plan, source_path`,
    [ref.batchId, ref.name, workerId, leaseSeconds],
  );
  const row = rows[0];
  return row ? { plan: row.plan, sourcePath: row.source_path } : undefined;
}

export async function renewCut(db: BatchDatabase, ref: StoryboardRef, workerId: string): Promise<boolean> {
  const { rowCount } = await db.pool.query(
    `UPDATE render.storyboards SET cut_lease_until = now() + make_interval(secs => $4) WHERE batch_id = $1 AND name = $2 AND cut_holder = $3 AND cut_state = 'stitching'`,
    [ref.batchId, ref.name, workerId, leaseSeconds],
  );
  return (rowCount ?? 0) > 0;
}

export type CutEnd = { state: 'done'; cutPath: string; reportPath: string } | { state: 'failed' | 'skipped'; error: string; reportPath?: string | undefined };

/** Record the cut's end, while still its stitcher (or, for a skip decided without a claim, while it waits). */
export async function endCut(db: BatchDatabase, ref: StoryboardRef, workerId: string, end: CutEnd): Promise<boolean> {
  const { rowCount } = await db.pool.query(
    `UPDATE render.storyboards SET cut_state = $4, cut_holder = NULL, cut_lease_until = NULL, cut_path = $5, report_path = $6, cut_error = $7,
            stitched_at = CASE WHEN $4 = 'done' THEN now() ELSE stitched_at END
      WHERE batch_id = $1 AND name = $2 AND ((cut_state = 'stitching' AND cut_holder = $3) OR cut_state = 'waiting')`,
    [ref.batchId, ref.name, workerId, end.state, end.state === 'done' ? end.cutPath : null, end.reportPath ?? null, end.state === 'done' ? null : end.error],
  );
  return (rowCount ?? 0) > 0;
}

/** Give a claimed cut back (a stop): the next worker's cut job takes it. */
export async function releaseCut(db: BatchDatabase, ref: StoryboardRef, workerId: string): Promise<void> {
  await db.pool.query(
    `UPDATE render.storyboards SET cut_state = 'waiting', cut_holder = NULL, cut_lease_until = NULL WHERE batch_id = $1 AND name = $2 AND cut_holder = $3 AND cut_state = 'stitching'`,
    [ref.batchId, ref.name, workerId],
  );
}

/** Cuts of open batches still to make whose stitcher is gone or that no job may be carrying (sent again). */
export async function orphanedCuts(db: BatchDatabase): Promise<StoryboardRef[]> {
  const { rows } = await db.pool.query<{ batch_id: string; name: string }>(
    `SELECT sb.batch_id, sb.name FROM render.storyboards sb JOIN render.batches b ON b.id = sb.batch_id
      WHERE b.state = 'open' AND (sb.cut_state = 'waiting' OR (sb.cut_state = 'stitching' AND sb.cut_lease_until < now()))
        AND NOT EXISTS (SELECT 1 FROM render.batch_shots s JOIN render.units u ON u.key = s.key
                         WHERE s.batch_id = sb.batch_id AND s.storyboard = sb.name AND u.state IN ('queued', 'running'))`,
  );
  return rows.map((row) => ({ batchId: row.batch_id, name: row.name }));
}

/** What `--until-idle` waits for: units of open batches still to make, and cuts still to make. */
export async function workLeft(db: BatchDatabase): Promise<{ unitsLeft: number; cutsLeft: number }> {
  const { rows } = await db.pool.query<{ units_left: string; cuts_left: string }>(
    `SELECT (SELECT count(DISTINCT u.key) FROM render.units u JOIN render.batch_shots s ON s.key = u.key JOIN render.batches b ON b.id = s.batch_id
              WHERE b.state = 'open' AND u.state IN ('queued', 'running')) AS units_left,
            (SELECT count(*) FROM render.storyboards sb JOIN render.batches b ON b.id = sb.batch_id
              WHERE b.state = 'open' AND sb.cut_state IN ('waiting', 'stitching')) AS cuts_left`,
  );
  return { unitsLeft: Number(rows[0]?.units_left ?? 0), cutsLeft: Number(rows[0]?.cuts_left ?? 0) };
}
