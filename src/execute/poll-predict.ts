// When to check a job next, from what it has shown: pure. Progress samples and the server's hint in, a wait out.
// A job that reports a moving percent is extrapolated to its finish; the check is aimed just after that finish, with
// one check before it when the estimate is still rough (a longer baseline makes it sharp). Checks back off only while
// nothing moves. Jobs like this one that finished earlier in the run give a first guess before any progress is seen.
// docs/executor.md "Poll timing".
import type { JobStatus } from '../providers/provider.js';

export interface ProgressSample {
  /** When the answer arrived (ms, our clock). */
  atMs: number;
  status: JobStatus;
  /** 0–100 as reported. */
  percent: number;
}

export interface PollPolicy {
  /** Wait before the first status check when nothing else is known. */
  initialMs: number;
  /** Never poll sooner than this after the previous check, away from a predicted finish. */
  minMs: number;
  /** The slowest interval while nothing is known or nothing moves. */
  maxMs: number;
  /** Growth of the interval while nothing moves. */
  factor: number;
  /** Near or past a predicted finish, checks may be this close (the server's hint still comes first). */
  tightMs?: number | undefined;
  /** Aim this long after the predicted finish: our clock, the server's and the answer's travel differ a little. */
  landMs?: number | undefined;
  /** The longest wait on a prediction, so a job that speeds up or a wrong estimate is re-read. */
  maxAimMs?: number | undefined;
}

/** The percent a job shows last while still running (the simulator, like the API, reports 100 only once done). */
export const lastRunningPercent = 99;

export interface PollInput {
  /** This run's sightings of the job, oldest first; the latest answer last. */
  samples: readonly ProgressSample[];
  /** The wait the server (or the provider's adapter) asked for with the latest answer. */
  pollAfterMs?: number | undefined;
  /** When this run created the job (absent for a job re-attached from an earlier run). */
  createdAtMs?: number | undefined;
  /** How long jobs like this one took from creation to finish earlier in this run. */
  expectedMs?: number | undefined;
  /** Now, if later than the latest sighting (its answer took a while to arrive or to be handled). */
  nowMs?: number | undefined;
}

export interface Prediction {
  finishAtMs: number;
  /** How far off the finish may be (ms): quantised percents over a short baseline are rough. */
  uncertaintyMs: number;
  /** The part of it a longer baseline would remove (the rest is the latest reading's half step). */
  baselineMs: number;
  source: 'progress' | 'expected';
}

const running = (s: ProgressSample) => s.status === 'in_progress';

/** Trailing samples that show nothing new (same status and percent as the one before). */
export function unchangedRun(samples: readonly ProgressSample[]): number {
  let n = 0;
  for (let i = samples.length - 1; i > 0; i -= 1) {
    const [a, b] = [samples[i - 1]!, samples[i]!];
    if (a.status !== b.status || a.percent !== b.percent) break;
    n += 1;
  }
  return n;
}

/** The finish extrapolated from the longest baseline of running samples whose percent moved. */
function fromProgress(samples: readonly ProgressSample[]): Prediction | undefined {
  const seen = samples.filter(running);
  const first = seen[0];
  const last = seen.at(-1);
  if (!first || !last || last.atMs <= first.atMs) return undefined;
  const gained = last.percent - first.percent;
  if (!(gained > 0)) return undefined;
  const perMs = gained / (last.atMs - first.atMs);
  // A reported percent is rounded down: the job is, on average, half a step further.
  const remaining = Math.max(0, lastRunningPercent - (last.percent + 0.5));
  const remainingMs = remaining / perMs;
  // One step of error at each end of the baseline, half a step in the latest reading.
  const baselineMs = remainingMs / gained;
  return { finishAtMs: last.atMs + remainingMs, uncertaintyMs: baselineMs + 0.5 / perMs, baselineMs, source: 'progress' };
}

