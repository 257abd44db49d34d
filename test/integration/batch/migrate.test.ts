// Schema set-up on first use: an empty database gets every migration once, even with workers starting together; a
// database ahead of this build is refused; a bad URL or a dead server is a clear error.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openBatchDatabase } from '../../../src/batch/db/connect.js';
import { migrate, pendingMigrations } from '../../../src/batch/db/migrate.js';
import { latestVersion } from '../../../src/batch/db/schema.js';
import { unusedLoopbackPort } from '../../support/ports.js';
import { usePostgres } from '../../support/postgres.js';

const postgres = usePostgres();

describe('batch database schema', () => {
  it('applies every migration once when several workers start at the same moment', async () => {
    const url = await postgres().newDatabase();
    const pools = [1, 2, 3].map(() => new pg.Pool({ connectionString: url }));
    try {
      const applied = await Promise.all(pools.map((pool) => migrate(pool)));
      expect(applied.flat().sort()).toEqual(Array.from({ length: latestVersion }, (_, i) => i + 1));
      const { rows } = await pools[0]!.query('SELECT version FROM render.schema_version ORDER BY version');
      expect(rows.map((r: { version: number }) => r.version)).toEqual(Array.from({ length: latestVersion }, (_, i) => i + 1));
      expect(await migrate(pools[0]!)).toEqual([]);
      const tables = await pools[0]!.query("SELECT tablename FROM pg_tables WHERE schemaname = 'render' ORDER BY tablename");
      expect(tables.rows.map((r: { tablename: string }) => r.tablename)).toEqual(expect.arrayContaining(['batches', 'units', 'journal', 'holds', 'caps', 'rate_scopes']));
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
  });

  it('refuses a database whose schema is newer than this render', async () => {
    expect(() => pendingMigrations(latestVersion + 1)).toThrow(expect.objectContaining({ code: 'DATABASE_SCHEMA_NEWER' }));
    const url = await postgres().newDatabase();
    const db = await openBatchDatabase(url, { applicationName: 'test' });
    await db.pool.query("INSERT INTO render.schema_version (version, name) VALUES ($1, 'from the future')", [latestVersion + 1]);
    await db.close();
    await expect(openBatchDatabase(url, { applicationName: 'test' })).rejects.toMatchObject({ code: 'DATABASE_SCHEMA_NEWER' });
  });

  it('says which database cannot be reached, without its password', async () => {
    const port = await unusedLoopbackPort();
    const error = await openBatchDatabase(`postgres://render:hunter22secret@127.0.0.1:${port}/render`, { applicationName: 'test' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'DATABASE_UNREACHABLE' });
    expect(String((error as Error).message)).toContain(`127.0.0.1:${port}`);
    expect(String((error as Error).message)).not.toContain('hunter22secret');
    await expect(openBatchDatabase('mysql://x@y/z', { applicationName: 'test' })).rejects.toMatchObject({ code: 'DATABASE_URL_INVALID' });
  });
});
