// The one narrow interface execute talks to: a /v1/videos-shaped backend, with failures already classified,
// so no SDK type ever crosses into the executor.

export type JobStatus = 'queued' | 'in_progress' | 'completed' | 'failed';
export type ContentVariant = 'video' | 'thumbnail' | 'spritesheet';

/** A video job as the executor needs it (times in unix seconds, as the API sends them). */
export interface VideoJob {
  id: string;
  status: JobStatus;
  progress: number;
  model: string;
  size: string;
  seconds: number;
  prompt: string | null;
  createdAt: number;
  completedAt: number | null;
  expiresAt: number | null;
  remixedFromId: string | null;
  error: { code: string; message: string } | null;
  /** Jobs ahead of this one in the provider's queue (fal queues past the account's concurrency); absent when unknown. */
  queuePosition?: number;
  /**
   * What the provider itself says the job costs, in micro-dollars, where it says so: an estimate when the job is
   * accepted (Runway's `estimatedCost`) and the settled charge once known (Runway's `cost`, OpenRouter's
   * `usage.cost`). Absent: the catalog's price is all there is.
   */
  billing?: { estimatedMicroUsd?: number; chargedMicroUsd?: number };
  /** The provider's own word for a waiting state, when it has one worth showing (Runway's `THROTTLED`). */
  providerStatus?: string;
}

export interface ReferenceImage {
  /** The exact (fitted) bytes whose hash is in the shot key: never re-read from disk between hashing and sending. */
  bytes: Uint8Array;
  mime: 'image/png' | 'image/jpeg' | 'image/webp';
}

export interface CreateRequest {
  model: string;
  size: string;
  seconds: number;
  prompt: string;
  reference?: ReferenceImage;
  /** An image the clip ends on (fal first-and-last-frame endpoints). */
  lastFrame?: ReferenceImage;
  /** Style or asset references (fal reference-to-video endpoints). */
  references?: ReferenceImage[];
  /** Which provider serves `model` ('openai', 'fal', …); the routing provider's choice, 'openai' when absent. */
  provider?: string;
}

export interface CallOptions {
  signal: AbortSignal;
}

export interface PaidCallOptions extends CallOptions {
  /** Sent as `Idempotency-Key: render-<intentId>`: ignored by OpenAI, honoured by any gateway that supports it. */
  idempotencyKey: string;
}

export interface RetrieveResult {
  job: VideoJob;
  /** The server's `openai-poll-after-ms` hint, when sent. */
  pollAfterMs?: number;
}

export interface DownloadResult {
  body: AsyncIterable<Uint8Array>;
  contentLength?: number;
  contentType?: string;
}

export interface ListQuery {
  after?: string;
  limit: number;
  order: 'asc' | 'desc';
}

export interface ListPage {
  jobs: VideoJob[];
  hasMore: boolean;
  lastId?: string;
}

export interface VideoProvider {
  create(request: CreateRequest, options: PaidCallOptions): Promise<VideoJob>;
  /**
   * A derived job from a parent job: OpenAI's remix, or (fal) a continuation of the parent's clip; `extension.seconds`
   * is how long the continuation adds (the endpoint's default when absent).
   */
  remix(parentJobId: string, prompt: string, options: PaidCallOptions, extension?: { seconds: number }): Promise<VideoJob>;
  retrieve(jobId: string, options: CallOptions): Promise<RetrieveResult>;
  download(jobId: string, variant: ContentVariant, options: CallOptions): Promise<DownloadResult>;
  /** Whether the provider makes this variant for the job at all (fal makes no thumbnails); absent means it does. */
  offers?(jobId: string, variant: ContentVariant): boolean;
  /**
   * Learn what the listing needs to name jobs derived from `parentJobId` (fal lists an extension by its source clip's
   * URL only): called before a derived intent is looked for, so a resumed run recognises it too. Best effort.
   */
  recogniseDerivedFrom?(parentJobId: string, options: CallOptions): Promise<void>;
  /** Recent jobs, newest first; absent when the provider has no way to list jobs (nothing to reconcile against). */
  list?(query: ListQuery, options: CallOptions): Promise<ListPage>;
  /**
   * Whether `list` shows the jobs of this provider (`shot.provider`); absent means it shows every job it makes. A
   * router over several says no for the ones without a list (Runway, OpenRouter), whose lost answers stay unknown.
   */
  lists?(provider: string): boolean;
  delete(jobId: string, options: CallOptions): Promise<void>;
  /** The server's clock minus ours (ms), learned from its answers (`Date` headers); undefined until known. */
  serverClockOffsetMs?(): number | undefined;
}

/**
 * What went wrong, in the executor's terms (docs/design/money-safety.md#classifying-a-failed-call):
 * - rate-limited: a temporary request-rate 429; pause every worker for retryAfterMs, then retry the same call.
 * - quota-exhausted: out of money (`insufficient_quota`, a gateway's `budget_exceeded`); never retried.
 * - auth: 401/403; stop the run.
 * - not-found: 404 (a job, or its content, is gone).
 * - invalid: a definite 400/422 validation failure; the request was refused.
 * - unreachable: the connection failed before any byte was sent (refused, DNS); nothing happened remotely.
 * - server: 5xx, 408, 409 or another status; the request may have been processed.
 * - transport: reset, timeout or a broken body after the request was sent; it may have been processed.
 * - aborted: our own signal.
 */
export type ProviderErrorKind =
  | 'rate-limited'
  | 'quota-exhausted'
  | 'auth'
  | 'not-found'
  | 'invalid'
  | 'unreachable'
  | 'server'
  | 'transport'
  | 'aborted';

export interface ProviderErrorInit {
  kind: ProviderErrorKind;
  message: string;
  status?: number;
  code?: string;
  retryAfterMs?: number;
}

export class ProviderError extends Error {
  readonly kind: ProviderErrorKind;
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(init: ProviderErrorInit) {
    super(init.message);
    this.name = 'ProviderError';
    this.kind = init.kind;
    this.status = init.status;
    this.code = init.code;
    this.retryAfterMs = init.retryAfterMs;
  }
}

export function isProviderError(value: unknown): value is ProviderError {
  return value instanceof ProviderError;
}

/**
 * Whether a failed paid call (create, remix) may have started a billable job. Only a definite refusal or a connection
 * that never carried the request proves nothing was created; everything else must be reconciled before any retry.
 */
export function createOutcome(error: ProviderError): 'not-created' | 'ambiguous' {
  switch (error.kind) {
    case 'rate-limited':
    case 'quota-exhausted':
    case 'auth':
    case 'not-found':
    case 'invalid':
    case 'unreachable':
      return 'not-created';
    default:
      return 'ambiguous';
  }
}
