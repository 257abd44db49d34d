// The executor's public input and output: what the CLI maps a Plan onto, and what its views and report read back.
import type { LimitFunction } from 'p-limit';
import type { PlannedShot } from '../plan/plan.js';
import type { ClipFacts } from '../stitch/types.js';
import type { ErrorCode } from '../common/error-codes.js';
import type { LockOptions } from '../cache/lock.js';
import type { ProviderIdentityOf } from '../cache/key.js';
import type { ReferenceImage, VideoProvider } from '../providers/provider.js';
import type { BackoffPolicy, PollPolicy } from './backoff.js';
import type { Clock, Random } from './clock.js';
import type { CrashPointSpec } from './crashpoints.js';
import type { JobSignals } from './job-signals.js';
import type { ExecEvent, StopReason } from './events.js';
import type { JournalSink } from './journal.js';
import type { TransferFloor } from './transfer-guard.js';
import type { SharedRunState } from './shared.js';

/**
 * One shot to produce: the plan's shot (its remixOf must come earlier in `shots`), with the reference image as the
 * fitted bytes that are sent and hashed into the key instead of the file it was fitted from.
 */
export type ExecShot = Omit<PlannedShot, 'reference' | 'lastFrame' | 'references' | 'referenceFit'> & {
  /** The fitted reference image exactly as it will be sent (its bytes are hashed into the key). */
  reference?: ReferenceImage | undefined;
  /** The fitted last frame, likewise. */
  lastFrame?: ReferenceImage | undefined;
  /** Style or asset references, as read (not fitted: they are not frames of the clip). */
  references?: ReferenceImage[] | undefined;
};


export interface ClipExpectation {
  width: number;
  height: number;
  seconds: number;
}

/**
 * Reject (with a message naming the problem) unless the file is a complete, decodable clip as expected; resolve to
 * what the check measured, when it measured it, so the cache keeps it and the stitch need not probe the clip again.
 */
export type VerifyClip = (file: string, expect: ClipExpectation, signal: AbortSignal) => Promise<ClipFacts | void>;

export interface ExecuteOptions {
  /** Topological order: parents before their remixes. */
  shots: readonly ExecShot[];
  provider: VideoProvider;
  /** `.render/` beside the storyboard unless --cache-dir. */
  cacheDir: string;
  /**
   * providerIdentity(baseUrl), or a fixed name such as 'sim' for the in-process simulator (its port changes); per shot
   * when a storyboard mixes providers.
   */
  providerIdentity: ProviderIdentityOf;
  /**
   * Per provider (`shot.provider`, absent = openai): jobs in flight at once and paid calls per minute, on top of the
   * run's; `costMargin` (≥ 1, default 1): each paid call reserves its price times this, for providers whose bill is
   * only known once the job ends (docs/executor.md "Costs the provider reports").
   */
  providerLimits?: Readonly<Record<string, { concurrency?: number | undefined; rpm?: number | undefined; costMargin?: number | undefined }>> | undefined;
  capMicroUsd?: number | undefined;
  dailyCapMicroUsd?: number | undefined;
  /** Count failed or moderated jobs as billed (default true in the storyboard); false releases them. */
  countFailed: boolean;
  concurrency: number;
  /** Paid calls (create, remix) per minute, shared by all workers; the CLI defaults it from the catalog. */
  rpm: number;
  pollPolicy?: PollPolicy | undefined;
  /** Webhook deliveries that wake jobs' waits (the run's receiver feeds it); unset: polling only. */
  jobSignals?: JobSignals | undefined;
  /** With jobSignals: the slowest fallback poll of a job its provider will announce; default 60 s. */
  webhookFallbackMs?: number | undefined;
  /** Backoff of retried reads and downloads; default full jitter from 0.5 s, capped at 20 s. */
  retryBackoff?: BackoffPolicy | undefined;
  /** Per-shot limit while a job is in flight; default 30 min. */
  shotTimeoutMs?: number | undefined;
  /** A download that sends nothing (not even its first byte) for this long is aborted and retried; default 60 s. */
  downloadIdleMs?: number | undefined;
  /**
   * How long reconciliation keeps looking (with backoff) for the job an unanswered paid call may have made, before
   * the shot ends as an unknown outcome with its money held; default 3 min. 0 looks once.
   */
  reconcileWindowMs?: number | undefined;
  /** Send a paid call again when its outcome stays unknown (the first attempt's money stays counted); default false. */
  resendUnknown?: boolean | undefined;
  /** A body still arriving but slower than this is stopped (not retried in this run); default 64 KiB per 10 s. */
  downloadFloor?: TransferFloor | undefined;
  /**
   * Largest clip body accepted, for every shot. Default: per shot, from its size and seconds at a 50 Mbit/s-at-1080p
   * ceiling plus 16 MiB (clipByteLimit). A larger body (announced or sent) is stopped and not retried in this run.
   */
  maxClipBytes?: number | undefined;
  /** Create failures in a row that stop submission; default 5. */
  breakerThreshold?: number | undefined;
  /** Longest Retry-After honoured before the run stops submitting; default 15 min. */
  maxRetryAfterMs?: number | undefined;
  /** Re-generate (and pay again for) a shot whose paid content expired before download; default false. */
  regenerateExpired?: boolean | undefined;
  clock: Clock;
  random: Random;
  /** First Ctrl-C: stop submitting, record in-flight job ids, return 'interrupted'. */
  signal: AbortSignal;
  onEvent: (event: ExecEvent) => void;
  verifyClip: VerifyClip;
  /** Clip checks (verifyClip) running at once; default one per core (os.availableParallelism()). */
  checkConcurrency?: number | undefined;
  /**
   * One limit on clip checks shared with other executeShots calls in this process (a batch worker runs one call per
   * unit, so a limit per call would let twenty units decode twenty clips at once); replaces checkConcurrency.
   */
  checks?: LimitFunction | undefined;
  /** Applied to every message leaving the executor (events, results); the CLI passes createRedactor([apiKey]). */
  redact?: ((text: string) => string) | undefined;
  crashpoint?: CrashPointSpec | undefined;
  crash?: (() => void) | undefined;
  /** Intent ids; default crypto.randomUUID. */
  newId?: (() => string) | undefined;
  /**
   * A batch worker's shared state (journal, org budget, rate limits in the batch database): no cache lock, no
   * journal file, no daily file; see src/execute/shared.ts. Unset: a local run.
   */
  shared?: SharedRunState | undefined;
  /** Test seams: lock liveness and a journal sink that fails on demand. */
  lockOptions?: LockOptions | undefined;
  journalSink?: JournalSinkFactory | undefined;
}

