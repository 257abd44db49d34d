// --json: newline-delimited JSON events on stdout, one object per line, nothing else on stdout.
import type { CliIo } from '../io.js';
import type { RunEvent, RunSummary, RunView, StitchProgress, ViewShot } from './view.js';

export function createJsonView(io: CliIo, redact: (text: string) => string, now: () => number = Date.now): RunView {
  const emit = (record: Record<string, unknown>) => io.stdout(`${redact(JSON.stringify(record))}\n`);
  return {
    start(shots: readonly ViewShot[]) {
      emit({ type: 'plan', at: now(), shots });
    },
    event(event: RunEvent) {
      emit({ ...event });
    },
    stitch(progress: StitchProgress) {
      emit({ type: 'stitch', at: now(), ...progress });
    },
    note(text: string) {
      emit({ type: 'note', at: now(), message: text });
    },
    async abort() {},
    async finish(summary: RunSummary) {
      emit({ type: 'summary', at: now(), ...summary });
    },
  };
}
