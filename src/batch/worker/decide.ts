// The worker's decisions, pure: what a unit's row becomes after its executor run, and whether a storyboard's cut can
// be made, must wait, or is skipped. The I/O around them lives in units-db.ts, cut-db.ts and loop.ts.
import type { ErrorCode } from '../../common/error-codes.js';
import type { ExecEventBody } from '../../execute/events.js';
import type { ShotResult } from '../../execute/types.js';

export type UnitState = 'queued' | 'running' | 'stored' | 'failed' | 'unknown' | 'cancelled';

export interface UnitError {
  code: ErrorCode;
  message: string;
  hint?: string | undefined;
}

/** What the unit's row becomes once its run ended. */
export type UnitEnd =
  | { state: 'stored'; jobId: string | undefined; costMicroUsd: number }
  | { state: 'failed'; error: UnitError; costMicroUsd: number }
  /** Money may be billed and the job is not found: held, never re-sent by a worker (`render batch status` shows it). */
  | { state: 'unknown'; error: UnitError; costMicroUsd: number }
  /** Stopped before it ended (signal, lost lease): back to the queue, its journal lets the next holder re-attach. */
  | { state: 'released'; why: string };

/**
 * Whether this event says the unit's own job has finished generating, so its shared jobs-in-flight slot can go to
 * another unit while this one downloads, checks and pushes its clip (a job re-attached already completed shows no
 * progress change: its first download says it). Pure.
 */
export function ownJobGenerated(event: ExecEventBody, ownId: string): boolean {
  if (event.type === 'progress') return event.shot === ownId && event.status === 'completed';
  if (event.type === 'downloaded') return event.shot === ownId;
  return false;
}

const spentOf = (result: ShotResult): number => result.costMicroUsd + result.earlierRunsMicroUsd;

/** The row's end from the unit's ShotResult (undefined: the executor ended without one). Pure. */
export function unitEndOf(result: ShotResult | undefined, interrupted: boolean): UnitEnd {
  if (result === undefined) return { state: 'released', why: interrupted ? 'the worker stopped' : 'the run ended without a result' };
  if (result.status === 'completed') return { state: 'stored', jobId: result.jobId, costMicroUsd: spentOf(result) };
  if (result.error?.code === 'UNKNOWN_OUTCOME') return { state: 'unknown', error: result.error, costMicroUsd: spentOf(result) + result.possiblyBilledMicroUsd };
  // Interrupted mid-job: the job id is journaled; whoever takes the unit next re-attaches to it.
  if (interrupted || result.error?.code === 'INTERRUPTED' || result.status === 'skipped') return { state: 'released', why: result.skipReason ?? result.error?.message ?? 'interrupted' };
  if (result.error) return { state: 'failed', error: result.error, costMicroUsd: spentOf(result) };
  return { state: 'failed', error: { code: 'GENERATION_FAILED', message: result.skipReason ?? 'the shot did not complete' }, costMicroUsd: spentOf(result) };
}

export type CutDecision = { kind: 'wait' } | { kind: 'stitch' } | { kind: 'skip'; reason: string };

/** A storyboard's cut from its shots' unit states: every shot stored → stitch; any failed/unknown/cancelled and
 * none still to come → skip with the reason; otherwise wait. Pure. */
export function cutDecision(shots: ReadonlyArray<{ shotId: string; state: UnitState }>): CutDecision {
  if (shots.some((shot) => shot.state === 'queued' || shot.state === 'running')) return { kind: 'wait' };
  const bad = shots.filter((shot) => shot.state !== 'stored');
  if (bad.length === 0) return { kind: 'stitch' };
  return { kind: 'skip', reason: `not stitched: ${bad.map((shot) => `${shot.shotId} ${shot.state}`).join(', ')}` };
}

/** A terminal unit state: nothing more will happen to it without a user. Pure. */
export const isTerminal = (state: UnitState): boolean => state === 'stored' || state === 'failed' || state === 'unknown' || state === 'cancelled';

/** `--until-idle`: nothing of an open batch is left to do (counts from render.units / render.storyboards). Pure. */
export function isIdle(counts: { unitsLeft: number; cutsLeft: number }): boolean {
  return counts.unitsLeft === 0 && counts.cutsLeft === 0;
}
