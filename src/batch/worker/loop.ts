// The worker's loop: shot and cut jobs from pg-boss, each unit under a renewed lease; a housekeeping tick that
// re-sends the jobs of units and cuts nobody holds (a worker killed with -9) and, with --until-idle, ends the loop
// once render.units / render.storyboards say nothing is left (never pg-boss's counts: a job in retry backoff after a
// kill is still work). A stop (first SIGINT/SIGTERM) stops taking jobs, stops the units in flight like a local run's
// first Ctrl-C (their job ids are journaled) and gives their leases back.
import type { Job } from 'pg-boss';
import { cutQueue, shotQueue } from '../queue-names.js';
import { sendShotJobs } from '../enqueue.js';
import type { WorkerContext } from './context.js';
import { orphanedCuts, workLeft } from './cut-db.js';
import { runCut } from './cut.js';
import { isIdle } from './decide.js';
import { afterUnit, sendCutJob } from './follow-ups.js';
import { registerWorker, workerSeen, workerStopped } from './registry.js';
import { runUnit } from './unit-run.js';
import { claimUnit, endUnit, leaseRenewMs, orphanedUnits, releaseUnit, renewLeases } from './units-db.js';

export interface WorkerLoopOptions {
  concurrency: number;
  untilIdle: boolean;
  /** Aborted: stop gracefully. */
  signal: AbortSignal;
  /** How often orphans are re-sent and idleness is judged (default 1 s). */
  tickMs?: number | undefined;
  /** pg-boss's poll interval (default 0.5 s: a shot waits at most that long in the queue). */
  pollSeconds?: number | undefined;
}

export type WorkerExit = 'idle' | 'stopped';

/** Thrown from a job handler so pg-boss retries the job (another worker, or this one later, takes the unit). */
class GiveBack extends Error {}

export async function runWorker(ctx: WorkerContext, options: WorkerLoopOptions): Promise<WorkerExit> {
  await registerWorker(ctx.db, ctx.workerId);
  const held = new Map<string, AbortController>();
  let cutsRunning = 0;
  const stopping = (): boolean => options.signal.aborted;

  const renew = async (): Promise<void> => {
    const keys = [...held.keys()];
    const still = await renewLeases(ctx.db, ctx.workerId, keys);
    // A lease that could not be renewed was taken by another worker: this one must send nothing more for it.
    for (const key of keys) if (!still.has(key)) held.get(key)?.abort(new Error('lease lost'));
    await ctx.inflight.renew();
    await workerSeen(ctx.db, ctx.workerId);
  };
  const renewTimer = setInterval(() => void renew().catch((error: unknown) => ctx.log(`lease renewal failed: ${String(error)}`)), leaseRenewMs);

  const shotJob = async ([job]: Job<{ key: string }>[]): Promise<void> => {
    if (!job || stopping()) throw new GiveBack('the worker is stopping');
    const key = job.data.key;
    const unit = await claimUnit(ctx.db, key, ctx.workerId);
    if (!unit) return; // held by another worker, or already ended: this job has nothing to do
    const controller = new AbortController();
    const onStop = (): void => controller.abort(options.signal.reason);
    options.signal.addEventListener('abort', onStop, { once: true });
    held.set(key, controller);
    try {
      const end = await runUnit(ctx, unit, controller.signal);
      if (end.state === 'released') {
        await releaseUnit(ctx.db, key, ctx.workerId);
        ctx.log(`unit ${key.slice(0, 12)}: released (${end.why})`);
        // Stopping: the job is retried so another worker re-attaches; lease lost: the new holder has its own job.
        if (stopping()) throw new GiveBack(end.why);
        return;
      }
      if (await endUnit(ctx.db, key, ctx.workerId, end)) {
        ctx.log(`unit ${key.slice(0, 12)}: ${end.state}`);
        await afterUnit(ctx, key, end);
      }
    } catch (error) {
      if (!(error instanceof GiveBack)) {
        await releaseUnit(ctx.db, key, ctx.workerId).catch(() => undefined);
        ctx.log(`unit ${key.slice(0, 12)}: ${ctx.redact(error instanceof Error ? error.message : String(error))}`);
      }
      throw error;
    } finally {
      held.delete(key);
      options.signal.removeEventListener('abort', onStop);
    }
  };

  const cutJob = async ([job]: Job<{ batchId: string; storyboard: string }>[]): Promise<void> => {
    if (!job || stopping()) throw new GiveBack('the worker is stopping');
    cutsRunning += 1;
    try {
      await runCut(ctx, { batchId: job.data.batchId, name: job.data.storyboard }, options.signal);
      if (stopping()) throw new GiveBack('the worker stopped during the cut');
    } finally {
      cutsRunning -= 1;
    }
  };

  const poll = { pollingIntervalSeconds: options.pollSeconds ?? 0.5 };
  await ctx.boss.work(shotQueue, { ...poll, batchSize: 1, localConcurrency: Math.max(1, options.concurrency) }, shotJob);
  await ctx.boss.work(cutQueue, { ...poll, batchSize: 1, localConcurrency: 1 }, cutJob);

  const exit = await new Promise<WorkerExit>((resolve) => {
    let busy = false;
    const tick = async (): Promise<void> => {
      if (busy) return;
      busy = true;
      try {
        if (stopping()) return;
        // Units and cuts whose holder is gone (or that lost their job) get a job again; live ones are a no-op.
        await sendShotJobs(ctx.boss, await orphanedUnits(ctx.db));
        for (const ref of await orphanedCuts(ctx.db)) await sendCutJob(ctx.boss, ref);
        if (options.untilIdle && held.size === 0 && cutsRunning === 0 && isIdle(await workLeft(ctx.db))) finish('idle');
      } catch (error) {
        ctx.log(`housekeeping: ${ctx.redact(error instanceof Error ? error.message : String(error))}`);
      } finally {
        busy = false;
      }
    };
    const timer = setInterval(() => void tick(), options.tickMs ?? 1_000);
    const finish = (why: WorkerExit): void => {
      clearInterval(timer);
      options.signal.removeEventListener('abort', onAbort);
      resolve(why);
    };
    const onAbort = (): void => finish('stopped');
    options.signal.addEventListener('abort', onAbort, { once: true });
    if (options.signal.aborted) onAbort();
    void tick();
  });

  // Stop taking jobs, then wait for the handlers in flight: their units stop and give their leases back.
  await ctx.boss.offWork(shotQueue, { wait: true }).catch(() => undefined);
  await ctx.boss.offWork(cutQueue, { wait: true }).catch(() => undefined);
  clearInterval(renewTimer);
  await workerStopped(ctx.db, ctx.workerId).catch(() => undefined);
  return exit;
}
