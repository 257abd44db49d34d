// A unit's row: claimed under a lease, renewed while worked, released on a stop, ended once. Every write checks the
// lease so a worker whose lease lapsed (and whose unit another worker took) changes nothing.
import type { BatchDatabase } from '../db/connect.js';
import type { UnitEnd, UnitState } from './decide.js';

/** A lease lasts this long; the worker renews it every leaseRenewMs. */
export const leaseSeconds = 30;
export const leaseRenewMs = 10_000;

export interface ClaimedUnit {
  key: string;
  payload: unknown;
  parentKey: string | null;
  batchId: string;
  provider: string;
}

/** Take the unit if it is free, ours, or its holder's lease lapsed; undefined when someone else holds it or it ended. */
export async function claimUnit(db: BatchDatabase, key: string, workerId: string): Promise<ClaimedUnit | undefined> {
  const { rows } = await db.pool.query<{ key: string; payload: unknown; parent_key: string | null; batch_id: string; provider: string }>(
    `UPDATE render.units SET holder = $2, lease_until = now() + make_interval(secs => $3), state = 'running', updated_at = now()
      WHERE key = $1 AND state IN ('queued', 'running') AND (holder IS NULL OR holder = $2 OR lease_until < now())
        -- never start a unit every batch of which is cancelled
        AND EXISTS (SELECT 1 FROM render.batch_shots s JOIN render.batches b ON b.id = s.batch_id WHERE s.key = $1 AND b.state = 'open')
      RETURNING key, payload, parent_key, batch_id, provider`,
    [key, workerId, leaseSeconds],
  );
  const row = rows[0];
  return row ? { key: row.key, payload: row.payload, parentKey: row.parent_key, batchId: row.batch_id, provider: row.provider } : undefined;
}

/** Renew every lease this worker holds; returns the keys still held (a lapsed one taken by another is not). */
export async function renewLeases(db: BatchDatabase, workerId: string, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const { rows } = await db.pool.query<{ key: string }>(
    `UPDATE render.units SET lease_until = now() + make_interval(secs => $3) WHERE key = ANY($1) AND holder = $2 AND state = 'running' RETURNING key`,
    [keys, workerId, leaseSeconds],
  );
  return new Set(rows.map((row) => row.key));
}

/** Give the unit back to the queue (a stop): the next worker to claim it replays its journal and re-attaches. */
export async function releaseUnit(db: BatchDatabase, key: string, workerId: string): Promise<void> {
  await db.pool.query(`UPDATE render.units SET holder = NULL, lease_until = NULL, state = 'queued', updated_at = now() WHERE key = $1 AND holder = $2 AND state = 'running'`, [key, workerId]);
}

/** Record how the unit ended (while still its holder); false when the lease was lost meanwhile. */
export async function endUnit(db: BatchDatabase, key: string, workerId: string, end: Exclude<UnitEnd, { state: 'released' }>): Promise<boolean> {
  const jobId = end.state === 'stored' ? (end.jobId ?? null) : null;
  const error = end.state === 'stored' ? null : JSON.stringify(end.error);
  const { rowCount } = await db.pool.query(
    `UPDATE render.units SET state = $3, holder = NULL, lease_until = NULL, job_id = coalesce($4, job_id), cost_micro_usd = $5, error = $6::jsonb, updated_at = now()
      WHERE key = $1 AND holder = $2 AND state = 'running'`,
    [key, workerId, end.state, jobId, end.costMicroUsd, error],
  );
  return (rowCount ?? 0) > 0;
}

/** Every unit derived (transitively) from a failed one fails too: it can never be made. Returns the keys failed. */
export async function failDescendants(db: BatchDatabase, key: string, why: string): Promise<string[]> {
  const { rows } = await db.pool.query<{ key: string }>(
    `WITH RECURSIVE d(key) AS (SELECT key FROM render.units WHERE parent_key = $1 UNION SELECT u.key FROM render.units u JOIN d ON u.parent_key = d.key)
     UPDATE render.units u SET state = 'failed', error = $2::jsonb, holder = NULL, lease_until = NULL, updated_at = now()
       FROM d WHERE u.key = d.key AND u.state = 'queued' RETURNING u.key`,
    [key, JSON.stringify({ code: 'REMIX_SOURCE_GONE', message: why })],
  );
  return rows.map((row) => row.key);
}

/** Children of a stored unit that are waiting for it. */
export async function queuedChildren(db: BatchDatabase, key: string): Promise<string[]> {
  const { rows } = await db.pool.query<{ key: string }>(`SELECT key FROM render.units WHERE parent_key = $1 AND state = 'queued'`, [key]);
  return rows.map((row) => row.key);
}

export async function unitPayload(db: BatchDatabase, key: string): Promise<{ payload: unknown; state: UnitState; jobId: string | null; parentKey: string | null } | undefined> {
  const { rows } = await db.pool.query<{ payload: unknown; state: UnitState; job_id: string | null; parent_key: string | null }>(`SELECT payload, state, job_id, parent_key FROM render.units WHERE key = $1`, [key]);
  const row = rows[0];
  return row ? { payload: row.payload, state: row.state, jobId: row.job_id, parentKey: row.parent_key } : undefined;
}

/**
 * Units that can run and that nobody holds: queued with no parent or a stored one, or running with a lapsed lease (a
 * worker killed with -9). Their shot jobs are sent again (the singleton key makes that a no-op when one is live).
 */
export async function orphanedUnits(db: BatchDatabase): Promise<string[]> {
  const { rows } = await db.pool.query<{ key: string }>(
    `SELECT u.key FROM render.units u LEFT JOIN render.units p ON p.key = u.parent_key
      WHERE ((u.state = 'queued') OR (u.state = 'running' AND u.lease_until < now()))
        AND (u.parent_key IS NULL OR p.state = 'stored')
        AND EXISTS (SELECT 1 FROM render.batch_shots s JOIN render.batches b ON b.id = s.batch_id WHERE s.key = u.key AND b.state = 'open')`,
  );
  return rows.map((row) => row.key);
}
