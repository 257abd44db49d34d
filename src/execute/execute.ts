// The executor's entry point: lock the cache, replay the journal, decide hits and misses, refuse a plan over budget,
// then run every miss (remixes after their parent) and return what happened to each shot.
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import pLimit from 'p-limit';
import { computeShotKeys } from '../cache/key.js';
import { parentOf } from '../plan/plan.js';
import { acquireCacheLock } from '../cache/lock.js';
import { loadIndexSnapshot } from '../cache/lookup.js';
import { cacheStatus, type ShotCacheStatus, type StatusShot } from '../cache/status.js';
import { cacheLayout, cleanTmp, ensureLayout, type CacheLayout } from '../cache/store.js';
import { makeDir, rethrowAsFsError } from '../common/fs-errors.js';
import { createRedactor } from '../common/redact.js';
import { defaultPollPolicy, defaultReadBackoff } from './backoff.js';
import { refuseOverBudget, startBudget } from './budget-plan.js';
import { scrubText, type RecordSink, type RunContext, type RunSettings } from './context.js';
import { checkConcurrency } from './check-limit.js';
import { CrashPoints } from './crashpoints.js';
import { DailySpendFile, utcDay, type DailySink } from './daily-ledger.js';
import { defaultWebhookFallbackMs } from './job-signals.js';
import { DerivedStarts } from './derived-starts.js';
import { JobDurations } from './job-durations.js';
import { Journal } from './journal.js';
import { replayJournal, type JournalState } from './journal-state.js';
import { RateGate } from './rate-gate.js';
import { probeJobs, remixSourceJobs } from './remix-sources.js';
import { RunControl } from './run-control.js';
import { buildTasks, summarise } from './run-shots.js';
import { reservationOf } from './provider-cost.js';
import { defaultTransferFloor } from './transfer-guard.js';
import { runDag } from './scheduler.js';
import type { ExecuteOptions, ExecuteResult } from './types.js';

function settingsOf(options: ExecuteOptions): RunSettings {
  return {
    countFailed: options.countFailed,
    pollPolicy: options.pollPolicy ?? defaultPollPolicy,
    retryBackoff: options.retryBackoff ?? defaultReadBackoff,
    shotTimeoutMs: options.shotTimeoutMs ?? 30 * 60_000,
    reconcileWindowMs: options.reconcileWindowMs ?? 180_000,
    reconcileFirstDelayMs: Math.min(2_000, Math.max(50, (options.reconcileWindowMs ?? 180_000) / 8)),
    reconcileMaxDelayMs: 30_000,
    resendUnknown: options.resendUnknown ?? false,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 15 * 60_000,
    regenerateExpired: options.regenerateExpired ?? false,
    skewSeconds: 120,
    readAttempts: 5,
    downloadIdleMs: options.downloadIdleMs ?? 60_000,
    downloadFloor: options.downloadFloor ?? defaultTransferFloor,
    maxClipBytes: options.maxClipBytes,
    createRounds: 2,
    webhookFallbackMs: options.webhookFallbackMs ?? defaultWebhookFallbackMs,
  };
}

const cacheHint = 'pass a writable --cache-dir';

async function openCache(cacheDir: string): Promise<CacheLayout> {
  const layout = cacheLayout(cacheDir);
  await makeDir(cacheDir)
    .then(() => ensureLayout(layout))
    .catch(rethrowAsFsError('cannot use the cache folder', cacheDir, cacheHint));
  return layout;
}

async function decideStatuses(options: ExecuteOptions, layout: CacheLayout, gate: RateGate): Promise<{ statusShots: StatusShot[]; statuses: ShotCacheStatus[] }> {
  const keys = computeShotKeys(options.shots, options.providerIdentity);
  const statusShots = options.shots.map((shot): StatusShot => {
    const { key, components } = keys.get(shot.id)!;
    return { id: shot.id, key, components, remixOf: parentOf(shot), costMicroUsd: shot.costMicroUsd };
  });
  const index = await loadIndexSnapshot(layout, statusShots, 'hash');
  const nowMs = options.clock.now();
  const jobs = await probeJobs(options.provider, gate, remixSourceJobs(statusShots, index), nowMs, options.signal);
  return { statusShots, statuses: cacheStatus(statusShots, index, { nowMs, jobs }) };
}

/** The per-provider limits that are set, as the scheduler and the rate gate take them. */
function limitsOf(options: ExecuteOptions, which: 'concurrency' | 'rpm' | 'costMargin'): Record<string, number> {
  const set = Object.entries(options.providerLimits ?? {}).flatMap(([name, limits]) => (limits[which] === undefined ? [] : [[name, limits[which]] as const]));
  return Object.fromEntries(set);
}

/** Each provider's cost margin as set (at least 1: a margin never reserves less than the price). */
function marginsOf(options: ExecuteOptions): Map<string, number> {
  const set = Object.entries(limitsOf(options, 'costMargin')).filter(([, margin]) => Number.isFinite(margin));
  return new Map(set.map(([name, margin]) => [name, Math.max(1, margin)]));
}

/** The provider a shared run's 429s pause for every worker: its shots' one provider, or all of them when mixed. */
function pauseScopeOf(options: ExecuteOptions): string {
  const names = new Set(options.shots.map((shot) => shot.provider ?? 'openai'));
  return names.size === 1 ? [...names][0]! : '*';
}

