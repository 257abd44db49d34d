// Providers redeliver a webhook when they think it was lost (fal up to 10 times, OpenRouter with an idempotency key):
// each delivery is acted on once. Bounded, oldest forgotten first, so a long run cannot grow it without end. Pure.

export class DeliveryDedup {
  readonly #seen = new Set<string>();
  readonly #limit: number;

  constructor(limit = 10_000) {
    this.#limit = limit;
  }

  /** True when `key` was seen before (a duplicate); otherwise remembers it and returns false. */
  repeat(key: string): boolean {
    if (this.#seen.has(key)) return true;
    this.#seen.add(key);
    if (this.#seen.size > this.#limit) this.#seen.delete(this.#seen.values().next().value as string);
    return false;
  }
}
