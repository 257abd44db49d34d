// What the CI reports (JUnit, the GitHub step summary) are made from: the run's result, whose timeline (the report's,
// from the executor's events) says how long each shot and the stitch took.
import type { RunResult } from '../../run/types.js';
import type { RenderError } from '../../common/errors.js';

export interface CiRun {
  /** The storyboard's name (the suite's name). */
  name: string;
  result: RunResult;
}

/** A command that stopped before any shot ran (an invalid storyboard, a plan over the cap): what it said. */
export interface CiStop {
  /** The storyboard file as given. */
  file: string;
  problems: readonly RenderError[];
}

export type ShotResultOf = RunResult['shots'][number];

/** One line on why a shot did not complete: `CODE: message (hint)`, or the skip reason. */
export function shotReason(shot: ShotResultOf): string {
  if (shot.error) return `${shot.error.code}: ${shot.error.message}${shot.error.hint ? ` (${shot.error.hint})` : ''}`;
  return shot.skipReason ?? '';
}

const spanSeconds = (spans: ReadonlyArray<{ startMs: number; endMs: number }>): number =>
  spans.length === 0 ? 0 : Math.max(0, spans.at(-1)!.endMs - spans[0]!.startMs) / 1000;

/** Seconds from a shot's first phase to the end of its last (0 when it never ran). */
export function shotSeconds(run: CiRun, shotId: string): number {
  return spanSeconds(run.result.timeline?.shots.find((shot) => shot.shotId === shotId)?.phases ?? []);
}

/** Seconds the stitch took (0 when there was none). */
export function cutSeconds(run: CiRun): number {
  return spanSeconds(run.result.timeline?.finish.filter((span) => span.phase === 'stitching') ?? []);
}

/** The cut's state: made, failed in the stitch, or never attempted (and why). */
export function cutState(run: CiRun): { status: 'completed' | 'failed' | 'skipped'; reason: string } {
  if (run.result.cut) return { status: 'completed', reason: '' };
  return { status: run.result.stitchFailed ? 'failed' : 'skipped', reason: run.result.cutError ?? 'no cut' };
}