export function predictFinish(input: Omit<PollInput, 'pollAfterMs' | 'nowMs'>): Prediction | undefined {
  const byProgress = fromProgress(input.samples);
  if (byProgress) return byProgress;
  // No progress to go on: a job like the ones already finished should take about as long.
  const latest = input.samples.at(-1);
  if (input.createdAtMs === undefined || input.expectedMs === undefined || !latest) return undefined;
  const finishAtMs = input.createdAtMs + input.expectedMs;
  return finishAtMs > latest.atMs ? { finishAtMs, uncertaintyMs: 0, baselineMs: 0, source: 'expected' } : undefined;
}

function backoff(policy: PollPolicy, steps: number): number {
  return Math.min(policy.maxMs, policy.initialMs * policy.factor ** Math.max(0, steps));
}

/**
 * The running job's percent has not moved for longer than a step took before (measured up to when it reached its
 * current percent). Not a stall: no rate yet, or the last running percent (a job waits there while it finishes).
 */
function stalled(samples: readonly ProgressSample[]): boolean {
  const last = samples.at(-1);
  const first = samples.find(running);
  if (!last || !first || !running(last) || last.percent >= lastRunningPercent) return false;
  const unchanged = unchangedRun(samples);
  if (unchanged === 0) return false;
  const reached = samples[samples.length - 1 - unchanged]!;
  if (reached.atMs <= first.atMs) return false;
  const perMs = (reached.percent - first.percent) / (reached.atMs - first.atMs);
  return perMs > 0 && (last.atMs - reached.atMs) * perMs >= 1;
}

/**
 * The wait (ms) after the latest answer. A hint is followed as given while there is nothing better; with a
 * prediction it is a floor (never sooner than the server asked). `checks` is how many status checks were made.
 */
export function nextPollDelay(policy: PollPolicy, input: PollInput & { checks: number }): number {
  const tightMs = policy.tightMs ?? Math.min(250, policy.minMs);
  const landMs = policy.landMs ?? Math.min(100, policy.minMs);
  const maxAimMs = policy.maxAimMs ?? Math.max(120_000, policy.maxMs);
  const hint = input.pollAfterMs;
  const nowMs = Math.max(input.samples.at(-1)?.atMs ?? 0, input.nowMs ?? 0);
  const farFloor = Math.max(policy.minMs, hint ?? 0);
  if (stalled(input.samples)) return Math.max(farFloor, backoff(policy, unchangedRun(input.samples)));
  const prediction = predictFinish(input);
  if (!prediction) {
    // Due by jobs like it and not done yet: it should be close, so a hint is followed even when short.
    const overdue = input.createdAtMs !== undefined && input.expectedMs !== undefined && input.createdAtMs + input.expectedMs <= nowMs;
    if (hint !== undefined) return Math.max(overdue ? tightMs : policy.minMs, hint);
    return input.checks === 0 ? policy.initialMs : backoff(policy, input.checks);
  }
  const untilMs = prediction.finishAtMs - nowMs;
  const spread = prediction.uncertaintyMs;
  // Past the predicted finish and still running: look again soon, as often as the server allows.
  if (untilMs <= 0) return Math.max(tightMs, hint ?? 0, Math.min(policy.maxMs, spread));
  // Rough and far: one check well before the end (its longer baseline sharpens the estimate), then the aimed one.
  const refineAtMs = untilMs - 2 * spread;
  const target = prediction.baselineMs > tightMs && refineAtMs > policy.minMs ? refineAtMs : untilMs + Math.min(spread, policy.minMs) + landMs;
  const floor = target > untilMs ? Math.max(tightMs, hint ?? 0) : farFloor;
  return Math.round(Math.min(maxAimMs, Math.max(floor, target)));
}

/**
 * When a job that was just seen done most likely finished: its last prediction, kept between its last sighting
 * still running and the answer that said done (a job may jump to done early). Undefined without progress to go on.
 */
export function finishEstimate(before: readonly ProgressSample[], doneAtMs: number): number | undefined {
  const prediction = fromProgress(before);
  const lastRunning = before.at(-1);
  if (!prediction || !lastRunning) return undefined;
  return Math.min(doneAtMs, Math.max(lastRunning.atMs, prediction.finishAtMs));
}
