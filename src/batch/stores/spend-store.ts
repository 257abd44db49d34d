// The org ledger's side of one run: a hold's amount after its intent (a provider's estimate, the booked charge) and
// its release once proven unbilled. The hold itself is inserted with its intent (journal-store.ts).
import type pg from 'pg';
import type { SharedSpend } from '../../execute/shared.js';
import { capHeadroom } from './caps.js';
import { withReconnect } from './transient.js';

export interface SpendStoreOptions {
  batchId: string;
  /** The providers this run may pay (their daily caps bound the headroom). */
  providers: readonly string[];
}

export function spendStore(pool: pg.Pool, options: SpendStoreOptions): SharedSpend {
  return {
    async set(intentId, amountMicroUsd, booked = false) {
      await withReconnect(() =>
        pool.query("UPDATE render.holds SET amount_micro_usd = $2, state = CASE WHEN $3 THEN 'spent' ELSE state END, updated_at = now() WHERE intent_id = $1 AND state <> 'released'", [
          intentId,
          Math.max(0, Math.round(amountMicroUsd)),
          booked,
        ]),
      );
    },
    async remove(intentId) {
      await withReconnect(() => pool.query("UPDATE render.holds SET state = 'released', updated_at = now() WHERE intent_id = $1", [intentId]));
    },
    async headroom() {
      const { rows } = await withReconnect(() =>
        pool.query<{ cap: string | null; total: string }>(
          `WITH today AS (SELECT (now() AT TIME ZONE 'UTC')::date AS day),
                live AS (SELECT h.* FROM render.holds h WHERE h.state <> 'released')
           SELECT c.cap_micro_usd AS cap, (SELECT coalesce(sum(amount_micro_usd), 0) FROM live, today WHERE live.day = today.day) AS total
             FROM render.caps c WHERE c.scope = 'day'
           UNION ALL
           SELECT c.cap_micro_usd, (SELECT coalesce(sum(amount_micro_usd), 0) FROM live, today WHERE live.day = today.day AND 'provider:' || live.provider = c.scope)
             FROM render.caps c WHERE c.scope = ANY($2)
           UNION ALL
           SELECT b.cap_micro_usd, (SELECT coalesce(sum(amount_micro_usd), 0) FROM live WHERE live.batch_id = b.id)
             FROM render.batches b WHERE b.id = $1 AND b.cap_micro_usd IS NOT NULL`,
          [options.batchId, options.providers.map((p) => `provider:${p}`)],
        ),
      );
      return capHeadroom(rows.map((row) => ({ cap: row.cap === null ? undefined : Number(row.cap), total: Number(row.total) })));
    },
  };
}
