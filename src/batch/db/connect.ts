// The batch database: its URL from --database-url or DATABASE_URL, one pool per process, the schema brought up to
// date on first use. Connection failures become DATABASE_UNREACHABLE with the password never shown.
import pg from 'pg';
import { RenderError } from '../../common/errors.js';
import { createRedactor } from '../../common/redact.js';
import { migrate } from './migrate.js';

export interface BatchDatabase {
  pool: pg.Pool;
  /** The URL without its password, for messages and `render batch` output. */
  shownUrl: string;
  url: string;
  close(): Promise<void>;
}

/** The URL the user gave (flag first), or undefined when neither is set. Pure. */
export function databaseUrlOf(flag: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  const value = flag ?? env.DATABASE_URL;
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** Refuse what is not a postgres URL; returns it with the password masked. Pure. */
export function checkDatabaseUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RenderError('DATABASE_URL_INVALID', 'the database URL is not a URL', { hint: 'use postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE' });
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new RenderError('DATABASE_URL_INVALID', `the database URL must start with postgres:// (it starts with ${parsed.protocol}//)`, {
      hint: 'use postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE',
    });
  }
  if (parsed.password !== '') parsed.password = '***';
  return parsed.toString();
}

const pgErrorCode = (error: unknown): string | undefined => (error as { code?: unknown } | null)?.code as string | undefined;

/** Open a pool, check the server answers, and migrate. `applicationName` shows in pg_stat_activity. */
export async function openBatchDatabase(url: string, options: { applicationName: string; max?: number } = { applicationName: 'render' }): Promise<BatchDatabase> {
  const shownUrl = checkDatabaseUrl(url);
  const redact = createRedactor([new URL(url).password ? decodeURIComponent(new URL(url).password) : undefined]);
  const pool = new pg.Pool({ connectionString: url, application_name: options.applicationName, max: options.max ?? 10, connectionTimeoutMillis: 10_000 });
  // An idle client whose server went away emits 'error' on the pool: without a listener that would crash the process.
  pool.on('error', () => undefined);
  try {
    await migrate(pool);
  } catch (error) {
    await pool.end().catch(() => undefined);
    if (error instanceof RenderError) throw error;
    const code = pgErrorCode(error);
    const why = redact(error instanceof Error ? error.message : String(error));
    throw new RenderError('DATABASE_UNREACHABLE', `cannot use the batch database ${shownUrl}: ${why}${code ? ` (${code})` : ''}`, {
      hint: 'check that PostgreSQL is running there and the user may log in and create tables (see docs/batch.md)',
      cause: error,
    });
  }
  return { pool, shownUrl, url, close: () => pool.end() };
}
