// How long each shot and the stitch took, read off the events a run already emits (the run result keeps no times):
// a shot starts at its first event after being queued (a worker picked it, or the cache answered) and ends at its
// last outcome event. What the CI reports (JUnit times, the step summary) print.
import type { RunEvent, StitchProgress } from '../../run/types.js';

export interface Span {
  startedAt?: number;
  endedAt?: number;
}

export interface RunTimings {
  shots: ReadonlyMap<string, Span>;
  stitch: Span & { phase?: StitchProgress['phase']; message?: string };
}

const outcomes = new Set<RunEvent['type']>(['shot-done', 'shot-failed', 'shot-skipped', 'shot-cached', 'clip-found', 'clip-missing']);

export interface TimingRecorder {
  event(event: RunEvent): void;
  stitch(progress: StitchProgress, at: number): void;
  timings(): RunTimings;
}

export function createTimingRecorder(): TimingRecorder {
  const shots = new Map<string, Span>();
  const stitch: RunTimings['stitch'] = {};
  return {
    event(event) {
      if (event.type === 'shot-queued' || !('shot' in event) || !event.shot) return;
      const span = shots.get(event.shot) ?? {};
      span.startedAt ??= event.at;
      if (outcomes.has(event.type)) span.endedAt = event.at;
      shots.set(event.shot, span);
    },
    stitch(progress, at) {
      if (progress.phase === 'start') stitch.startedAt = at;
      if (progress.phase === 'progress') return;
      if (progress.phase !== 'start') stitch.endedAt = at;
      stitch.phase = progress.phase;
      if (progress.message !== undefined) stitch.message = progress.message;
    },
    timings: () => ({ shots, stitch }),
  };
}

/** Seconds between a span's ends, 0 when either is unknown. */
export function spanSeconds(span: Span | undefined): number {
  if (span?.startedAt === undefined || span.endedAt === undefined) return 0;
  return Math.max(0, span.endedAt - span.startedAt) / 1000;
}
