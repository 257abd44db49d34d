// Every request the simulator saw, in arrival order, with counts per route and status: ground truth for tests.
export interface RequestLogEntry {
  /** Arrival on the simulator clock, ms. */
  atMs: number;
  method: string;
  path: string;
  route: string;
  /** HTTP status sent, or what happened instead. */
  status: number | 'dropped' | 'reset' | 'client-closed';
  requestId: string;
  /** `x-stainless-retry-count` as sent by the openai SDK; null when absent. */
  retryCount: number | null;
  /** Fault applied, `none` if none. */
  fault: string;
  videoId?: string;
  durationMs?: number;
  /** Bytes written to the connection for this answer, headers included (how much a runaway body really sent). */
  bytesSent?: number;
}

// Enough for a long soak; older entries are dropped first (counts keep everything).
const maxEntries = 200_000;

export class RequestLog {
  readonly entries: RequestLogEntry[] = [];
  readonly counts: Record<string, Record<string, number>> = {};

  record(entry: RequestLogEntry): void {
    if (this.entries.length >= maxEntries) this.entries.splice(0, maxEntries / 10);
    this.entries.push(entry);
    const byStatus = (this.counts[entry.route] ??= {});
    const key = String(entry.status);
    byStatus[key] = (byStatus[key] ?? 0) + 1;
  }
}
