// The server's clock as its answers show it (the HTTP `Date` header, RFC 9110 §6.6.1), so created_at values can be
// compared with the moment we sent a request even when the two clocks disagree by minutes.

/** Parse an HTTP date; undefined when absent or malformed. Pure. */
export function parseHttpDate(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

export class ServerClock {
  #offsetMs: number | undefined;

  /** One answer's `Date` header, received at `receivedAtMs` on our clock. The header has whole seconds only. */
  observe(header: string | null | undefined, receivedAtMs: number): void {
    const serverMs = parseHttpDate(header);
    if (serverMs === undefined) return;
    // The header is truncated to the second: its true value lies in [serverMs, serverMs + 1000).
    this.#offsetMs = serverMs + 500 - receivedAtMs;
  }

  offsetMs(): number | undefined {
    return this.#offsetMs;
  }
}
