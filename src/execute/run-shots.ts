// Turn the shots and their cache status into scheduler tasks (hits free and immediate, misses after their remix
// source's job is done), and fold the per-shot results into the run's outcome and totals.
import type { ShotCacheStatus, StatusShot } from '../cache/status.js';
import { blobPath } from '../cache/store.js';
import { parentOf } from '../plan/plan.js';
import type { RunContext } from './context.js';
import { isJobSource, type DerivedStarts, type JobSource } from './derived-starts.js';
import { modelGroupOf, providerOf } from './provider-group.js';
import { skippedResult } from './finish.js';
import type { DagTask } from './scheduler.js';
import { runShot } from './shot-runner.js';
import type { ExecShot, ExecuteResult, RunOutcome, ShotResult } from './types.js';

/** A shot that cost this run nothing. */
const noMoney = { attempts: 0, costMicroUsd: 0, possiblyBilledMicroUsd: 0, earlierRunsMicroUsd: 0 } as const;

function hitResult(ctx: RunContext, shot: ExecShot, status: ShotCacheStatus): ShotResult {
  const entry = status.entry!;
  const file = blobPath(ctx.layout, entry.video);
  ctx.emit({ type: 'shot-cached', shot: shot.id, file, savedMicroUsd: shot.costMicroUsd });
  return {
    id: shot.id,
    status: 'completed',
    cache: 'hit',
    jobId: entry.jobId,
    ...noMoney,
    file,
    ...(entry.thumbnail ? { thumbnail: blobPath(ctx.layout, entry.thumbnail) } : {}),
    sha256: entry.video.sha256,
    bytes: entry.video.bytes,
    ...(entry.probe ? { probe: entry.probe } : {}),
  };
}

function announce(ctx: RunContext, result: ShotResult): ShotResult {
  const { error } = result;
  if (result.status === 'failed' && error) {
    ctx.emit({ type: 'shot-failed', shot: result.id, code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}), ...(result.jobId ? { jobId: result.jobId } : {}) });
  }
  if (result.status === 'skipped') ctx.emit({ type: 'shot-skipped', shot: result.id, reason: result.skipReason ?? 'skipped' });
  return result;
}

// The same recipe twice in one storyboard (same key) is paid once: the second waits for the first and reuses it.
function duplicateTask(ctx: RunContext, shot: ExecShot, firstId: string): DagTask<ShotResult, JobSource> {
  return {
    id: shot.id,
    after: firstId,
    weight: 0,
    free: true,
    run: async (first) => {
      if (isJobSource(first) || first?.status !== 'completed') {
        return announce(ctx, { id: shot.id, status: 'skipped', cache: 'none', ...noMoney, skipReason: `same recipe as shot '${firstId}', which did not complete` });
      }
      ctx.emit({ type: 'shot-cached', shot: shot.id, file: first.file!, savedMicroUsd: shot.costMicroUsd });
      return { ...first, id: shot.id, cache: 'hit', ...noMoney };
    },
  };
}

function missTask(ctx: RunContext, shot: ExecShot, keyed: StatusShot, derived: DerivedStarts): DagTask<ShotResult, JobSource> {
  const base = { shot, key: keyed.key, components: keyed.components, costMicroUsd: 0, earlierMicroUsd: 0, attempts: 0 };
  const parentId = parentOf(shot);
  const what = shot.kind === 'extend' ? 'extension source' : 'remix source';
  return {
    id: shot.id,
    after: parentId,
    // A derived shot needs its parent's job id, not its clip: it starts when the parent's job is done.
    early: parentId !== undefined,
    weight: shot.seconds,
    free: false,
    groups: [providerOf(shot), modelGroupOf(shot)],
    run: async (parent, releaseSlot, releaseDependents) => {
      const early = isJobSource(parent) ? parent : undefined;
      // Released early, then the parent ended before this started: its final word decides, as if it had waited.
      const settled = early && parentId !== undefined ? (derived.finalOf(parentId) ?? early) : parent;
      const parentJobId = (isJobSource(settled) ? settled.jobId : settled?.jobId) ?? null;
      const run = {
        ...base, parentJobId, releaseSlot,
        releaseDependents: (jobId: string) => releaseDependents({ kind: 'job-done', shotId: shot.id, jobId }),
        ...(parentId !== undefined ? { sourceLost: () => derived.sourceLost(parentId, what) } : {}),
      };
      if (parentId !== undefined && !isJobSource(settled) && (settled?.status !== 'completed' || !settled.jobId)) {
        return announce(ctx, skippedResult(run, `${what} '${parentId}' did not complete (${settled?.status ?? 'missing'})`));
      }
      if (isJobSource(settled)) derived.startedEarly(shot.id, settled);
      return derived.settled(announce(ctx, await runShot(ctx, run)));
    },
  };
}

