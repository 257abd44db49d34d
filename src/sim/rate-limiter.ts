// A sliding one-minute window of admitted requests per key (model): past the limit, how long until a slot frees.
const windowMs = 60_000;

export type Admission = { admitted: true; remaining: number } | { admitted: false; retryAfterMs: number };

export class SlidingWindowLimiter {
  readonly #hits = new Map<string, number[]>();

  /** Admit one request for `key` at `nowMs` if fewer than `limit` were admitted in the last minute. */
  admit(key: string, limit: number, nowMs: number): Admission {
    const hits = (this.#hits.get(key) ?? []).filter((t) => t > nowMs - windowMs);
    this.#hits.set(key, hits);
    if (hits.length >= limit) {
      const oldest = hits[hits.length - limit] ?? nowMs;
      return { admitted: false, retryAfterMs: Math.max(1, oldest + windowMs - nowMs) };
    }
    hits.push(nowMs);
    return { admitted: true, remaining: limit - hits.length };
  }
}
