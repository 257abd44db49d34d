// The fault vocabulary: what tests can script per route, and the rates that inject faults at random (seeded).

/** A route as faults see it. `paid` matches create, remix, edit, extend and fal.submit; `any` matches every API route. */
export type FaultRoute =
  | 'create' | 'remix' | 'edit' | 'extend' | 'retrieve' | 'list' | 'delete' | 'content' | 'character'
  | 'fal.submit' | 'fal.status' | 'fal.stream' | 'fal.result' | 'fal.cancel' | 'fal.upload' | 'fal.list' | 'fal.file'
  | 'runway.create' | 'runway.task' | 'runway.delete' | 'runway.organization' | 'runway.file'
  | 'openrouter.submit' | 'openrouter.poll' | 'openrouter.content' | 'openrouter.models';
export type FaultTarget = FaultRoute | 'paid' | 'any';

/** `fal.submit`, `runway.create` and `openrouter.submit` are paid: a dropped answer leaves a job that will be charged. */
export const paidRoutes: readonly FaultRoute[] = ['create', 'remix', 'edit', 'extend', 'fal.submit', 'runway.create', 'openrouter.submit'];
export const runwayFaultRoutes: readonly FaultRoute[] = ['runway.create', 'runway.task', 'runway.delete', 'runway.organization', 'runway.file'];
export const falFaultRoutes: readonly FaultRoute[] = ['fal.submit', 'fal.status', 'fal.stream', 'fal.result', 'fal.cancel', 'fal.upload', 'fal.list', 'fal.file'];
export const openRouterFaultRoutes: readonly FaultRoute[] = ['openrouter.submit', 'openrouter.poll', 'openrouter.content', 'openrouter.models'];

/** An HTTP error answer with the API's envelope. */
export interface HttpErrorFault {
  status: number;
  message?: string;
  type?: string;
  code?: string | null;
  param?: string | null;
  /** `retry-after` header, whole or fractional seconds. */
  retryAfterSeconds?: number;
  /** `retry-after-ms` header. */
  retryAfterMs?: number;
  /** `x-should-retry` header, which overrides the SDK's own retry decision. */
  shouldRetry?: boolean;
  /** The request takes effect first (a create is billed), then the error is sent: another ambiguous create. */
  afterProcessing?: boolean;
  headers?: Record<string, string>;
  /** Answer with this raw body as `text/html` instead of the API's JSON envelope (a gateway's error page). */
  htmlBody?: string;
}

/**
 * One scripted step, consumed by the next matching request:
 * - `pass`: no fault; `drop`: process, then destroy the socket before any byte of the answer;
 * - `reset`: destroy the socket before the request is processed (nothing happens);
 * - `http500`, `http503`, `http429` (with `retry-after: 1`), or an HttpErrorFault;
 * - `json-as-mp4`: a download answers 200 `video/mp4` with a JSON error body;
 * - `{slowMs}`: answer late; `{truncateAfterBytes, framing}`: a download stops after N bytes;
 * - `{stallAfterBytes, stallMs}`: a download pauses mid-body; `{servedSeconds}`: a download of the wrong duration;
 * - `endless`: a download sends the real clip, then zero bytes for ever; `{announceBytes}`: the same under a
 *   `Content-Length` of N; `{trickleMs}`: a download sends one byte every N ms.
 */
export type FaultStep =
  | 'pass'
  | 'drop'
  | 'reset'
  | 'http500'
  | 'http503'
  | 'http429'
  | 'json-as-mp4'
  | 'endless'
  | HttpErrorFault
  | { slowMs: number }
  | { truncateAfterBytes: number; framing?: BodyFraming }
  | { stallAfterBytes: number; stallMs: number }
  | { servedSeconds: number }
  | { announceBytes: number }
  | { trickleMs: number };

/** How a truncated body is framed: a full Content-Length, chunked, or ended by closing the connection. */
export type BodyFraming = 'content-length' | 'chunked' | 'close';

export interface FaultRates {
  /** Share of generations that end `failed` with `video_generation_failed`. */
  failRate: number;
  /** Share of API requests answered 500 or 503 before they take effect. */
  errorRate: number;
  /** Share of paid requests (create, remix, edit, extend) processed and billed whose answer is dropped. */
  dropRate: number;
  /** Share of paid requests processed and billed, then answered 500: another ambiguous create. */
  lateErrorRate: number;
  /** Share of API requests whose connection is reset before they are read (nothing happens). */
  resetRate: number;
  /** Share of responses delayed by `slowMs`. */
  slowRate: number;
  slowMs: number;
  /** New jobs show up in GET /videos only this long after their creation. */
  listLagMs: number;
  /** GET /videos lists jobs with `prompt: null` (the contract allows it). */
  listOmitsPrompt: boolean;
  /** The server's clock runs this far from real time (negative: behind): in created_at, expires_at and `Date`. */
  clockSkewMs: number;
  /** Hostile server: echo the caller's bearer key in 401 and 5xx messages and in an `x-sim-echo` header. */
  echoKey: boolean;
}

export type ContentFault =
  | { kind: 'truncate'; afterBytes: number; framing: BodyFraming }
  | { kind: 'stall'; afterBytes: number; stallMs: number }
  | { kind: 'json-as-mp4' }
  | { kind: 'wrong-duration'; seconds: number }
  | { kind: 'endless'; announceBytes?: number }
  | { kind: 'trickle'; everyMs: number };

/** What the request pipeline does for one request. */
export interface ResolvedFault {
  label: string;
  reset?: true;
  slowMs?: number;
  errorBefore?: HttpErrorFault;
  drop?: true;
  errorAfter?: HttpErrorFault;
  content?: ContentFault;
}

export interface FaultControls {
  /** Change the random rates (seeded) from now on. */
  set(rates: Partial<FaultRates>): void;
  get(): FaultRates;
  /** Queue steps consumed in order by the next requests matching `target`. */
  script(target: FaultTarget, steps: readonly FaultStep[]): void;
  /** Apply `step` to every matching request once its script is empty (null removes it). */
  always(target: FaultTarget, step: FaultStep | null): void;
  /** Steps still queued for `target`. */
  pending(target: FaultTarget): number;
  /** Drop every script and sticky step (rates stay). */
  clear(): void;
}
