// One unit: pull it (and its parent) from the shared cache; present → stored without a paid call; else run the
// executor on [parent as a cache hit, unit] with the database's shared state, push what it stored, and say how it
// ended. The lease is the caller's (loop.ts renews it and aborts `signal` when it is lost).
import { computeShotKeys } from '../../cache/key.js';
import { readEntry } from '../../cache/store.js';
import { defaultPollPolicy } from '../../execute/backoff.js';
import { BudgetRefusedError, LeaseLostError } from '../../execute/shared.js';
import type { ExecShot } from '../../execute/types.js';
import { clipVerifier } from '../../run/executor-settings.js';
import { parentOf } from '../../plan/plan.js';
import { decodeUnit, type UnitPayload } from '../payload.js';
import { sharedRunState } from '../stores/index.js';
import { ownJobGenerated, unitEndOf, type UnitEnd } from './decide.js';
import type { WorkerContext } from './context.js';
import type { ClaimedUnit } from './units-db.js';
import { unitPayload } from './units-db.js';

const providerOf = (shot: { provider?: string | undefined }): string => shot.provider ?? 'openai';

/**
 * The unit's shot and, for a remix or extension, its ancestors root first (each stored: they run as cache hits, and
 * the executor keys a derived shot from its parent's key, so the whole chain must be listed).
 */
async function shotsOf(ctx: WorkerContext, unit: ClaimedUnit): Promise<{ own: UnitPayload; ancestors: Array<{ key: string; payload: UnitPayload }> }> {
  const own = decodeUnit(unit.payload);
  const ancestors: Array<{ key: string; payload: UnitPayload }> = [];
  for (let key = unit.parentKey; key !== null; ) {
    const row = await unitPayload(ctx.db, key);
    if (!row) throw new Error(`unit ${unit.key}: its ancestor ${key} has no row`);
    ancestors.unshift({ key, payload: decodeUnit(row.payload) });
    key = row.parentKey;
    if (ancestors.length > 64) throw new Error(`unit ${unit.key}: its chain of parents does not end`);
  }
  return { own, ancestors };
}

/** The chain as the executor takes it: distinct ids (a parent may share its id with the child), links renamed. Pure. */
export function chainShots(ancestors: readonly UnitPayload[], own: UnitPayload): { shots: ExecShot[]; identities: Map<string, string>; ownId: string } {
  const shots: ExecShot[] = [];
  const identities = new Map<string, string>();
  let previous: string | undefined;
  const all = [...ancestors, own];
  all.forEach((payload, index) => {
    const last = index === all.length - 1;
    const id = last ? payload.shot.id : `parent-${index}:${payload.shot.id}`;
    const shot: ExecShot = { ...payload.shot, id };
    if (previous !== undefined && shot.remixOf !== undefined) shot.remixOf = previous;
    if (previous !== undefined && shot.extendOf !== undefined) shot.extendOf = previous;
    shots.push(shot);
    identities.set(id, payload.providerIdentity);
    previous = id;
  });
  return { shots, identities, ownId: own.shot.id };
}

/** The key this worker computes for the unit must be the enqueued one, or it would pay for another recipe. */
function checkKey(shots: readonly ExecShot[], identities: ReadonlyMap<string, string>, shotId: string, key: string): string | undefined {
  const computed = computeShotKeys(shots, (shot) => identities.get(shot.id) ?? providerOf(shot)).get(shotId)?.key;
  return computed === key ? undefined : `the unit's payload keys to ${computed?.slice(0, 12) ?? '?'}, not ${key.slice(0, 12)}: it was enqueued by another version of render`;
}

