// One gate every API call of a run passes: a process-wide pause after a 429 (docs/design/money-safety.md#rate-limits:
// pause every worker, not just the one that was told to wait), and a requests-per-minute window shared by all workers
// for the paid calls, which is what the providers' per-model RPM limits count
// (docs/design/openai-videos-protocol.md#rate-limits-and-latency).
import type { Clock } from './clock.js';
import type { SharedRate } from './shared.js';

/** A batch worker's gate also counts paid calls in the window every worker shares, and honours their pauses. */
export interface SharedGate {
  rate: SharedRate;
  /** The scope a 429 seen by this run pauses for every worker (the run's provider). */
  pauseScope: string;
}

export const rpmWindowMs = 60_000;

/** Index of the first start still inside the window ending at `now`. `starts` is sorted, oldest first. Pure. */
function firstInWindow(starts: readonly number[], now: number, windowMs: number): number {
  let low = 0;
  let high = starts.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (starts[middle]! > now - windowMs) high = middle;
    else low = middle + 1;
  }
  return low;
}

/** How long until one more request fits in the sliding window (0 = now). `starts` is sorted, oldest first. Pure. */
export function rpmWait(starts: readonly number[], now: number, rpm: number, windowMs = rpmWindowMs): number {
  if (!Number.isFinite(rpm) || rpm <= 0) return 0;
  const inWindow = starts.length - firstInWindow(starts, now, windowMs);
  if (inWindow < rpm) return 0;
  return starts[starts.length - rpm]! + windowMs - now;
}

/**
 * Drops the starts that have left the window, in place. Called on every acquire (a 1,000-shot run makes four per
 * shot), so it neither copies the window nor scans it: the expired ones are a prefix of the sorted list.
 */
function dropExpired(starts: number[], now: number): void {
  const first = firstInWindow(starts, now, rpmWindowMs);
  if (first > 0) starts.splice(0, first);
}

export class RateGate {
  readonly #clock: Clock;
  readonly #rpm: number;
  readonly #groupRpm: Readonly<Record<string, number>>;
  readonly #starts: number[] = [];
  /** Paid-call start times per group (a provider with its own rpm). */
  readonly #groupStarts = new Map<string, number[]>();
  #pausedUntil = 0;
  #requests = 0;
  readonly #shared: SharedGate | undefined;

  /** `rpm` counts every paid call of the run; `groupRpm` adds a window per provider that has its own limit. */
  constructor(clock: Clock, rpm: number, groupRpm: Readonly<Record<string, number>> = {}, shared?: SharedGate) {
    this.#shared = shared;
    this.#clock = clock;
    this.#rpm = rpm;
    this.#groupRpm = groupRpm;
  }

  /** Wait for a slot, then count the request. The last check and the count happen with no await between. */
  async acquire(signal: AbortSignal, kind: 'paid' | 'read' = 'read', group?: string, model?: string): Promise<void> {
    const groupRpm = group !== undefined && Object.hasOwn(this.#groupRpm, group) ? this.#groupRpm[group]! : undefined;
    if (kind === 'paid' && this.#shared !== undefined) {
      // The shared window is the one that binds (it counts every worker's starts); the local one below then passes.
      const provider = group ?? this.#shared.pauseScope;
      await this.#shared.rate.acquirePaid(
        [
          { scope: provider, rpm: groupRpm ?? Number.POSITIVE_INFINITY },
          { scope: `${provider}/${model ?? '*'}`, rpm: this.#rpm },
        ],
        signal,
      );
    }
    for (;;) {
      signal.throwIfAborted();
      const now = this.#clock.now();
      // Reads are not counted in the window (the providers' limits count paid calls), so only a paid call looks at it.
      let window = 0;
      let groupStarts: number[] | undefined;
      if (kind === 'paid') {
        dropExpired(this.#starts, now);
        window = rpmWait(this.#starts, now, this.#rpm);
        if (groupRpm !== undefined) {
          groupStarts = this.#groupStarts.get(group!);
          if (groupStarts === undefined) this.#groupStarts.set(group!, (groupStarts = []));
          dropExpired(groupStarts, now);
          window = Math.max(window, rpmWait(groupStarts, now, groupRpm));
        }
      }
      const wait = Math.max(this.#pausedUntil - now, (this.#shared?.rate.pausedUntil(this.#shared.pauseScope) ?? 0) - now, window);
      if (wait <= 0) {
        if (kind === 'paid') {
          this.#starts.push(now);
          groupStarts?.push(now);
        }
        this.#requests += 1;
        return;
      }
      await this.#clock.sleep(wait, signal);
    }
  }

  /** Hold every worker until `untilMs`; returns true if this extended the pause. */
  pauseUntil(untilMs: number): boolean {
    if (untilMs <= this.#pausedUntil) return false;
    this.#pausedUntil = untilMs;
    // Every worker waits too; their next paid call reads it (a failure to tell them only loses the courtesy).
    void this.#shared?.rate.pauseUntil(this.#shared.pauseScope, untilMs).catch(() => undefined);
    return true;
  }

  get pausedUntil(): number {
    return this.#pausedUntil;
  }

  /** Requests counted so far (for the report and the bench). */
  get requests(): number {
    return this.#requests;
  }
}
