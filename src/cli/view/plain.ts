// Plain timestamped lines on stderr: what a CI log or a pipe gets instead of animated rows.
import type { CliIo } from '../io.js';
import { describeEvent, describeSummary } from './describe.js';
import type { RunEvent, RunSummary, RunView, StitchProgress, ViewShot } from './view.js';

const stamp = (ms: number) => new Date(ms).toISOString().slice(11, 19);

export function createPlainView(io: CliIo, redact: (text: string) => string, now: () => number = Date.now): RunView {
  const write = (text: string) => io.stderr(`${redact(text)}\n`);
  let lastStitchDecile = -1;
  return {
    start(shots: readonly ViewShot[]) {
      write(`[${stamp(now())}] ${shots.length} shot${shots.length === 1 ? '' : 's'} in the plan`);
    },
    event(event: RunEvent) {
      // Progress ticks are frequent; plain logs keep only status changes and round numbers.
      if (event.type === 'progress' && event.percent % 25 !== 0) return;
      if (event.type === 'shot-queued' || event.type === 'budget') return;
      const who = 'shot' in event && event.shot ? `${event.shot}: ` : '';
      write(`[${stamp(event.at)}] ${who}${describeEvent(event)}`);
    },
    stitch(progress: StitchProgress) {
      if (progress.phase === 'progress') {
        const decile = Math.floor((progress.fraction ?? 0) * 4);
        if (decile === lastStitchDecile) return;
        lastStitchDecile = decile;
        write(`[${stamp(now())}] stitch: ${Math.round((progress.fraction ?? 0) * 100)}%`);
        return;
      }
      write(`[${stamp(now())}] stitch: ${progress.phase}${progress.message ? ` ${progress.message}` : ''}`);
    },
    note(text: string) {
      write(text);
    },
    async abort() {},
    async finish(summary: RunSummary) {
      write(`[${stamp(now())}] ${describeSummary(summary)}`);
      if (summary.output) write(`final cut: ${summary.output}`);
      if (summary.report) write(`report: ${summary.report}`);
    },
  };
}
