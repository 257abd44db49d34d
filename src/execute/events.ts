// Everything the executor tells its views (listr2 rows, plain lines, --json): one typed union keyed by `type`,
// so a view's formatter map is checked by the compiler. Execute itself prints nothing.
import type { ShotKind } from '../common/shot-kind.js';

/** Why a run stopped submitting paid work (in-flight jobs still finish unless interrupted). */
export type StopReason = 'budget' | 'quota' | 'auth' | 'breaker' | 'journal' | 'disk' | 'rate-limit' | 'interrupted';

export type ExecEventBody =
  | { type: 'shot-queued'; shot: string; costMicroUsd: number }
  | { type: 'shot-cached'; shot: string; file: string; savedMicroUsd: number }
  | { type: 'intent'; shot: string; intentId: string; attempt: number; kind: ShotKind; reservedMicroUsd: number }
  | { type: 'created'; shot: string; intentId: string; jobId: string }
  | { type: 'adopted'; shot: string; intentId: string; jobId: string }
  | { type: 'reattached'; shot: string; jobId: string; status: string }
  /** `queuePosition`: jobs ahead in the provider's queue (fal); `providerStatus`: its own word for the wait (Runway's THROTTLED). */
  | { type: 'progress'; shot: string; jobId: string; status: string; percent: number; queuePosition?: number; providerStatus?: string }
  | { type: 'rate-limited'; shot?: string; untilMs: number; retryAfterMs: number }
  | { type: 'retry'; shot: string; what: 'create' | 'poll' | 'download' | 'reconcile' | 'generation'; attempt: number; delayMs: number; reason: string }
  | { type: 'reconciling'; shot: string; intentId: string; reason: string }
  /**
   * `downloadStartedAt`: when the first try began (a download slot was free); `checkStartedAt`: when the bytes of the
   * try that succeeded were in and the clip's check (ftyp, ffprobe) began. Both ms since the epoch, for the report's timeline.
   */
  | { type: 'downloaded'; shot: string; jobId: string; variant: 'video' | 'thumbnail'; bytes: number; sha256: string; downloadStartedAt: number; checkStartedAt: number }
  | { type: 'shot-done'; shot: string; file: string; jobId: string; costMicroUsd: number }
  | { type: 'shot-failed'; shot: string; code: string; message: string; hint?: string; jobId?: string }
  | { type: 'shot-skipped'; shot: string; reason: string }
  /** spent: this run's own paid calls; earlier: earlier runs' calls confirmed now; reserved: every hold. */
  | { type: 'budget'; spentMicroUsd: number; earlierMicroUsd?: number; reservedMicroUsd: number; capMicroUsd?: number }
  | { type: 'stopped'; reason: StopReason; message: string }
  | { type: 'warning'; shot?: string; message: string };

/** An event as emitted: the body plus the clock time (ms since the epoch). */
export type ExecEvent = ExecEventBody & { at: number };

export type ExecEventType = ExecEvent['type'];
