// Waking a job's wait when its provider says it changed: the webhook receiver calls wake(jobId) after verifying a
// delivery; awaitJob sleeps through sleep(), which ends early on such a wake. The provider's API stays the source of
// truth: a wake only makes the next status read happen now instead of at the slow fallback interval.
import type { Clock } from './clock.js';

/**
 * With webhooks on, a status read every 60 s: a lost delivery delays a shot, never strands it. Slower than OpenRouter's
 * guide (30 s), because each delivery costs one read of its own: at 30 s a long job would cost more than the guide.
 */
export const defaultWebhookFallbackMs = 60_000;

export interface JobSignals {
  /** Whether deliveries can arrive for this job (its provider posts webhooks to this run). */
  covers(jobId: string): boolean;
  /**
   * Sleep up to `ms`, ending early ('woken') on a delivery for `jobId`, including one that arrived since the last
   * sleep (while a status read was in flight). Rejects as the clock's sleep does when `signal` aborts.
   */
  sleep(jobId: string, ms: number, clock: Clock, signal: AbortSignal): Promise<'woken' | 'slept'>;
}

export class JobSignalHub implements JobSignals {
  readonly #covers: (jobId: string) => boolean;
  /** Deliveries not yet consumed by a sleep: at most one mark per job. */
  readonly #pending = new Set<string>();
  readonly #sleepers = new Map<string, () => void>();

  constructor(covers: (jobId: string) => boolean) {
    this.#covers = covers;
  }

  covers(jobId: string): boolean {
    return this.#covers(jobId);
  }

  /** A verified delivery for this job: end its sleep now, or the next one at once. */
  wake(jobId: string): void {
    const sleeper = this.#sleepers.get(jobId);
    if (sleeper) sleeper();
    else if (this.#covers(jobId)) this.#pending.add(jobId);
  }

  async sleep(jobId: string, ms: number, clock: Clock, signal: AbortSignal): Promise<'woken' | 'slept'> {
    signal.throwIfAborted();
    if (this.#pending.delete(jobId)) return 'woken';
    const woken = new AbortController();
    this.#sleepers.set(jobId, () => woken.abort());
    try {
      await clock.sleep(ms, AbortSignal.any([signal, woken.signal]));
      return 'slept';
    } catch (error) {
      if (woken.signal.aborted && !signal.aborted) return 'woken';
      throw error;
    } finally {
      this.#sleepers.delete(jobId);
    }
  }
}
