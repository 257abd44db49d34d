// Wakes up when a job becomes terminal (completed or failed), by the clock or after its media landed, and says so once.
import type { SimClock } from './clock.js';
import type { JobRecord } from './job.js';
import { jobStateAt, nextChangeAt } from './lifecycle.js';

export type TerminalStatus = 'completed' | 'failed';

export class TerminalWatcher {
  readonly #clock: SimClock;
  readonly #onTerminal: (job: JobRecord, status: TerminalStatus) => void;
  readonly #timers = new Map<string, NodeJS.Timeout>();
  readonly #watched = new Map<string, JobRecord>();
  #closed = false;

  constructor(clock: SimClock, onTerminal: (job: JobRecord, status: TerminalStatus) => void) {
    this.#clock = clock;
    this.#onTerminal = onTerminal;
  }

  get closed(): boolean {
    return this.#closed;
  }

  watch(job: JobRecord): void {
    this.#watched.set(job.id, job);
    this.check(job);
  }

  /** Report the job if it is terminal now, else wake up when it may be. */
  check(job: JobRecord): void {
    if (this.#closed || !this.#watched.has(job.id)) return;
    clearTimeout(this.#timers.get(job.id));
    const now = this.#clock.now();
    const state = jobStateAt(job, now);
    if (state.status === 'completed' || state.status === 'failed') {
      this.#watched.delete(job.id);
      this.#timers.delete(job.id);
      this.#onTerminal(job, state.status);
      return;
    }
    const next = nextChangeAt(job, now);
    // No time known: the job waits for its media, whose completion calls check() again.
    if (next !== undefined && next > now) this.#timers.set(job.id, setTimeout(() => this.check(job), next - now).unref());
  }

  /** After the clock jumped forward. */
  checkAll(): void {
    for (const job of [...this.#watched.values()]) this.check(job);
  }

  close(): void {
    this.#closed = true;
    for (const timer of this.#timers.values()) clearTimeout(timer);
  }
}
