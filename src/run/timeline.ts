// Pure: where each shot's time went, read off the events the executor emitted (each stamped by the clock it was
// given). A phase begins at an event and lasts until the next phase begins or the shot ends.
import type { PhaseSpanRecord, ShotPhase } from '../report/types.js';
import type { RunEvent } from './types.js';

interface Mark {
  phase: ShotPhase;
  at: number;
}

interface ShotTrack {
  marks: Mark[];
  /** When the shot ended (done, failed, skipped, served from the cache). */
  endMs?: number;
  /** The provider said the current job waits in its queue; the wait counts as queued once it says it runs. */
  providerQueued: boolean;
  /** The provider said the current job runs: a later "queued" is a change of mind, not where it began. */
  running: boolean;
}

const phaseEvents: ReadonlySet<RunEvent['type']> = new Set<RunEvent['type']>([
  'shot-queued', 'shot-cached', 'clip-found', 'created', 'adopted', 'reattached', 'progress', 'downloaded', 'retry',
  'shot-done', 'shot-failed', 'shot-skipped', 'clip-missing',
]);

/** The events that move a shot from one phase to the next (budget lines, warnings and the like do not). */
export function isTimelineEvent(event: RunEvent): boolean {
  return phaseEvents.has(event.type);
}

function mark(track: ShotTrack, phase: ShotPhase, at: number): void {
  const last = track.marks.at(-1);
  // Never backwards: events of one shot arrive in order, but the download's own timestamps are taken earlier.
  track.marks.push({ phase, at: last ? Math.max(last.at, at) : at });
}

function step(track: ShotTrack, event: RunEvent): void {
  const current = track.marks.at(-1)?.phase;
  switch (event.type) {
    case 'shot-queued':
      mark(track, 'queued', event.at);
      return;
    case 'shot-cached':
    case 'clip-found':
      track.marks = [{ phase: 'cached', at: event.at }];
      track.endMs = event.at;
      return;
    case 'created':
    case 'adopted':
    case 'reattached':
      track.running = false;
      track.providerQueued = false;
      mark(track, 'generating', event.at);
      return;
    case 'progress':
      if (event.status === 'queued' && current === 'generating' && !track.running) {
        track.providerQueued = true;
      } else if (event.status === 'in_progress' && !track.running) {
        track.running = true;
        // It waited in the provider's queue from its creation until now. Without that word (a poll that saw it queued,
        // then done), when it began is unknown, and the whole job counts as generating.
        if (current === 'generating' && track.providerQueued) track.marks.at(-1)!.phase = 'queued';
        if (track.marks.at(-1)?.phase === 'queued') mark(track, 'generating', event.at);
      } else if (event.status === 'completed' && (current === 'generating' || current === 'queued')) {
        // Done at the provider: from here the clip is being fetched (or waits for a download slot).
        mark(track, 'downloading', event.at);
      }
      return;
    case 'downloaded':
      if (event.variant !== 'video') return;
      if (current !== 'downloading') mark(track, 'downloading', event.downloadStartedAt);
      mark(track, 'checking', event.checkStartedAt);
      return;
    case 'retry':
      // A new generation is submitted again: waiting until the provider accepts it.
      if (event.what === 'generation') mark(track, 'queued', event.at);
      return;
    case 'shot-done':
    case 'shot-failed':
    case 'shot-skipped':
    case 'clip-missing':
      track.endMs = event.at;
      return;
    default:
      return;
  }
}

/** Consecutive marks become spans; a phase repeated back to back is one span; a shot never ended stops at `endMs`. */
function spansOf(track: ShotTrack, endMs: number): Array<PhaseSpanRecord<ShotPhase>> {
  const end = track.endMs ?? endMs;
  const spans: Array<PhaseSpanRecord<ShotPhase>> = [];
  track.marks.forEach((m, i) => {
    const next = track.marks[i + 1]?.at ?? Math.max(end, m.at);
    const last = spans.at(-1);
    if (last && last.phase === m.phase) last.endMs = next;
    else spans.push({ phase: m.phase, startMs: m.at, endMs: next });
  });
  // A phase that took no time at all says nothing, except a cache hit (which is nothing but that instant).
  return spans.filter((s) => s.endMs > s.startMs || s.phase === 'cached');
}

/** Each shot's phases, in the order given; events of shots not listed are ignored. */
export function shotTimelines(
  events: readonly RunEvent[],
  shotIds: readonly string[],
  endMs: number,
): Array<{ shotId: string; phases: Array<PhaseSpanRecord<ShotPhase>> }> {
  const tracks = new Map(shotIds.map((id) => [id, { marks: [], running: false, providerQueued: false } as ShotTrack]));
  for (const event of events) {
    const shot = 'shot' in event ? event.shot : undefined;
    const track = shot === undefined ? undefined : tracks.get(shot);
    if (track) step(track, event);
  }
  return shotIds.map((shotId) => ({ shotId, phases: spansOf(tracks.get(shotId)!, endMs) }));
}

/** Keeps what the timeline needs from a run's events: phase changes, not every percent of progress. */
export class TimelineEvents {
  readonly events: RunEvent[] = [];
  private readonly lastStatus = new Map<string, string>();

  add(event: RunEvent): void {
    if (!isTimelineEvent(event)) return;
    if (event.type === 'progress') {
      if (this.lastStatus.get(event.shot) === event.status) return;
      this.lastStatus.set(event.shot, event.status);
    }
    this.events.push(event);
  }
}
