// The tests' throwaway PostgreSQL cluster: a fresh database per call, and a server that can be stopped and started
// again with its data (the batch tests restart it mid-batch).
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { usePostgres } from '../../support/postgres.js';

const postgres = usePostgres();

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('test PostgreSQL', () => {
  it('gives each caller an empty database that keeps its data across a server restart', async () => {
    const a = await postgres().newDatabase();
    const b = await postgres().newDatabase();
    expect(a).not.toBe(b);
    await query(a, 'CREATE TABLE kept (n int); INSERT INTO kept VALUES (7)');
    expect(await query(b, "SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'kept'")).toEqual([{ n: 0 }]);
    if (process.env.RENDER_TEST_DATABASE_URL !== undefined) return;
    await postgres().stopServer();
    await expect(query(a, 'SELECT 1')).rejects.toThrow();
    await postgres().startServer();
    expect(await query(a, 'SELECT n FROM kept')).toEqual([{ n: 7 }]);
  }, 120_000);
});
