// fal's webhook keys, fetched from its JWKS URL and kept for a day (fal's guidance: cache at most 24 h). A delivery
// no cached key verifies makes one early refetch, at most once a minute, in case fal rotated its keys.
import type { KeyObject } from 'node:crypto';
import { falJwksKeys } from './webhook.js';

export const falDefaultJwksUrl = 'https://rest.fal.ai/.well-known/jwks.json';

const maxAgeMs = 24 * 3600_000;
const refetchFloorMs = 60_000;

export interface FalJwks {
  keys(): Promise<KeyObject[]>;
  /** After a delivery none of the keys verified: fetch again if the copy is older than a minute. True if it did. */
  refresh(): Promise<boolean>;
}

export function createFalJwks(url: string, now: () => number = Date.now, fetchFn: typeof fetch = fetch): FalJwks {
  let cached: { keys: KeyObject[]; atMs: number } | undefined;
  const load = async (): Promise<KeyObject[]> => {
    const response = await fetchFn(url, { signal: AbortSignal.timeout(10_000) });
    if (!response.ok) throw new Error(`fal's JWKS answered HTTP ${response.status}`);
    cached = { keys: falJwksKeys(await response.json()), atMs: now() };
    return cached.keys;
  };
  return {
    keys: async () => (cached && now() - cached.atMs < maxAgeMs ? cached.keys : load()),
    refresh: async () => {
      if (cached && now() - cached.atMs < refetchFloorMs) return false;
      await load();
      return true;
    },
  };
}
