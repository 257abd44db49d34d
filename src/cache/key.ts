// Shot keys: the hash of everything that shapes a paid result, so only changed shots (and their remix descendants)
// are re-billed. Pure: hashing only, no I/O.
import type { ShotRequest } from '../plan/plan.js';
import { createHash } from 'node:crypto';

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** JSON with object keys sorted at every level: one byte sequence per value, whatever the insertion order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('canonicalJson: non-finite number');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** What a shot key is made of; the cache keeps it so `render plan` can say why a shot is a miss. */
export interface KeyComponents {
  provider: string;
  model: string;
  size: string;
  seconds: number;
  promptSha256: string;
  /** sha256 of the fitted reference bytes actually sent, or null. */
  referenceSha256: string | null;
  take: number;
  /** The remix parent's shot key, or null for a fresh generation. */
  parentKey: string | null;
}

export interface KeyInput {
  providerIdentity: string;
  model: string;
  size: string;
  seconds: number;
  prompt: string;
  referenceBytes?: Uint8Array | undefined;
  take: number;
  parentKey?: string | undefined;
}

// Bump when the meaning of a key changes, so old entries become misses instead of wrong hits.
const keyVersion = 1;

export function keyComponents(input: KeyInput): KeyComponents {
  return {
    provider: input.providerIdentity,
    model: input.model,
    size: input.size,
    seconds: input.seconds,
    promptSha256: sha256Hex(input.prompt),
    referenceSha256: input.referenceBytes ? sha256Hex(input.referenceBytes) : null,
    take: input.take,
    parentKey: input.parentKey ?? null,
  };
}

export function keyOfComponents(components: KeyComponents): string {
  return sha256Hex(canonicalJson({ v: keyVersion, ...components }));
}

export function shotKey(input: KeyInput): string {
  return keyOfComponents(keyComponents(input));
}

/** The minimum a shot needs to be keyed; ExecShot and the lead's PlannedShot mapping both fit it. */
/** What of a shot its key hashes: the request (the kind follows from remixOf) and the fitted reference's bytes. */
export type KeyableShot = Omit<ShotRequest, 'kind'> & { reference?: { bytes: Uint8Array } | undefined };

/** Keys for shots in topological order (parents first); a remix's key includes its parent's. */
export function computeShotKeys(shots: readonly KeyableShot[], providerIdentity: string): Map<string, { key: string; components: KeyComponents }> {
  const keys = new Map<string, { key: string; components: KeyComponents }>();
  for (const shot of shots) {
    const parentKey = shot.remixOf === undefined ? undefined : keys.get(shot.remixOf)?.key;
    if (shot.remixOf !== undefined && parentKey === undefined) {
      throw new Error(`shot '${shot.id}' remixes '${shot.remixOf}', which is not listed before it`);
    }
    const components = keyComponents({
      providerIdentity,
      model: shot.model,
      size: shot.size,
      seconds: shot.seconds,
      prompt: shot.prompt,
      referenceBytes: shot.reference?.bytes,
      take: shot.take,
      parentKey,
    });
    keys.set(shot.id, { key: keyOfComponents(components), components });
  }
  return keys;
}