export function buildTasks(ctx: RunContext, shots: readonly ExecShot[], keyed: readonly StatusShot[], statuses: readonly ShotCacheStatus[], derived: DerivedStarts): DagTask<ShotResult, JobSource>[] {
  const firstWithKey = new Map<string, string>();
  return shots.map((shot, i): DagTask<ShotResult, JobSource> => {
    const status = statuses[i]!;
    if (status.status === 'hit') return { id: shot.id, weight: shot.seconds, free: true, run: async () => derived.settled(hitResult(ctx, shot, status)) };
    const first = firstWithKey.get(status.key);
    if (first !== undefined) return duplicateTask(ctx, shot, first);
    firstWithKey.set(status.key, shot.id);
    ctx.emit({ type: 'shot-queued', shot: shot.id, costMicroUsd: status.costMicroUsd });
    return missTask(ctx, shot, keyed[i]!, derived);
  });
}

function outcomeOf(ctx: RunContext, results: readonly ShotResult[]): RunOutcome {
  if (ctx.signal.aborted) return 'interrupted';
  const stop = ctx.control.stopped;
  if (stop?.reason === 'budget') return 'budget';
  if (stop) return 'stopped';
  return results.every((r) => r.status === 'completed') ? 'completed' : 'failed';
}

function redacted(ctx: RunContext, result: ShotResult): ShotResult {
  return {
    ...result,
    ...(result.error ? { error: { ...result.error, message: ctx.redact(result.error.message) } } : {}),
    ...(result.skipReason ? { skipReason: ctx.redact(result.skipReason) } : {}),
  };
}

/** Money still held per shot key, split by who made the paid call: the ledger is the one source of truth. */
function heldByKey(ctx: RunContext): Map<string, { own: number; earlier: number }> {
  const held = new Map<string, { own: number; earlier: number }>();
  for (const state of ctx.state.intents.values()) {
    const hold = ctx.ledger.hold(state.intent.intentId);
    if (!hold) continue;
    const entry = held.get(state.intent.shotKey) ?? { own: 0, earlier: 0 };
    if (hold.origin === 'own') entry.own += hold.amount;
    else entry.earlier += hold.amount;
    held.set(state.intent.shotKey, entry);
  }
  return held;
}

function withHeld(result: ShotResult, held: { own: number; earlier: number } | undefined): ShotResult {
  if (!held || held.own + held.earlier === 0) return result;
  return { ...result, possiblyBilledMicroUsd: held.own, cache: result.cache === 'hit' ? 'hit' : 'paid' };
}

export function summarise(ctx: RunContext, shots: readonly ExecShot[], statuses: readonly ShotCacheStatus[], ran: ReadonlyMap<string, ShotResult>, derived: DerivedStarts): ExecuteResult {
  // A derived shot sent before its parent's clip failed: both say so (docs/executor.md).
  const { results, notes } = derived.annotate(ran);
  for (const note of notes) ctx.emit({ type: 'warning', ...note });
  const held = heldByKey(ctx);
  const firstWithKey = new Set<string>();
  const ordered = shots.map((shot, i) => {
    const key = statuses[i]!.key;
    // Money is shown once per key: a repeated recipe is the same paid call.
    const result = firstWithKey.has(key) ? results.get(shot.id)! : withHeld(results.get(shot.id)!, held.get(key));
    firstWithKey.add(key);
    return redacted(ctx, result);
  });
  const ledger = ctx.ledger.snapshot();
  const savedMicroUsd = shots.reduce((sum, shot, i) => (statuses[i]!.status === 'hit' ? sum + shot.costMicroUsd : sum), 0);
  const stop = ctx.control.stopped;
  return {
    outcome: outcomeOf(ctx, ordered),
    ...(stop ? { stop: { reason: stop.reason, message: ctx.redact(stop.message) } } : {}),
    shots: ordered,
    totals: {
      spentMicroUsd: ledger.spentMicroUsd,
      savedMicroUsd,
      possiblyBilledMicroUsd: ledger.ownReservedMicroUsd,
      earlierRunsMicroUsd: ledger.earlierMicroUsd,
      earlierHeldMicroUsd: ledger.reservedMicroUsd - ledger.ownReservedMicroUsd,
      reservedMicroUsd: ledger.reservedMicroUsd,
      requests: ctx.gate.requests,
    },
  };
}
