// The rate limit every worker shares: paid-call starts per scope ('<provider>', '<provider>/<model>') in the last
// minute, counted in the same transaction that checks them (no gap between check and count), and a pause that a 429's
// Retry-After sets for everyone. Times are the database server's, so workers' clocks need not agree.
import type pg from 'pg';
import type { SharedRate } from '../../execute/shared.js';
import { inTransaction } from '../db/transaction.js';
import { abortableSleep, withReconnect } from './transient.js';

// A start is counted on the server's clock before its request leaves, and the provider counts it when it arrives: a
// minute's first calls (a burst, new connections) arrive later than its last ones, so an exact 60 s window lets the
// provider see rpm + 1 in its own and answer 429 (a minute lost on the bench). One second of margin absorbs it.
const windowMs = 61_000;

export interface RateDecisionInput {
  nowMs: number;
  rpm: number;
  /** Starts in the last minute, oldest first (epoch ms). */
  startsMs: readonly number[];
  pausedUntilMs: number;
}

/** 0: one more start fits now; otherwise how long to wait before asking again. Pure. */
export function rateWaitMs({ nowMs, rpm, startsMs, pausedUntilMs }: RateDecisionInput): number {
  if (pausedUntilMs > nowMs) return pausedUntilMs - nowMs;
  if (!Number.isFinite(rpm) || rpm <= 0) return 0;
  const recent = startsMs.filter((at) => at > nowMs - windowMs);
  if (recent.length < rpm) return 0;
  return Math.max(1, recent[recent.length - rpm]! + windowMs - nowMs);
}

type Scope = { scope: string; rpm: number };

/** One attempt: either counts the start in every scope (0) or says how long to wait (nothing counted). */
async function tryStart(pool: pg.Pool, scopes: readonly Scope[], seenPause: (scope: string, untilMs: number) => void): Promise<number> {
  return inTransaction(pool, async (client) => {
    const sorted = [...scopes].sort((a, b) => a.scope.localeCompare(b.scope));
    const names = sorted.map((s) => s.scope);
    await client.query('INSERT INTO render.rate_scopes (scope) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING', [names]);
    const locked = await client.query<{ scope: string; paused_ms: string | null; now_ms: string }>(
      `SELECT scope, (extract(epoch FROM paused_until) * 1000)::bigint AS paused_ms, (extract(epoch FROM now()) * 1000)::bigint AS now_ms
         FROM render.rate_scopes WHERE scope = ANY($1) ORDER BY scope FOR UPDATE`,
      [names],
    );
    const nowMs = Number(locked.rows[0]?.now_ms ?? Date.now());
    const starts = await client.query<{ scope: string; at_ms: string }>(
      `SELECT scope, (extract(epoch FROM at) * 1000)::bigint AS at_ms FROM render.rate_starts
        WHERE scope = ANY($1) AND at > now() - interval '61 seconds' ORDER BY at`,
      [names],
    );
    let wait = 0;
    for (const { scope, rpm } of sorted) {
      const paused = Number(locked.rows.find((r) => r.scope === scope)?.paused_ms ?? 0);
      seenPause(scope, paused);
      const startsMs = starts.rows.filter((r) => r.scope === scope).map((r) => Number(r.at_ms));
      wait = Math.max(wait, rateWaitMs({ nowMs, rpm, startsMs, pausedUntilMs: paused }));
    }
    if (wait > 0) return wait;
    await client.query('INSERT INTO render.rate_starts (scope, at) SELECT unnest($1::text[]), now()', [names]);
    // Old starts are never needed again; trimming here keeps the table at about one minute of rows.
    await client.query("DELETE FROM render.rate_starts WHERE scope = ANY($1) AND at < now() - interval '2 minutes'", [names]);
    return 0;
  });
}

export function rateStore(pool: pg.Pool): SharedRate {
  // What this process last saw of each scope's pause: refreshed by every paid call's check, raised by its own 429s.
  const pauses = new Map<string, number>();
  const seenPause = (scope: string, untilMs: number) => pauses.set(scope, Math.max(pauses.get(scope) ?? 0, untilMs));
  return {
    async acquirePaid(scopes, signal) {
      if (scopes.length === 0) return;
      for (;;) {
        signal.throwIfAborted();
        const wait = await withReconnect(() => tryStart(pool, scopes, seenPause), { signal });
        if (wait === 0) return;
        await abortableSleep(Math.min(wait, 5_000), signal);
      }
    },
    async pauseUntil(scope, untilMs) {
      seenPause(scope, untilMs);
      await withReconnect(() =>
        pool.query(
          `INSERT INTO render.rate_scopes (scope, paused_until) VALUES ($1, to_timestamp($2 / 1000.0))
           ON CONFLICT (scope) DO UPDATE SET paused_until = greatest(render.rate_scopes.paused_until, excluded.paused_until)`,
          [scope, untilMs],
        ),
      );
    },
    pausedUntil(scope) {
      return pauses.get(scope) ?? 0;
    },
  };
}
