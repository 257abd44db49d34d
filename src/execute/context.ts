// The state one run shares between its workers: journal (file + replayed state), ledger, rate gate, stop control,
// crash points and the event sink. Built once by executeShots; every step takes it explicitly.
import type { CacheLayout } from '../cache/store.js';
import type { VideoProvider } from '../providers/provider.js';
import type { BackoffPolicy, PollPolicy } from './backoff.js';
import type { Clock, Random } from './clock.js';
import type { CrashPoints } from './crashpoints.js';
import type { DailySink } from './daily-ledger.js';
import type { ExecEventBody } from './events.js';
import type { JobDurations } from './job-durations.js';
import type { JobSignals } from './job-signals.js';
import type { JournalRecord } from './journal-records.js';
import { applyRecord, type JournalState } from './journal-state.js';
import type { BudgetLedger } from './ledger.js';
import type { RateGate } from './rate-gate.js';
import type { RunControl } from './run-control.js';
import type { TransferFloor } from './transfer-guard.js';
import type { VerifyClip } from './types.js';

export interface RunSettings {
  countFailed: boolean;
  pollPolicy: PollPolicy;
  /** Full-jitter backoff of retried reads, downloads and unsent creates. */
  retryBackoff: BackoffPolicy;
  shotTimeoutMs: number;
  /** How long reconciliation keeps looking for the job of an unanswered paid call before calling it unknown. */
  reconcileWindowMs: number;
  /** Wait before the second look; doubled after each look, up to reconcileMaxDelayMs. */
  reconcileFirstDelayMs: number;
  reconcileMaxDelayMs: number;
  /** The user's explicit opt-in: send a paid call again when its first attempt's outcome stays unknown. */
  resendUnknown: boolean;
  maxRetryAfterMs: number;
  regenerateExpired: boolean;
  /** Clock skew allowed between us and the server when matching created_at against an intent. */
  skewSeconds: number;
  /** Attempts for a download (and for a read that keeps failing) before giving up on it for this run. */
  readAttempts: number;
  /** A download that sends nothing (not even its first byte) for this long is aborted and retried. */
  downloadIdleMs: number;
  /** A body that keeps trickling below this floor is aborted, not retried in this run. */
  downloadFloor: TransferFloor;
  /** Largest clip accepted for every shot; unset: derived from each shot's size and seconds (clipByteLimit). */
  maxClipBytes: number | undefined;
  /** Paid attempts per generation when resendUnknown is on (each one's money stays counted until proven). */
  createRounds: number;
  /** Poll interval floor of a job whose provider posts webhooks to this run (the fallback for a lost delivery). */
  webhookFallbackMs: number;
}

export interface RecordSink {
  append(rec: JournalRecord): Promise<void>;
}

export interface RunContext {
  provider: VideoProvider;
  layout: CacheLayout;
  /** The journal file of a local run, the batch database's journal for a worker: durable before append resolves. */
  journal: RecordSink;
  state: JournalState;
  ledger: BudgetLedger;
  daily: DailySink | undefined;
  gate: RateGate;
  control: RunControl;
  crashpoints: CrashPoints;
  clock: Clock;
  random: Random;
  signal: AbortSignal;
  settings: RunSettings;
  verifyClip: VerifyClip;
  redact: (text: string) => string;
  newId: () => string;
  emit: (event: ExecEventBody) => void;
  /** Per provider: what a reservation is multiplied by (raised as charges above the estimate are seen). */
  costMargins: Map<string, number>;
  /** Downloads (and their ffmpeg checks) at once: bounded apart from the generation slots. */
  downloads: <T>(work: () => Promise<T>) => Promise<T>;
  /** Wakes a job's wait when a verified webhook names it (undefined: no webhooks, polling only). */
  jobSignals: JobSignals | undefined;
  /** How long finished jobs took, by kind: the first guess of a new job's finish (poll timing). */
  durations: JobDurations;
  /** Clip checks (ffmpeg children) at once, inside a download: one per core (checkConcurrency). */
  checks: <T>(work: () => Promise<T>) => Promise<T>;
}

/** Update the in-memory state at once (claims are visible to other workers immediately), then make it durable. */
export function record(ctx: RunContext, rec: JournalRecord): Promise<void> {
  applyRecord(ctx.state, rec);
  // Provider messages end up in rejected/failed/ambiguous records: scrub them like any other sink.
  return ctx.journal.append({ ...scrubText(rec, ctx.redact), at: ctx.clock.now() });
}

const textFields = new Set(['message', 'reason', 'hint']);

/** Redact the free-text fields of a record or event; ids, hashes and paths are left exactly as they are. */
export function scrubText<T extends object>(value: T, redact: (text: string) => string): T {
  // Called for every event and record: copy only when a text field is there (most have none).
  let out: Record<string, unknown> | undefined;
  for (const key of textFields) {
    const text = (value as Record<string, unknown>)[key];
    if (typeof text === 'string' && Object.hasOwn(value, key)) (out ??= { ...(value as Record<string, unknown>) })[key] = redact(text);
  }
  return (out ?? value) as T;
}

/** Journal a record whose loss is recoverable (reconciliation or a re-download covers it): a failure stops spend. */
export async function recordBestEffort(ctx: RunContext, rec: JournalRecord): Promise<boolean> {
  try {
    await record(ctx, rec);
    return true;
  } catch (error) {
    ctx.control.stop('journal', `${error instanceof Error ? error.message : String(error)}; no paid call will be made`);
    return false;
  }
}

export function emitBudget(ctx: RunContext): void {
  const snapshot = ctx.ledger.snapshot();
  ctx.emit({
    type: 'budget',
    spentMicroUsd: snapshot.spentMicroUsd,
    ...(snapshot.earlierMicroUsd > 0 ? { earlierMicroUsd: snapshot.earlierMicroUsd } : {}),
    reservedMicroUsd: snapshot.reservedMicroUsd,
    ...(snapshot.capMicroUsd !== undefined ? { capMicroUsd: snapshot.capMicroUsd } : {}),
  });
}

/** A ProviderError or anything else, as one redacted line. */
export function messageOf(ctx: RunContext, error: unknown): string {
  return ctx.redact(error instanceof Error ? error.message : String(error));
}