async function run(options: ExecuteOptions, layout: CacheLayout, journal: RecordSink, state: JournalState): Promise<ExecuteResult> {
  const shared = options.shared;
  const gate = new RateGate(options.clock, options.rpm, limitsOf(options, 'rpm'), shared ? { rate: shared.rate, pauseScope: pauseScopeOf(options) } : undefined);
  const { statusShots, statuses } = await decideStatuses(options, layout, gate);
  // A worker's org ledger is the database's (its caps are checked as each intent is recorded); a local run's daily
  // cap is its cache folder's file.
  const daily: DailySink | undefined = shared
    ? { tracksBooking: true, holdsWithIntent: true, set: (id, amount, booked) => shared.spend.set(id, amount, booked), remove: (id) => shared.spend.remove(id) }
    : options.dailyCapMicroUsd === undefined
      ? undefined
      : await DailySpendFile.load(layout, utcDay(options.clock.now()), state);
  const settings = settingsOf(options);
  const costMargins = marginsOf(options);
  // The plan is refused up front on what its paid calls will reserve, margins included.
  const reserveByKey = new Map(statusShots.map((s, i) => [s.key, reservationOf(options.shots[i]!, costMargins)]));
  const budget = startBudget({ statuses, journal: state, capMicroUsd: options.capMicroUsd, dailyCapMicroUsd: shared ? undefined : options.dailyCapMicroUsd, daily: daily instanceof DailySpendFile ? daily.spend : undefined, regenerateExpired: settings.regenerateExpired, resendUnknown: settings.resendUnknown, reserveByKey });
  refuseOverBudget(budget, statuses);
  const redact = options.redact ?? createRedactor([]);
  // Every text leaving the executor passes the redactor, whatever produced it.
  const emit: RunContext['emit'] = (event) => options.onEvent({ ...scrubText(event, redact), at: options.clock.now() });
  const control = new RunControl(options.breakerThreshold ?? 5, (stop) => emit({ type: 'stopped', reason: stop.reason, message: stop.message }));
  const onAbort = () => control.stop('interrupted', 'interrupted: no new jobs are submitted; the next run resumes the ones in flight');
  options.signal.addEventListener('abort', onAbort, { once: true });
  if (options.signal.aborted) onAbort();
  const ctx: RunContext = {
    provider: options.provider, layout, journal, state, ledger: budget.ledger, daily, gate, control,
    crashpoints: new CrashPoints(options.crashpoint, options.crash),
    clock: options.clock, random: options.random, signal: options.signal, settings,
    verifyClip: options.verifyClip, redact, newId: options.newId ?? randomUUID, emit, costMargins,
    downloads: pLimit(Math.max(2, Math.ceil(options.concurrency / 2))),
    jobSignals: options.jobSignals,
    durations: new JobDurations(),
    checks: options.checks ?? pLimit(checkConcurrency(availableParallelism(), options.checkConcurrency)),
  };
  try {
    const derived = new DerivedStarts();
    const results = await runDag(buildTasks(ctx, options.shots, statusShots, statuses, derived), options.concurrency, limitsOf(options, 'concurrency'));
    return summarise(ctx, options.shots, statuses, results, derived);
  } finally {
    options.signal.removeEventListener('abort', onAbort);
  }
}

/**
 * A batch worker's run: no cache lock (several units of one worker share its staging cache, each key held by one
 * worker through its lease) and the journal is the database's, replayed for this run's keys like the file's lines.
 */
async function executeShared(options: ExecuteOptions, shared: NonNullable<ExecuteOptions['shared']>, layout: CacheLayout): Promise<ExecuteResult> {
  const keys = [...computeShotKeys(options.shots, options.providerIdentity).values()].map((k) => k.key);
  const state = replayJournal(await shared.journal.load(keys));
  return run(options, layout, shared.journal, state).catch(rethrowAsFsError('cannot read or write the cache folder', layout.root, cacheHint));
}

/** Generate every uncached shot under the budget; never pays twice for a journaled job. See docs/executor.md. */
export async function executeShots(options: ExecuteOptions): Promise<ExecuteResult> {
  const layout = await openCache(options.cacheDir);
  if (options.shared) return executeShared(options, options.shared, layout);
  const lock = await acquireCacheLock(layout.lock, options.lockOptions);
  try {
    await cleanTmp(layout).catch(rethrowAsFsError('cannot clean the cache folder', layout.tmp, cacheHint));
    const sink = options.journalSink;
    const opened = await Journal.open(layout.journal, {
      sinkFor: sink ? (handle) => sink(Journal.fileSink(handle)) : undefined,
      compact: { aboveLines: 20_000, nowSeconds: Math.floor(options.clock.now() / 1000), tmpDir: layout.tmp },
    }).catch(rethrowAsFsError('cannot open the journal', layout.journal, cacheHint));
    try {
      const state = replayJournal(opened.lines.map((line) => line.rec));
      return await run(options, layout, opened.journal, state).catch(rethrowAsFsError('cannot read or write the cache folder', layout.root, cacheHint));
    } finally {
      await opened.journal.close();
    }
  } finally {
    await lock.release();
  }
}
