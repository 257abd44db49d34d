// Whether the run may still submit paid work: the first stop reason wins (budget, quota, auth, journal, breaker),
// and a breaker stops submitting after N create failures in a row (docs/design/money-safety.md#breaker, scenario R8).
import type { StopReason } from './events.js';

export interface StopState {
  reason: StopReason;
  message: string;
}

export class RunControl {
  readonly #breakerThreshold: number;
  readonly #onStop: (stop: StopState) => void;
  #stop: StopState | undefined;
  #consecutiveFailures = 0;

  constructor(breakerThreshold: number, onStop: (stop: StopState) => void) {
    this.#breakerThreshold = breakerThreshold;
    this.#onStop = onStop;
  }

  get stopped(): StopState | undefined {
    return this.#stop;
  }

  canSubmit(): boolean {
    return this.#stop === undefined;
  }

  /** Stop submitting new paid work; the first reason is the one reported. */
  stop(reason: StopReason, message: string): void {
    if (this.#stop) return;
    this.#stop = { reason, message };
    this.#onStop(this.#stop);
  }

  createSucceeded(): void {
    this.#consecutiveFailures = 0;
  }

  /** A create/remix call failed with a server error or an ambiguous outcome. */
  createFailed(detail: string): void {
    this.#consecutiveFailures += 1;
    if (this.#consecutiveFailures >= this.#breakerThreshold) {
      this.stop('breaker', `provider failing (${this.#consecutiveFailures} create calls in a row failed, last: ${detail}); stopped submitting new shots`);
    }
  }
}
