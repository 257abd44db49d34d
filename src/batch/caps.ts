// Org caps (render.caps): 'day' for every batch and provider together per UTC day, 'provider:<name>' per UTC day
// of one provider. `render batch caps` shows them with what today already holds against each; setting one is an
// upsert. The workers' journal checks them (src/batch/stores); nothing here reserves money.
import type pg from 'pg';
import { RenderError } from '../common/errors.js';
import { usdToMicro } from '../common/money.js';
import { inTransaction } from './db/transaction.js';

export interface CapJson {
  scope: string;
  capUsd: number;
  setAt: string;
  /** Spent plus held today (UTC) against this cap. */
  usedTodayUsd: number;
}

/** `fal=50` → ['provider:fal', 50 USD in micro]; refuses anything else. Pure. */
export function parseProviderCap(text: string): { scope: string; capMicroUsd: number } {
  const match = /^([a-z][a-z0-9-]*)=(\d+(?:\.\d+)?)$/.exec(text.trim());
  if (!match) {
    throw new RenderError('USAGE', `--provider must be NAME=USD, as fal=50 (got ${JSON.stringify(text)})`, { hint: 'render batch caps --provider fal=50 --provider runway=20' });
  }
  return { scope: `provider:${match[1]}`, capMicroUsd: usdToMicro(Number(match[2])) };
}

export async function setCaps(pool: pg.Pool, caps: ReadonlyArray<{ scope: string; capMicroUsd: number }>): Promise<void> {
  if (caps.length === 0) return;
  await inTransaction(pool, async (client) => {
    for (const cap of caps) {
      await client.query(
        'INSERT INTO render.caps (scope, cap_micro_usd) VALUES ($1, $2) ON CONFLICT (scope) DO UPDATE SET cap_micro_usd = EXCLUDED.cap_micro_usd, set_at = now()',
        [cap.scope, cap.capMicroUsd],
      );
    }
  });
}

export async function readCaps(pool: pg.Pool): Promise<CapJson[]> {
  const { rows } = await pool.query<{ scope: string; cap_micro_usd: string; set_at: Date; used: string }>(
    `SELECT c.scope, c.cap_micro_usd, c.set_at,
       coalesce((SELECT sum(h.amount_micro_usd) FROM render.holds h
                 WHERE h.state <> 'released' AND h.day = (now() AT TIME ZONE 'UTC')::date
                   AND (c.scope = 'day' OR c.scope = 'provider:' || h.provider)), 0) AS used
     FROM render.caps c ORDER BY c.scope`,
  );
  return rows.map((row) => ({ scope: row.scope, capUsd: Number(row.cap_micro_usd) / 1_000_000, setAt: row.set_at.toISOString(), usedTodayUsd: Number(row.used) / 1_000_000 }));
}
