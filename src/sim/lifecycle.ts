// A job's status is computed from its timestamps, never ticked: 200 waiting jobs cost nothing between requests.
export type VideoStatus = 'queued' | 'in_progress' | 'completed' | 'failed';

export interface JobFailure {
  code: string;
  message: string;
  /** Point of the run (0..1) at which the job fails. */
  atFraction: number;
}

export interface JobTiming {
  createdAtMs: number;
  queueMs: number;
  runMs: number;
  failure?: JobFailure;
  /** When the media files were on disk; a job never reads completed before that. */
  mediaReadyAtMs?: number;
}

export interface JobState {
  status: VideoStatus;
  progress: number;
  /** When the job finished, completed or failed. */
  finishedAtMs: number | null;
  error: { code: string; message: string } | null;
}

export function jobStateAt(timing: JobTiming, nowMs: number): JobState {
  const startMs = timing.createdAtMs + timing.queueMs;
  if (nowMs < startMs) return { status: 'queued', progress: 0, finishedAtMs: null, error: null };
  const { failure } = timing;
  if (failure) {
    const failAtMs = startMs + Math.round(timing.runMs * failure.atFraction);
    if (nowMs >= failAtMs) return { status: 'failed', progress: progressAt(timing, failAtMs), finishedAtMs: failAtMs, error: { code: failure.code, message: failure.message } };
    return { status: 'in_progress', progress: progressAt(timing, nowMs), finishedAtMs: null, error: null };
  }
  const dueMs = startMs + timing.runMs;
  const readyMs = timing.mediaReadyAtMs === undefined ? undefined : Math.max(dueMs, timing.mediaReadyAtMs);
  if (readyMs !== undefined && nowMs >= readyMs) return { status: 'completed', progress: 100, finishedAtMs: readyMs, error: null };
  return { status: 'in_progress', progress: progressAt(timing, nowMs), finishedAtMs: null, error: null };
}

// 1..99 while running; 99 is also where a job waits if its media is late.
function progressAt(timing: JobTiming, nowMs: number): number {
  const elapsed = nowMs - timing.createdAtMs - timing.queueMs;
  const fraction = timing.runMs <= 0 ? 1 : Math.min(1, Math.max(0, elapsed / timing.runMs));
  return Math.min(99, 1 + Math.floor(fraction * 98));
}

/** When the job will next change state by the clock alone (undefined once terminal or waiting for media). */
export function nextChangeAt(timing: JobTiming, nowMs: number): number | undefined {
  const state = jobStateAt(timing, nowMs);
  if (state.status === 'completed' || state.status === 'failed') return undefined;
  const startMs = timing.createdAtMs + timing.queueMs;
  const endMs = timing.failure ? startMs + Math.round(timing.runMs * timing.failure.atFraction) : startMs + timing.runMs;
  if (nowMs < endMs) return endMs;
  return timing.mediaReadyAtMs;
}
