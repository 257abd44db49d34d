// What every run view (listr2 rows, plain lines, NDJSON) consumes: the executor's events plus run-level moments.
import type { ShotKind } from '../../common/shot-kind.js';
import type { ExecEvent } from '../../execute/events.js';

export interface ViewShot {
  id: string;
  kind: ShotKind;
  model: string;
  size: string;
  seconds: number;
  costMicroUsd: number;
}

export interface StitchProgress {
  phase: 'start' | 'progress' | 'done' | 'failed' | 'skipped';
  fraction?: number;
  etaSeconds?: number;
  message?: string;
}

export interface RunSummary {
  outcome: string;
  done: number;
  cached: number;
  failed: number;
  skipped: number;
  /** Billed for the paid calls this run made. */
  spentMicroUsd: number;
  savedMicroUsd: number;
  /** This run's paid calls whose outcome is not settled (unknown, or in flight when stopped). */
  possiblyBilledMicroUsd: number;
  /** Earlier runs' paid calls confirmed by this run (not spent again). */
  earlierRunsMicroUsd: number;
  /** Every hold at the end, this run's and earlier runs' (counted against the cap). */
  reservedMicroUsd: number;
  output?: string;
  report?: string;
}

export interface RunView {
  start(shots: readonly ViewShot[]): void;
  event(event: ExecEvent): void;
  stitch(progress: StitchProgress): void;
  /** A one-line remark for the user (not an event of the executor). */
  note(text: string): void;
  finish(summary: RunSummary): Promise<void>;
  /** The run ended before a summary (an error was thrown): settle what is drawn, print nothing more. */
  abort(): Promise<void>;
}
