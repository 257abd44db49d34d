// Text written to stdout and stderr leaves in batches: one write per run of the same stream for everything pending
// when the scheduled flush comes. A plain log of a 1,000-shot run is several lines per shot, and each write to a pipe
// or file is a system call on the main thread (stdout and stderr are synchronous there on Linux), plus a wake-up of the
// reader at the other end. The order across the two streams is kept, and what is pending is written before the
// process exits.
export interface Sinks {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export interface CoalescedOutput extends Sinks {
  /** Writes out what is pending now (also run on the schedule and at exit). */
  flush: () => void;
}

export function coalescedOutput(sinks: Sinks, schedule: (flush: () => void) => void = setImmediate): CoalescedOutput {
  const pending: Array<{ stream: keyof Sinks; text: string }> = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const parts = pending.splice(0, pending.length);
    for (let i = 0; i < parts.length; ) {
      const stream = parts[i]!.stream;
      let text = '';
      for (; i < parts.length && parts[i]!.stream === stream; i += 1) text += parts[i]!.text;
      sinks[stream](text);
    }
  };
  const write = (stream: keyof Sinks) => (text: string) => {
    pending.push({ stream, text });
    if (scheduled) return;
    scheduled = true;
    schedule(flush);
  };
  return { stdout: write('stdout'), stderr: write('stderr'), flush };
}

/**
 * The schedule for a log that is read by a program or a file, not a person at a terminal: lines wait at most `ms`, so
 * a busy run writes a few times a second instead of once per event (the 1,000-shot bench: about 4,500 writes down to
 * about 1,000). The timer never keeps the process alive; the exit flush writes what is left.
 */
export function everyMs(ms: number): (flush: () => void) => void {
  return (flush) => {
    setTimeout(flush, ms).unref();
  };
}
