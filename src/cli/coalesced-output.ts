// Text written to stdout and stderr in one turn of the event loop leaves in one write per run of the same stream. A
// plain log of a 1,000-shot run is several lines per shot, and each write to a pipe or file is a system call on the
// main thread (stdout and stderr are synchronous there on Linux). The order across the two streams is kept, and what
// is pending is written before the process exits.
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
