// A throwaway PostgreSQL cluster for one test file: initdb into a temp folder, a server on a free 127.0.0.1 port,
// trust authentication, gone on stop. PostgreSQL refuses to run as root, so under root (CI) the cluster belongs to
// the `postgres` system user and every server command runs through `runuser`.
// Set RENDER_TEST_DATABASE_URL to use an existing server instead (each test still gets a database of its own).
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chmod, chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll } from 'vitest';
import { unusedPortBelowEphemeralRange } from './ports.js';

const run = promisify(execFile);

export interface TestPostgres {
  /** A connection URL to a fresh, empty database of this cluster. */
  newDatabase(name?: string): Promise<string>;
  /** The server's admin URL (database `postgres`). */
  adminUrl: string;
  /** Stop the server (fast shutdown); `start` brings the same cluster back on the same port. */
  stopServer(): Promise<void>;
  startServer(): Promise<void>;
  /** Stop and delete everything. */
  stop(): Promise<void>;
}

/** Where initdb and pg_ctl are: PG_BIN, else the newest /usr/lib/postgresql/N/bin, else the PATH. */
export function postgresBin(): string | undefined {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const base = '/usr/lib/postgresql';
  if (existsSync(base)) {
    const versions = readdirSync(base).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    for (const v of versions) if (existsSync(join(base, v, 'bin', 'initdb'))) return join(base, v, 'bin');
  }
  return undefined;
}

export function hasPostgres(): boolean {
  return process.env.RENDER_TEST_DATABASE_URL !== undefined || postgresBin() !== undefined;
}

const isRoot = (): boolean => userInfo().uid === 0;

function tool(name: string): string {
  const bin = postgresBin();
  return bin === undefined ? name : join(bin, name);
}

// A server that dies at start says why only in its log: put the log's tail into the error so CI shows the cause.
async function withLogTail(error: unknown, logFile: string): Promise<Error> {
  const log = await readFile(logFile, 'utf8').catch(() => '');
  const tail = log.trimEnd().split('\n').slice(-15).join('\n');
  const message = error instanceof Error ? error.message : String(error);
  return new Error(tail === '' ? message : `${message}\n--- ${logFile} (last lines) ---\n${tail}`);
}

const portTaken = (error: Error): boolean => /could not bind|Address already in use|could not create any TCP\/IP sockets/i.test(error.message);

async function asOwner(command: string, args: string[]): Promise<void> {
  const [file, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  await run(file, argv, { timeout: 60_000 });
}

async function createDatabase(adminUrl: string, name: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}

let counter = 0;
const uniqueName = (prefix: string): string => `${prefix}_${process.pid}_${Date.now().toString(36)}_${(counter += 1)}`;

export interface StartOptions {
  /** Where the server's port comes from (a test of this helper hands it a port already taken). */
  choosePort?: () => Promise<number>;
}

export async function startPostgres({ choosePort = unusedPortBelowEphemeralRange }: StartOptions = {}): Promise<TestPostgres> {
  const external = process.env.RENDER_TEST_DATABASE_URL;
  if (external !== undefined) {
    const adminUrl = external;
    const unsupported = async (): Promise<void> => {
      throw new Error('RENDER_TEST_DATABASE_URL: an external server cannot be stopped or started by the tests');
    };
    return {
      adminUrl,
      newDatabase: async (name = uniqueName('t')) => {
        await createDatabase(adminUrl, name);
        const url = new URL(adminUrl);
        url.pathname = `/${name}`;
        return url.toString();
      },
      stopServer: unsupported,
      startServer: unsupported,
      stop: async () => undefined,
    };
  }
  const dir = await mkdtemp(join(tmpdir(), 'render-pg-'));
  const data = join(dir, 'data');
  if (isRoot()) {
    await chown(dir, Number((await run('id', ['-u', 'postgres'])).stdout.trim()), Number((await run('id', ['-g', 'postgres'])).stdout.trim()));
  }
  await chmod(dir, 0o700);
  await asOwner(tool('initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  const logFile = join(dir, 'server.log');
  // The port lies below the kernel's ephemeral range, so neither another test's listen(0) nor an outgoing
  // connection's local port can take it between the choice and the bind, or while a test has the server stopped.
  let port = await choosePort();
  // Sockets in the cluster's own folder; TCP on loopback only. fsync stays on: the tests kill servers mid-batch.
  const serverOptions = (): string => `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200`;
  const startServer = async (): Promise<void> => {
    try {
      await asOwner(tool('pg_ctl'), ['-D', data, '-l', logFile, '-o', serverOptions(), '-w', '-t', '60', 'start']);
    } catch (error) {
      throw await withLogTail(error, logFile);
    }
  };
  const stopServer = () => asOwner(tool('pg_ctl'), ['-D', data, '-m', 'fast', '-w', '-t', '60', 'stop']);
  // A port someone else bound after all: the first start may move to another (later restarts keep theirs,
  // as the tests that restart the server expect the same URL).
  for (let attempt = 1; ; attempt += 1) {
    try {
      await startServer();
      break;
    } catch (error) {
      if (attempt === 3 || !(error instanceof Error) || !portTaken(error)) throw error;
      port = await choosePort();
    }
  }
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let running = true;
  return {
    adminUrl,
    newDatabase: async (name = uniqueName('t')) => {
      await createDatabase(adminUrl, name);
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    stopServer: async () => {
      await stopServer();
      running = false;
    },
    startServer: async () => {
      await startServer();
      running = true;
    },
    stop: async () => {
      if (running) await stopServer().catch(() => undefined);
      running = false;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** One cluster for the calling test file: started before its tests, deleted after; call the getter inside a test. */
export function usePostgres(): () => TestPostgres {
  let server: TestPostgres | undefined;
  beforeAll(async () => {
    server = await startPostgres();
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });
  return () => {
    if (server === undefined) throw new Error('usePostgres: the cluster is only there inside a test');
    return server;
  };
}
