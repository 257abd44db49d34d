// The tests' throwaway PostgreSQL cluster: a fresh database per call, and a server that can be stopped and started
// again with its data (the batch tests restart it mid-batch).
import { createServer, type Server } from 'node:net';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { hasPostgres, startPostgres, usePostgres } from '../../support/postgres.js';
import { unusedPortBelowEphemeralRange } from '../../support/ports.js';

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

  describe.skipIf(process.env.RENDER_TEST_DATABASE_URL !== undefined || !hasPostgres())('on a port someone else took', () => {
    async function occupiedPort(): Promise<{ port: number; holder: Server }> {
      const holder = createServer();
      await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
      return { port: (holder.address() as { port: number }).port, holder };
    }

    it('moves to another port and starts', async () => {
      const { port: taken, holder } = await occupiedPort();
      const offered: number[] = [];
      const server = await startPostgres({
        choosePort: async () => {
          const port = offered.length === 0 ? taken : await unusedPortBelowEphemeralRange();
          offered.push(port);
          return port;
        },
      });
      try {
        expect(offered).toHaveLength(2);
        expect(new URL(server.adminUrl).port).toBe(String(offered[1]));
        expect(await query(server.adminUrl, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
      } finally {
        await server.stop();
        holder.close();
      }
    }, 120_000);

    it('gives up after three taken ports with the server log in the error', async () => {
      const { port: taken, holder } = await occupiedPort();
      try {
        await expect(startPostgres({ choosePort: async () => taken })).rejects.toThrow(/could not bind IPv4 address/);
      } finally {
        holder.close();
      }
    }, 120_000);
  });
});
