// Waiting for a fal job to change without polling: hold the status stream open (fal writes one event per change and
// closes it after COMPLETED) for at most `waitMs`, and return the newest status once it differs from the one we had.
// Listeners rather than the SDK stream's async iterator: that iterator never ends after an abort.

export type StatusEvent = Record<string, unknown>;

/** The part of the SDK's FalStream this needs. */
export interface StatusStream {
  on(type: 'data' | 'error' | 'done', listener: (value: unknown) => void): void;
  abort(reason?: string | Error): void;
}

const changed = (from: StatusEvent, to: StatusEvent) => to.status !== from.status || to.queue_position !== from.queue_position;

/**
 * The first status different from `current` that the stream shows within `waitMs`, else the last one seen (or
 * `current`). A stream that breaks or closes early is not an error: the caller polls again.
 */
export async function awaitStatusChange(open: () => Promise<StatusStream>, current: StatusEvent, waitMs: number, signal: AbortSignal): Promise<StatusEvent> {
  if (waitMs <= 0 || signal.aborted) return current;
  let stream: StatusStream;
  try {
    stream = await open();
  } catch {
    return current;
  }
  let last = current;
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  try {
    await new Promise<void>((resolve) => {
      timer = setTimeout(resolve, waitMs);
      onAbort = () => resolve();
      signal.addEventListener('abort', onAbort, { once: true });
      stream.on('data', (value) => {
        if (typeof value !== 'object' || value === null) return;
        last = value as StatusEvent;
        if (changed(current, last)) resolve();
      });
      stream.on('error', () => resolve());
      stream.on('done', () => resolve());
    });
  } finally {
    clearTimeout(timer);
    if (onAbort) signal.removeEventListener('abort', onAbort);
    stream.abort();
  }
  return last;
}
