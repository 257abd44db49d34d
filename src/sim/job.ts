// One simulated job as the simulator remembers it, and the 13-field `Video` object the API shows for it.
import { jobStateAt, type JobState, type JobTiming, type VideoStatus } from './lifecycle.js';

export type JobKind = 'create' | 'remix' | 'edit' | 'extend';

/** The protocol face that created a job; each face sees only its own jobs. */
export type JobProtocol = 'openai' | 'fal' | 'runway' | 'openrouter';

/** How the create answer reached the client: the duplicate-billing trap is a `dropped` job. */
export type Delivery = 'pending' | 'answered' | 'dropped' | 'errored' | 'client-closed';

/** What a paid route decides about a new job; submitJob() adds identity, timing and accounting. */
export interface JobDraft {
  kind: JobKind;
  model: string;
  size: string;
  /** Length of the resulting video (for extensions: the stitched total). */
  seconds: number;
  prompt: string;
  /** Generated seconds billed for this job: the whole clip, or the added part of an extension. */
  billedSeconds: number;
  /** Catalog price × billed seconds, integer micro-dollars; billed at creation, whatever the outcome. */
  priceMicroUsd: number;
  remixedFromVideoId: string | null;
  /** The job an edit, extension or remix started from. */
  sourceVideoId: string | null;
  extensionCount: number;
}

export interface JobRecord extends JobDraft, JobTiming {
  id: string;
  seq: number;
  idempotencyKey: string | null;
  /** `x-stainless-retry-count` of the request that created it (0 = first attempt), null if absent. */
  retryCount: number | null;
  /** Whether the client received the create answer. */
  delivery: Delivery;
  /** Absent for the /v1/videos face. */
  protocol?: JobProtocol;
  /**
   * `success`: charged only if the job completes (fal: "you pay only for successful outputs"); default at creation;
   * or the face's own rule on the job's state (Runway charges up front and refunds some failures).
   */
  chargeOn?: 'creation' | 'success' | ((state: JobState) => boolean);
  /** Set by `expire(id)`: content is gone from this instant. */
  expiredAtMs?: number;
  deletedAtMs?: number;
}

/** The contract's VideoResource: all 13 keys, nulls included (docs/design/openai-videos-protocol.md#the-video-object). */
export interface VideoResource {
  id: string;
  object: 'video';
  model: string;
  status: VideoStatus;
  progress: number;
  created_at: number;
  completed_at: number | null;
  expires_at: number | null;
  prompt: string | null;
  size: string;
  seconds: string;
  remixed_from_video_id: string | null;
  error: { code: string; message: string } | null;
}

/** When the job's downloadable assets stop being served, or null while there are none. */
export function expiresAtMs(job: JobRecord, nowMs: number, ttlSeconds: number): number | null {
  const state = jobStateAt(job, nowMs);
  if (state.status !== 'completed' || state.finishedAtMs === null) return null;
  const natural = state.finishedAtMs + ttlSeconds * 1000;
  return job.expiredAtMs === undefined ? natural : Math.min(natural, job.expiredAtMs);
}

/** `skewMs` shifts every timestamp the client sees: a server whose clock disagrees with the client's (a fault). */
export function toVideoResource(job: JobRecord, nowMs: number, ttlSeconds: number, skewMs = 0): VideoResource {
  const state = jobStateAt(job, nowMs);
  const expires = expiresAtMs(job, nowMs, ttlSeconds);
  const toUnix = (ms: number) => Math.floor((ms + skewMs) / 1000);
  return {
    id: job.id,
    object: 'video',
    model: job.model,
    status: state.status,
    progress: state.progress,
    created_at: toUnix(job.createdAtMs),
    completed_at: state.finishedAtMs === null ? null : toUnix(state.finishedAtMs),
    expires_at: expires === null ? null : toUnix(expires),
    prompt: job.prompt,
    size: job.size,
    seconds: String(job.seconds),
    remixed_from_video_id: job.remixedFromVideoId,
    error: state.error,
  };
}
