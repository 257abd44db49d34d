// Shot keys: the hash of everything that shapes a paid result, so only changed shots (and their remix descendants)
// are re-billed. Pure: hashing only, no I/O.
import { parentOf, type ShotRequest } from '../plan/plan.js';
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
  /** Only for an extension (absent otherwise, so keys made before extensions existed are unchanged). */
  derivation?: 'extend';
  /** sha256 of the fitted last frame, when the shot has one. */
  lastFrameSha256?: string;
  /** sha256 of each style or asset reference, in order, when the shot has them. */
  referencesSha256?: string[];
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
  extend?: boolean | undefined;
  lastFrameBytes?: Uint8Array | undefined;
  referencesBytes?: readonly Uint8Array[] | undefined;
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
    ...(input.extend ? { derivation: 'extend' as const } : {}),
    ...(input.lastFrameBytes ? { lastFrameSha256: sha256Hex(input.lastFrameBytes) } : {}),
    ...(input.referencesBytes?.length ? { referencesSha256: input.referencesBytes.map((bytes) => sha256Hex(bytes)) } : {}),
  };
}

export function keyOfComponents(components: KeyComponents): string {
  return sha256Hex(canonicalJson({ v: keyVersion, ...components }));
}

export function shotKey(input: KeyInput): string {
  return keyOfComponents(keyComponents(input));
}

type Bytes = { bytes: Uint8Array } | undefined;

/**
 * What of a shot its key hashes: the request (the kind follows from remixOf / extendOf) and the bytes of every image
 * sent (fitted where fitted).
 */
export type KeyableShot = Omit<ShotRequest, 'kind'> & { reference?: Bytes; lastFrame?: Bytes; references?: ReadonlyArray<{ bytes: Uint8Array }> | undefined };

/** The provider part of a shot's key: one identity for every shot, or one per shot (a storyboard mixing providers). */
export type ProviderIdentityOf = string | ((shot: KeyableShot) => string);

/** Keys for shots in topological order (parents first); a derived shot's key includes its parent's. */
export function computeShotKeys(shots: readonly KeyableShot[], providerIdentity: ProviderIdentityOf): Map<string, { key: string; components: KeyComponents }> {
  const keys = new Map<string, { key: string; components: KeyComponents }>();
  for (const shot of shots) {
    const parent = parentOf(shot);
    const parentKey = parent === undefined ? undefined : keys.get(parent)?.key;
    if (parent !== undefined && parentKey === undefined) {
      throw new Error(`shot '${shot.id}' derives from '${parent}', which is not listed before it`);
    }
    const components = keyComponents({
      providerIdentity: typeof providerIdentity === 'string' ? providerIdentity : providerIdentity(shot),
      model: shot.model,
      size: shot.size,
      seconds: shot.seconds,
      prompt: shot.prompt,
      referenceBytes: shot.reference?.bytes,
      take: shot.take,
      parentKey,
      extend: shot.extendOf !== undefined,
      lastFrameBytes: shot.lastFrame?.bytes,
      referencesBytes: shot.references?.map((image) => image.bytes),
    });
    keys.set(shot.id, { key: keyOfComponents(components), components });
  }
  return keys;
}
