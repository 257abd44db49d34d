// Schema set-up on first use: every migration newer than the database's, in order, each in its own transaction,
// under an advisory lock so two workers starting at once do not both apply it. A database newer than this render
// is refused rather than written with an older idea of the schema.
import type pg from 'pg';
import { RenderError } from '../../common/errors.js';
import { latestVersion, migrations, type Migration } from './schema.js';
import { withClient } from './transaction.js';

/** One lock id for every render database (an arbitrary constant: 'render' in ASCII). */
const migrationLock = 0x72656e646572;

/** The migrations still to apply after `current`, in order; refuses a database ahead of this build. Pure. */
export function pendingMigrations(current: number, all: readonly Migration[] = migrations): Migration[] {
  const latest = all.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new RenderError('DATABASE_SCHEMA_NEWER', `the batch database is at schema version ${current}; this render knows up to ${latest}`, {
      hint: 'upgrade storyboard-render on this machine to the version the other workers run',
    });
  }
  return all.filter((m) => m.version > current);
}

async function currentVersion(client: pg.PoolClient): Promise<number> {
  await client.query('CREATE SCHEMA IF NOT EXISTS render');
  await client.query('CREATE TABLE IF NOT EXISTS render.schema_version (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
  const { rows } = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM render.schema_version');
  return rows[0]?.version ?? 0;
}

/** Bring the database to this build's schema; returns the versions applied (none when it was current). */
export async function migrate(pool: pg.Pool): Promise<number[]> {
  return withClient(pool, async (client) => {
    await client.query('SELECT pg_advisory_lock($1)', [migrationLock]);
    try {
      const applied: number[] = [];
      for (const migration of pendingMigrations(await currentVersion(client))) {
        await client.query('BEGIN');
        try {
          await client.query(migration.sql);
          await client.query('INSERT INTO render.schema_version (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw error;
        }
        applied.push(migration.version);
      }
      return applied;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [migrationLock]).catch(() => undefined);
    }
  });
}

export { latestVersion };
