// A worker's connection killed by the server (a restart, a failover, an admin's pg_terminate_backend) while one of
// its transactions is open: the failure reaches the caller as a rejected promise, the process lives on, and the pool
// hands out a fresh connection next. Without a listener on the checked-out client the 'error' event would be an
// uncaught exception (vitest fails the run on it), which is how a database restart once killed `render worker`.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openBatchDatabase } from '../../../src/batch/db/connect.js';
import { inTransaction } from '../../../src/batch/db/transaction.js';
import { usePostgres } from '../../support/postgres.js';

const postgres = usePostgres();

async function terminate(url: string, pid: number): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
  } finally {
    await admin.end();
  }
}

describe('a batch connection lost mid-transaction', () => {
  it('rejects the transaction, keeps the process alive and recovers on a new connection', async () => {
    const url = await postgres().newDatabase();
    const db = await openBatchDatabase(url, { applicationName: 'connection-loss-test' });
    try {
      const seen: string[] = [];
      const outcome = await inTransaction(db.pool, async (client) => {
        const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        // Let the server's goodbye arrive while no query is running on this client: the moment that crashed.
        const ended = new Promise<void>((resolve) => client.once('end', () => resolve()));
        await terminate(url, rows[0]!.pid);
        await ended;
        seen.push('ended');
        await client.query('SELECT 1');
      }).catch((error: unknown) => error);
      expect(seen).toEqual(['ended']);
      expect(outcome).toBeInstanceOf(Error);
      const { rows } = await db.pool.query<{ n: number }>('SELECT 1 AS n');
      expect(rows).toEqual([{ n: 1 }]);
    } finally {
      await db.close();
    }
  }, 60_000);
});
