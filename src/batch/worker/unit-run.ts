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
import { unitEndOf, type UnitEnd } from './decide.js';
import type { WorkerContext } from './context.js';
import type { ClaimedUnit } from './units-db.js';
import { unitPayload } from './units-db.js';

const providerOf = (shot: { provider?: string | undefined }): string => shot.provider ?? 'openai';

/** The unit's shot and, for a remix or extension, its parent's (which must be stored: it runs as a cache hit). */
async function shotsOf(ctx: WorkerContext, unit: ClaimedUnit): Promise<{ own: UnitPayload; parent?: UnitPayload | undefined }> {
  const own = decodeUnit(unit.payload);
  if (unit.parentKey === null) return { own };
  const row = await unitPayload(ctx.db, unit.parentKey);
  if (!row) throw new Error(`unit ${unit.key}: its parent ${unit.parentKey} has no row`);
  return { own, parent: decodeUnit(row.payload) };
}

/** The key this worker computes for the unit must be the enqueued one, or it would pay for another recipe. */
function checkKey(shots: readonly ExecShot[], identities: ReadonlyMap<string, string>, shotId: string, key: string): string | undefined {
  const computed = computeShotKeys(shots, (shot) => identities.get(shot.id) ?? providerOf(shot)).get(shotId)?.key;
  return computed === key ? undefined : `the unit's payload keys to ${computed?.slice(0, 12) ?? '?'}, not ${key.slice(0, 12)}: it was enqueued by another version of render`;
}

export async function runUnit(ctx: WorkerContext, unit: ClaimedUnit, signal: AbortSignal): Promise<UnitEnd> {
  const { own, parent } = await shotsOf(ctx, unit);
  const keys = unit.parentKey === null ? [unit.key] : [unit.key, unit.parentKey];
  const present = new Set(await ctx.cache.pull(ctx.layout, keys));
  if (present.has(unit.key)) {
    // Made already (by a worker that stored and pushed it, then died before saying so): nothing is paid again.
    const entry = await readEntry(ctx.layout, unit.key);
    return { state: 'stored', jobId: entry?.jobId, costMicroUsd: entry?.costMicroUsd ?? 0 };
  }
  if (unit.parentKey !== null && !present.has(unit.parentKey)) {
    return { state: 'failed', costMicroUsd: 0, error: { code: 'REMIX_SOURCE_GONE', message: `the clip of its parent (${unit.parentKey.slice(0, 12)}) is not in the shared cache ${ctx.cache.url}` } };
  }
  // The parent's shot id may equal the child's in another storyboard: the executor needs distinct ids, and the
  // child's remixOf/extendOf must name the parent as it is listed here.
  const parentShot = parent ? { ...parent.shot, id: `parent:${parent.shot.id}` } : undefined;
  const ownShot: ExecShot = parentShot
    ? { ...own.shot, ...(own.shot.remixOf !== undefined ? { remixOf: parentShot.id } : {}), ...(own.shot.extendOf !== undefined ? { extendOf: parentShot.id } : {}) }
    : own.shot;
  if (parentShot && parentOf(own.shot) === undefined) throw new Error(`unit ${unit.key} has a parent key but its shot is not derived`);
  const shots = parentShot ? [parentShot, ownShot] : [ownShot];
  const identities = new Map<string, string>([[ownShot.id, own.providerIdentity], ...(parentShot && parent ? [[parentShot.id, parent.providerIdentity] as const] : [])]);
  const wrongKey = checkKey(shots, identities, ownShot.id, unit.key);
  if (wrongKey) return { state: 'failed', costMicroUsd: 0, error: { code: 'UNIT_PAYLOAD_INVALID', message: wrongKey } };

  const provider = providerOf(own.shot);
  const handle = await ctx.openProvider({ shots, providers: own.providerUse?.providers ?? {}, legacyBaseUrl: own.providerUse?.legacyBaseUrl, ...(own.providerUse?.openRouterModels ? { catalogs: { openrouter: { models: own.providerUse.openRouterModels } } } : {}) } as Parameters<WorkerContext['openProvider']>[0]);
  const shared = sharedRunState(ctx.db, { workerId: ctx.workerId, batchId: unit.batchId, providerOfKey: new Map([[unit.key, provider], ...(unit.parentKey ? [[unit.parentKey, providerOf(parent!.shot)] as const] : [])]) });
  const { executeShots } = await import('../../execute/execute.js');
  const { verifyVideoFile } = await import('../../stitch/verify.js');
  const tools = await ctx.tools();
  let acquired = false;
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
        if (event.type === 'stopped' || event.type === 'shot-failed') ctx.log(`unit ${unit.key.slice(0, 12)}: ${JSON.stringify(event)}`);
      },
      redact: ctx.redact,
      verifyClip: clipVerifier(tools, verifyVideoFile),
      shared,
    });
    const end = unitEndOf(result.shots.find((shot) => shot.id === ownShot.id), signal.aborted || result.outcome === 'interrupted');
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
    if (acquired) await ctx.inflight.release(unit.key).catch(() => undefined);
    await handle.close().catch(() => undefined);
  }
}
