// `render worker`: take shots and cuts of every open batch from the database's queue until stopped (first
// SIGINT/SIGTERM: graceful, leases given back; exit 130/143) or, with --until-idle, until nothing is left (exit 0).
import { RenderError } from '../../common/errors.js';
import { ExitCode } from '../../common/exit-codes.js';
import { createRedactor } from '../../common/redact.js';
import type { CommandContext } from '../io.js';
import { requireDatabaseUrl } from '../database.js';
import { keysInEnv } from '../keys.js';
import { folderFlag, numberOption, pollMinMs, providerSettings } from '../settings.js';
import { lazyFfmpeg } from '../../run/tools.js';
import { textFlag, type WorkerFlags } from './options.js';

export async function run({ options, io }: CommandContext<WorkerFlags>): Promise<number> {
  const url = await requireDatabaseUrl(options.databaseUrl, io.env, 'render worker');
  const cacheUrl = textFlag(options.cacheUrl);
  if (cacheUrl === undefined) {
    throw new RenderError('USAGE', 'render worker needs --cache-url: the shared cache every worker reaches', { hint: '--cache-url file:///mnt/render-cache or --cache-url s3://bucket/prefix' });
  }
  const concurrency = numberOption(options.concurrency, '--concurrency', 'count') ?? 2;
  const reconcileSeconds = numberOption(options.reconcileWindow, '--reconcile-window', 'seconds');
  const redact = createRedactor(keysInEnv(io.env));
  const { startWorker } = await import('../../batch/worker/start.js');
  const { exit } = await startWorker({
    databaseUrl: url,
    cacheUrl,
    cacheDir: folderFlag(io, options.cacheDir),
    concurrency,
    untilIdle: options.untilIdle === true,
    signal: io.signal,
    provider: providerSettings(io, options),
    env: io.env,
    tools: lazyFfmpeg(io.env, io.signal),
    redact,
    log: (line) => io.stderr(`${redact(line)}\n`),
    pollMinMs: pollMinMs(io.env),
    reconcileWindowMs: reconcileSeconds === undefined ? undefined : reconcileSeconds * 1000,
  });
  // Stopped by a signal: the CLI turns this into that signal's code (130, 143).
  return exit === 'idle' ? ExitCode.ok : ExitCode.interrupted;
}
