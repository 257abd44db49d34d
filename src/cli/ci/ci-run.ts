// What the CI reports (JUnit, the GitHub step summary) are made from: the run's result and how long each part took.
import type { RunResult } from '../../run/types.js';
import type { RenderError } from '../../common/errors.js';
import type { RunTimings } from './shot-timings.js';

export interface CiRun {
  /** The storyboard's name (the suite's name). */
  name: string;
  result: RunResult;
  timings: RunTimings;
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

/** The cut's state: made, failed in the stitch, or never attempted (and why). */
export function cutState(run: CiRun): { status: 'completed' | 'failed' | 'skipped'; reason: string } {
  if (run.result.cut) return { status: 'completed', reason: '' };
  const reason = run.result.cutError ?? run.timings.stitch.message ?? 'no cut';
  return { status: run.timings.stitch.phase === 'failed' ? 'failed' : 'skipped', reason };
}
