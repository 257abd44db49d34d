// A database that restarts mid-batch must not fail the shots in flight: a worker waits for it and carries on. These
// are the failures that say "the server went away or is not back yet" (as opposed to a bug or a refused query).
const transientCodes = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH',
  // PostgreSQL: admin_shutdown, crash_shutdown, cannot_connect_now, connection_exception and friends, too many clients.
  '57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', '53300',
  // Serialisation failures and deadlocks are safe to retry: the transaction was rolled back.
  '40001', '40P01',
]);
const transientMessages = [/Connection terminated/i, /connection timeout/i, /Client has encountered a connection error/i, /not queryable/i];

/** Whether retrying the whole operation may succeed (the server is restarting, the connection dropped). Pure. */
export function isTransientDbError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && transientCodes.has(code)) return true;
  const message = error instanceof Error ? error.message : '';
  return transientMessages.some((pattern) => pattern.test(message));
}

/** Wait before attempt `attempt` (1-based) of a retried database operation: 0.2 s doubling, at most 5 s. Pure. */
export function reconnectDelayMs(attempt: number): number {
  return Math.min(5_000, 200 * 2 ** Math.max(0, attempt - 1));
}

export interface RetryOptions {
  /** Give up (rethrow the last error) once this long has passed since the first attempt; default 2 min. */
  deadlineMs?: number | undefined;
  signal?: AbortSignal | undefined;
  sleep?: ((ms: number, signal?: AbortSignal) => Promise<void>) | undefined;
}

export const abortableSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** Run `operation` again while it fails transiently, until the deadline. The operation must be idempotent. */
export async function withReconnect<T>(operation: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const deadline = Date.now() + (options.deadlineMs ?? 120_000);
  const sleep = options.sleep ?? abortableSleep;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await operation();
    } catch (error) {
      if (!isTransientDbError(error) || Date.now() + reconnectDelayMs(attempt) > deadline) throw error;
      await sleep(reconnectDelayMs(attempt), options.signal);
    }
  }
}
