// One worker process from its settings: probe the shared cache (CACHE_STORE_FAILED when it cannot be written),
// open the database and the queue (with pg-boss's supervision: heartbeats of dead workers are noticed), a local
// staging cache, then the loop; everything is closed whatever happens.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import pLimit from 'p-limit';
import { join } from 'node:path';
import { cacheLayout, ensureLayout } from '../../cache/store.js';
import { isRenderError, RenderError } from '../../common/errors.js';
import { checkConcurrency } from '../../execute/check-limit.js';
import { systemClock } from '../../execute/clock.js';
import { openWorkerProvider } from '../../run/provider.js';
import type { ProviderSettings } from '../../run/types.js';
import type { FfmpegTools } from '../../stitch/types.js';
import type { SharedInflight } from '../stores/index.js';
import type { WorkerContext } from './context.js';
import { runWorker, type WorkerExit, type WorkerLoopOptions } from './loop.js';
import { newWorkerId } from './registry.js';

export interface StartWorkerOptions extends WorkerLoopOptions {
  databaseUrl: string;
  cacheUrl: string;
  /** The local staging cache (default: a folder of this worker in the OS temp dir). */
  cacheDir?: string | undefined;
  provider: ProviderSettings;
  env: Readonly<Record<string, string | undefined>>;
  tools: () => Promise<FfmpegTools>;
  redact: (text: string) => string;
  log: (line: string) => void;
  workerId?: string | undefined;
  pollMinMs?: number | undefined;
  reconcileWindowMs?: number | undefined;
}

/** Made on first use: a worker that only pulls stored units and stitches never takes a slot. */
function lazyInflight(make: () => SharedInflight): SharedInflight {
  let made: SharedInflight | undefined;
  const get = (): SharedInflight => (made ??= make());
  return {
    acquire: (scope, limit, key, signal) => get().acquire(scope, limit, key, signal),
    release: (key) => get().release(key),
    renew: async () => (made ? made.renew() : undefined),
  };
}

/** The probe's failure as the user sees it: CACHE_STORE_FAILED (exit 1), whatever the store threw. */
async function probeCache(cache: WorkerContext['cache']): Promise<void> {
  try {
    await cache.probe();
  } catch (error) {
    if (isRenderError(error)) throw error;
    throw new RenderError('CACHE_STORE_FAILED', `shared cache ${cache.url}: cannot write, read back and delete a test object (${error instanceof Error ? error.message : String(error)})`, {
      hint: 'check that every worker can write there (the mount, its permissions, or the bucket and its credentials)',
      cause: error,
    });
  }
}

export async function startWorker(options: StartWorkerOptions): Promise<{ workerId: string; exit: WorkerExit }> {
  const workerId = options.workerId ?? newWorkerId();
  const { openSharedCache } = await import('../../cache/shared/index.js');
  const cache = openSharedCache(options.cacheUrl, options.env);
  await probeCache(cache);
  const cacheDir = options.cacheDir ?? join(tmpdir(), `render-worker-${workerId}`);
  await mkdir(cacheDir, { recursive: true });
  const layout = cacheLayout(cacheDir);
  await ensureLayout(layout);
  const workDir = await mkdtemp(join(tmpdir(), 'render-worker-cuts-'));
  const { openBatchDatabase } = await import('../db/connect.js');
  const { openBoss } = await import('../boss.js');
  const { sharedInflight } = await import('../stores/index.js');
  const db = await openBatchDatabase(options.databaseUrl, { applicationName: `render worker ${workerId}`, max: options.concurrency + 4 });
  try {
    const boss = await openBoss(options.databaseUrl, { applicationName: `render worker ${workerId}`, supervise: true });
    try {
      const ctx: WorkerContext = {
        workerId, db, boss, cache, layout, workDir,
        openProvider: (use) => openWorkerProvider(options.provider, use),
        inflight: lazyInflight(() => sharedInflight(db, workerId)),
        tools: options.tools,
        checks: pLimit(checkConcurrency(availableParallelism())),
        clock: systemClock,
        redact: options.redact,
        pollMinMs: options.pollMinMs,
        reconcileWindowMs: options.reconcileWindowMs,
        log: options.log,
      };
      options.log(`worker ${workerId}: working ${db.shownUrl}, shared cache ${cache.url}, up to ${options.concurrency} shot${options.concurrency === 1 ? '' : 's'} at once`);
      const exit = await runWorker(ctx, options);
      options.log(`worker ${workerId}: ${exit === 'idle' ? 'nothing left to do' : 'stopped; units in flight were given back (their job ids are journaled)'}`);
      return { workerId, exit };
    } finally {
      await boss.stop({ graceful: false, close: true }).catch(() => undefined);
    }
  } finally {
    await db.close().catch(() => undefined);
    await rm(workDir, { recursive: true, force: true }).catch(() => undefined);
  }
}
