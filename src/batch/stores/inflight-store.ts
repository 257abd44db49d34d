// Jobs in flight, shared by every worker: a leased row per unit whose job is generating. A dead worker's rows lapse
// with their lease, so a kill -9 never holds a slot for ever.
import type pg from 'pg';
import type { SharedInflight } from './index.js';
import { inTransaction } from '../db/transaction.js';
import { abortableSleep, withReconnect } from './transient.js';

const leaseSeconds = 30;

async function tryTake(pool: pg.Pool, scope: string, limit: number, key: string, workerId: string): Promise<boolean> {
  return inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`inflight:${scope}`]);
    await client.query('DELETE FROM render.inflight WHERE scope = $1 AND lease_until < now()', [scope]);
    const { rows } = await client.query<{ n: string; mine: boolean }>('SELECT count(*) AS n, bool_or(key = $2) AS mine FROM render.inflight WHERE scope = $1', [scope, key]);
    if (!rows[0]?.mine && Number(rows[0]?.n ?? 0) >= limit) return false;
    await client.query(
      `INSERT INTO render.inflight (key, scope, holder, lease_until) VALUES ($1, $2, $3, now() + make_interval(secs => $4))
       ON CONFLICT (key) DO UPDATE SET scope = excluded.scope, holder = excluded.holder, lease_until = excluded.lease_until`,
      [key, scope, workerId, leaseSeconds],
    );
    return true;
  });
}

export function inflightStore(pool: pg.Pool, workerId: string): SharedInflight {
  return {
    async acquire(scope, limit, key, signal) {
      if (!Number.isFinite(limit)) return;
      for (let attempt = 0; ; attempt += 1) {
        signal.throwIfAborted();
        if (await withReconnect(() => tryTake(pool, scope, limit, key, workerId), { signal })) return;
        await abortableSleep(Math.min(2_000, 250 + 250 * attempt), signal);
      }
    },
    async release(key) {
      await withReconnect(() => pool.query('DELETE FROM render.inflight WHERE key = $1 AND holder = $2', [key, workerId]));
    },
    async renew() {
      await withReconnect(() => pool.query('UPDATE render.inflight SET lease_until = now() + make_interval(secs => $2) WHERE holder = $1', [workerId, leaseSeconds]));
    },
  };
}