export type JournalSinkFactory = (fileSink: JournalSink) => JournalSink;

export interface ShotError {
  code: ErrorCode;
  message: string;
  hint?: string;
}

export interface ShotResult {
  id: string;
  status: 'completed' | 'failed' | 'skipped';
  /** 'hit': reused from the cache; 'paid': a job was (or may have been) paid for; 'none': nothing happened. */
  cache: 'hit' | 'paid' | 'none';
  jobId?: string;
  /** Paid submissions made for this shot by this run (adoptions and re-attachments are not new ones). */
  attempts: number;
  /** Billed for this shot's paid calls made by this run: the provider's charge where it reported one, else the hold. */
  costMicroUsd: number;
  /** The catalog price of this run's paid calls for the shot that ended (what was expected to be billed). */
  estimateMicroUsd?: number;
  /** What the provider said it charged for them (Runway's cost, OpenRouter's usage.cost); absent when it said nothing. */
  chargedMicroUsd?: number;
  /** Held at the end of the run for this shot's paid calls made by this run whose outcome is not settled. */
  possiblyBilledMicroUsd: number;
  /** Billed for paid calls an earlier run made for this shot, confirmed by this run (not spent again). */
  earlierRunsMicroUsd: number;
  error?: ShotError;
  skipReason?: string;
  /** Absolute path of the verified cached mp4. */
  file?: string;
  thumbnail?: string;
  sha256?: string;
  bytes?: number;
  /** What the download's check measured of the clip (from the cache entry for a hit). */
  probe?: ClipFacts;
}

export type RunOutcome = 'completed' | 'failed' | 'budget' | 'interrupted' | 'stopped';

export interface ExecuteResult {
  outcome: RunOutcome;
  stop?: { reason: StopReason; message: string };
  shots: ShotResult[];
  totals: {
    /** Billed for paid calls this run made. */
    spentMicroUsd: number;
    savedMicroUsd: number;
    /** Held for this run's own paid calls whose outcome is not settled (unknown, in flight when stopped). */
    possiblyBilledMicroUsd: number;
    /** Billed for paid calls earlier runs made, confirmed by this run (not spent again). */
    earlierRunsMicroUsd: number;
    /** Held for earlier runs' paid calls still not settled. */
    earlierHeldMicroUsd: number;
    /** Every hold at the end: possiblyBilledMicroUsd + earlierHeldMicroUsd. */
    reservedMicroUsd: number;
    /** API requests made through the rate gate. */
    requests: number;
  };
}
