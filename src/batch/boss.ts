// pg-boss for one process: started without its maintenance or cron loops (a short-lived `render enqueue` only
// sends), its own schema (`pgboss`) migrated by pg-boss itself, and the batch queues created with queueOptions if
// they are missing. Failures read as DATABASE_UNREACHABLE with the password masked.
import { PgBoss } from 'pg-boss';
import { RenderError } from '../common/errors.js';
import { createRedactor } from '../common/redact.js';
import { checkDatabaseUrl } from './db/connect.js';
import { cutQueue, queueOptions, shotQueue } from './queue-names.js';

export interface BossOptions {
  applicationName: string;
  /** Run pg-boss's supervision (expiry, heartbeats, retention): workers do, `render enqueue` does not. */
  supervise?: boolean;
}

/** Create a queue if missing; two processes racing both succeed (pg-boss inserts queues ON CONFLICT DO NOTHING). */
export async function ensureQueues(boss: PgBoss, names: readonly string[] = [shotQueue, cutQueue]): Promise<void> {
  for (const name of names) {
    if (await boss.getQueue(name)) continue;
    await boss.createQueue(name, { ...queueOptions });
  }
}

export async function openBoss(url: string, options: BossOptions): Promise<PgBoss> {
  const shownUrl = checkDatabaseUrl(url);
  const password = new URL(url).password;
  const redact = createRedactor([password ? decodeURIComponent(password) : undefined]);
  const boss = new PgBoss({
    connectionString: url,
    application_name: options.applicationName,
    max: 3,
    supervise: options.supervise ?? false,
    schedule: false,
    connectionTimeoutMillis: 10_000,
  });
  // pg-boss reports background failures as events; without a listener an 'error' event would crash the process.
  boss.on('error', () => undefined);
  try {
    await boss.start();
    await ensureQueues(boss);
  } catch (error) {
    await boss.stop({ graceful: false, close: true }).catch(() => undefined);
    const why = redact(error instanceof Error ? error.message : String(error));
    throw new RenderError('DATABASE_UNREACHABLE', `cannot use the job queue in ${shownUrl}: ${why}`, {
      hint: 'check that PostgreSQL is running there and the user may create schemas (see docs/batch.md)',
      cause: error,
    });
  }
  return boss;
}
