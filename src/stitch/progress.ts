// Turns ffmpeg's `-progress pipe:1` key=value blocks into a fraction and an ETA (docs/design/ffmpeg.md#progress).
// Pure: the ETA comes from ffmpeg's own `speed=` figure, so no clock is needed here.

export interface ProgressUpdate {
  /** 0..1 of the expected output duration. */
  fraction: number;
  etaSeconds?: number;
  done: boolean;
}

/** Reads one completed block (the lines up to `progress=continue|end`). */
export function parseProgressBlock(lines: readonly string[], expectedSeconds: number): ProgressUpdate {
  const values = new Map<string, string>();
  for (const line of lines) {
    const eq = line.indexOf('=');
    if (eq > 0) values.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  // out_time_ms is microseconds too, despite its name (older builds only have that one).
  const micros = Number(values.get('out_time_us') ?? values.get('out_time_ms'));
  const outSeconds = Number.isFinite(micros) ? Math.max(0, micros / 1e6) : 0;
  const fraction = expectedSeconds > 0 ? Math.min(1, outSeconds / expectedSeconds) : 0;
  const speed = Number.parseFloat(values.get('speed') ?? '');
  const done = values.get('progress') === 'end';
  const update: ProgressUpdate = { fraction: done ? 1 : fraction, done };
  if (done) update.etaSeconds = 0;
  else if (Number.isFinite(speed) && speed > 0) update.etaSeconds = Math.max(0, expectedSeconds - outSeconds) / speed;
  return update;
}

/** A stdout consumer that splits lines, gathers blocks and reports each one. */
export function createProgressReader(expectedSeconds: number, report: (update: ProgressUpdate) => void): (chunk: Buffer) => void {
  let pending = '';
  let block: string[] = [];
  return (chunk) => {
    pending += chunk.toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      block.push(line);
      if (line.startsWith('progress=')) {
        report(parseProgressBlock(block, expectedSeconds));
        block = [];
      }
    }
  };
}
