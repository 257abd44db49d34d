// A run view that also notes when each shot and the stitch started and ended, for the CI reports.
import type { RunView } from '../view/view.js';
import { createTimingRecorder, type RunTimings } from './shot-timings.js';

export function timedView(view: RunView, now: () => number = Date.now): { view: RunView; timings: () => RunTimings } {
  const recorder = createTimingRecorder();
  return {
    timings: recorder.timings,
    view: {
      start: (shots) => view.start(shots),
      event(event) {
        recorder.event(event);
        view.event(event);
      },
      stitch(progress) {
        recorder.stitch(progress, now());
        view.stitch(progress);
      },
      note: (text) => view.note(text),
      abort: () => view.abort(),
      finish: (summary) => view.finish(summary),
    },
  };
}