export async function runUnit(ctx: WorkerContext, unit: ClaimedUnit, signal: AbortSignal): Promise<UnitEnd> {
  const { own, ancestors } = await shotsOf(ctx, unit);
  const keys = [unit.key, ...ancestors.map((a) => a.key)];
  const present = new Set(await ctx.cache.pull(ctx.layout, keys));
  if (present.has(unit.key)) {
    // Made already (by a worker that stored and pushed it, then died before saying so): nothing is paid again.
    const entry = await readEntry(ctx.layout, unit.key);
    return { state: 'stored', jobId: entry?.jobId, costMicroUsd: entry?.costMicroUsd ?? 0 };
  }
  // An ancestor missing here would be a miss the executor pays for again: the unit fails instead.
  const missing = ancestors.find((a) => !present.has(a.key));
  if (missing) {
    return { state: 'failed', costMicroUsd: 0, error: { code: 'REMIX_SOURCE_GONE', message: `the clip it is made from (${missing.key.slice(0, 12)}) is not in the shared cache ${ctx.cache.url}` } };
  }
  if (ancestors.length > 0 && parentOf(own.shot) === undefined) throw new Error(`unit ${unit.key} has a parent key but its shot is not derived`);
  const { shots, identities, ownId } = chainShots(ancestors.map((a) => a.payload), own);
  const wrongKey = checkKey(shots, identities, ownId, unit.key);
  if (wrongKey) return { state: 'failed', costMicroUsd: 0, error: { code: 'UNIT_PAYLOAD_INVALID', message: wrongKey } };

  const provider = providerOf(own.shot);
  const handle = await ctx.openProvider({ shots, providers: own.providerUse?.providers ?? {}, legacyBaseUrl: own.providerUse?.legacyBaseUrl, ...(own.providerUse?.openRouterModels ? { catalogs: { openrouter: { models: own.providerUse.openRouterModels } } } : {}) } as Parameters<WorkerContext['openProvider']>[0]);
  const shared = sharedRunState(ctx.db, { workerId: ctx.workerId, batchId: unit.batchId, providerOfKey: new Map([[unit.key, provider], ...ancestors.map((a) => [a.key, providerOf(a.payload.shot)] as const)]) });
  const { executeShots } = await import('../../execute/execute.js');
  const { verifyVideoFile } = await import('../../stitch/verify.js');
  const tools = await ctx.tools();
  let acquired = false;
  // The shared slot counts jobs generating at the provider: it is given back once the unit's job has completed, not
  // after its download, checks and push (a completed job can cost nothing more: batch units never regenerate).
  let slotRelease: Promise<void> | undefined;
  const releaseSlot = (): Promise<void> => (slotRelease ??= ctx.inflight.release(unit.key).catch(() => undefined));
  try {
    await ctx.inflight.acquire(provider, own.settings.providerConcurrency, unit.key, signal);
    acquired = true;
    const { settings } = own;
    const result = await executeShots({
      shots,
      provider: handle.provider,
      cacheDir: ctx.layout.root,
      providerIdentity: (shot) => identities.get(shot.id) ?? providerOf(shot),
      providerLimits: { [provider]: { concurrency: settings.providerConcurrency, rpm: settings.rpm, costMargin: settings.costMargin } },
      countFailed: settings.countFailed,
      concurrency: 1,
      rpm: settings.rpm,
      shotTimeoutMs: settings.shotTimeoutMs,
      pollPolicy: ctx.pollMinMs === undefined ? defaultPollPolicy : { ...defaultPollPolicy, minMs: ctx.pollMinMs, initialMs: Math.min(defaultPollPolicy.initialMs, ctx.pollMinMs * 2) },
      reconcileWindowMs: ctx.reconcileWindowMs,
      // Another worker may be running the same simulator or account: never pay again on doubt.
      regenerateExpired: false,
      resendUnknown: false,
      clock: ctx.clock,
      random: Math.random,
      signal,
      onEvent: (event) => {
        if (ownJobGenerated(event, ownId)) void releaseSlot();
        if (event.type === 'stopped' || event.type === 'shot-failed') ctx.log(`unit ${unit.key.slice(0, 12)}: ${JSON.stringify(event)}`);
      },
      redact: ctx.redact,
      verifyClip: clipVerifier(tools, verifyVideoFile),
      checks: ctx.checks,
      shared,
    });
    const end = unitEndOf(result.shots.find((shot) => shot.id === ownId), signal.aborted || result.outcome === 'interrupted');
    if (end.state === 'stored') await ctx.cache.push(ctx.layout, unit.key);
    // An org cap refused the unit before anything was sent: it fails with the reason (it is not queued again).
    if (end.state === 'released' && result.outcome === 'budget' && !signal.aborted) return { state: 'failed', costMicroUsd: 0, error: { code: 'BUDGET_EXCEEDED', message: result.stop?.message ?? 'an org cap would be passed' } };
    return end;
  } catch (error) {
    if (error instanceof LeaseLostError) return { state: 'released', why: error.message };
    if (error instanceof BudgetRefusedError) return { state: 'failed', costMicroUsd: 0, error: { code: 'BUDGET_EXCEEDED', message: error.message } };
    if (signal.aborted) return { state: 'released', why: 'the worker stopped' };
    throw error;
  } finally {
    if (acquired) await releaseSlot();
    await handle.close().catch(() => undefined);
  }
}
