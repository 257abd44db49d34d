// What every run view (listr2 rows, plain lines, NDJSON) consumes: the run stage's sink, plus what only a CLI shows.
import type { RunSink, RunSummary } from '../../run/types.js';

export type { RunEvent, RunSummary, StitchProgress, ViewShot } from '../../run/types.js';

export interface RunView extends RunSink {
  /** A one-line remark for the user (not an event of the executor). */
  note(text: string): void;
  finish(summary: RunSummary): Promise<void>;
  /** The run ended before a summary (an error was thrown): settle what is drawn, print nothing more. */
  abort(): Promise<void>;
}
