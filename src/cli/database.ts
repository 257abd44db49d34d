// The batch commands' database: from --database-url, else DATABASE_URL; neither is a usage error that says how to
// set one. pg and pg-boss are imported here only when a batch command runs (never for `render validate`).
import { RenderError } from '../common/errors.js';
import type { BatchDatabase } from '../batch/db/connect.js';
import type { CliIo } from './io.js';

/** The URL to use, or DATABASE_MISSING. Pure apart from reading `env`. */
export async function requireDatabaseUrl(flag: unknown, env: CliIo['env'], command: string): Promise<string> {
  const { databaseUrlOf, checkDatabaseUrl } = await import('../batch/db/connect.js');
  const url = databaseUrlOf(typeof flag === 'string' ? flag : undefined, env as NodeJS.ProcessEnv);
  if (url === undefined) {
    throw new RenderError('DATABASE_MISSING', `${command} needs the batch database, and neither --database-url nor DATABASE_URL is set`, {
      // No USER:PASSWORD@ placeholder here: the CLI's redactor blanks anything shaped like a URL's credentials.
      hint: 'export DATABASE_URL=postgres://HOST:PORT/DATABASE with the user (and password) before the host as in any PostgreSQL URL, or pass --database-url; see docs/batch.md',
    });
  }
  checkDatabaseUrl(url);
  return url;
}

/** Open (and migrate) the database for one command, run `work`, close the pool whatever happens. */
export async function withDatabase<T>(url: string, applicationName: string, work: (db: BatchDatabase) => Promise<T>): Promise<T> {
  const { openBatchDatabase } = await import('../batch/db/connect.js');
  const db = await openBatchDatabase(url, { applicationName, max: 3 });
  try {
    return await work(db);
  } finally {
    await db.close().catch(() => undefined);
  }
}
