// The lockfile (docs/lockfile.md): per shot, the cache key a run rendered it under, what that key was made of, the
// provider's job id, the clip's sha256 and its cost. It lives in git beside the storyboard, so its format is chosen
// for small, reviewable diffs: JSON with sorted keys, one value per line, shots in storyboard order, no timestamps
// (two identical runs write the same bytes). Pure: facts in, text out, text in, facts out.
import { RenderError } from '../common/errors.js';
import { formatUsd, type MicroUsd } from '../common/money.js';
import type { ShotKind } from '../common/shot-kind.js';
import type { KeyComponents } from '../cache/key.js';

export const lockfileVersion = 1;

export interface LockCost {
  /** The price list's figure for one generation when the clip was made. */
  estimateMicroUsd: MicroUsd;
  /** The same, for people: `$0.40`. */
  estimateUsd: string;
  /** What the provider said it charged (Runway, OpenRouter), when it said so. */
  chargedMicroUsd?: MicroUsd;
  chargedUsd?: string;
}

export interface LockEntry {
  id: string;
  kind: ShotKind;
  /** The shot a remix or extension is made from. */
  parent?: string;
  /** The cache key: sha256 of `inputs` (and the key version). */
  key: string;
  /** What the key was made of, hashes where the input is a prompt or an image. */
  inputs: KeyComponents;
  jobId: string;
  clipSha256: string;
  cost: LockCost;
}

export interface Lockfile {
  lockfileVersion: typeof lockfileVersion;
  /** The storyboard's `name`. */
  storyboard: string;
  shots: LockEntry[];
}

/** `storyboard.yaml` → `storyboard.lock`: the storyboard's own name, so two storyboards in one folder never share one. */
export function lockfileNameFor(storyboardFileName: string): string {
  return `${storyboardFileName.replace(/\.ya?ml$/i, '')}.lock`;
}

/** What a run knows of one shot when it ends (storyboard order is the caller's). */
export interface LockShotFacts {
  id: string;
  kind: ShotKind;
  parent?: string | undefined;
  key: string;
  inputs: KeyComponents;
  /** The plan's price of one generation. */
  costMicroUsd: MicroUsd;
  status: 'completed' | 'failed' | 'skipped';
  cache: 'hit' | 'paid' | 'none';
  jobId?: string | undefined;
  sha256?: string | undefined;
  chargedMicroUsd?: number | undefined;
}

const usd = (micro: MicroUsd) => formatUsd(micro).replace('$', '');

function costOf(estimateMicroUsd: MicroUsd, chargedMicroUsd: MicroUsd | undefined): LockCost {
  return {
    estimateMicroUsd,
    estimateUsd: usd(estimateMicroUsd),
    ...(chargedMicroUsd === undefined ? {} : { chargedMicroUsd, chargedUsd: usd(chargedMicroUsd) }),
  };
}

/**
 * The lockfile after a run. A completed shot gets its facts; when they equal its previous entry's (same key, job and
 * clip: a cache hit) the previous entry is kept as it was, so the cost it recorded when it was paid for survives an
 * unchanged re-run. A shot that did not complete keeps its previous entry, or has none: the lockfile says what was last
 * rendered, and `render plan` shows the difference. Shots no longer in the storyboard are dropped.
 */
export function buildLockfile(name: string, shots: readonly LockShotFacts[], previous: Lockfile | undefined): Lockfile {
  const before = new Map((previous?.shots ?? []).map((entry) => [entry.id, entry]));
  const entries = shots.flatMap((shot): LockEntry[] => {
    const old = before.get(shot.id);
    if (shot.status !== 'completed' || !shot.jobId || !shot.sha256) return old ? [old] : [];
    if (old && old.key === shot.key && old.jobId === shot.jobId && old.clipSha256 === shot.sha256) return [old];
    return [
      {
        id: shot.id,
        kind: shot.kind,
        ...(shot.parent === undefined ? {} : { parent: shot.parent }),
        key: shot.key,
        inputs: shot.inputs,
        jobId: shot.jobId,
        clipSha256: shot.sha256,
        cost: costOf(shot.costMicroUsd, shot.cache === 'paid' ? shot.chargedMicroUsd : undefined),
      },
    ];
  });
  return { lockfileVersion, storyboard: name, shots: entries };
}

/** Objects rebuilt with their keys in code-point order at every level (arrays keep their order). */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([k, v]) => [k, sortedKeys(v)]));
}

/** The lockfile's bytes: sorted keys, two-space indent, one value per line, a trailing newline. */
export function formatLockfile(lock: Lockfile): string {
  return `${JSON.stringify(sortedKeys(lock), null, 2)}\n`;
}

const hex64 = /^[0-9a-f]{64}$/;
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function entryProblem(entry: unknown): string | undefined {
  if (!isObject(entry)) return 'a shot entry is not an object';
  if (typeof entry.id !== 'string' || entry.id === '') return 'a shot entry has no id';
  if (typeof entry.key !== 'string' || !hex64.test(entry.key)) return `shot "${entry.id}" has no valid key`;
  if (!isObject(entry.inputs)) return `shot "${entry.id}" has no inputs`;
  if (!isObject(entry.cost) || typeof entry.cost.estimateMicroUsd !== 'number') return `shot "${entry.id}" has no cost`;
  return undefined;
}

/** Read a lockfile's text; a user error (exit 2) naming `where` for anything that is not one (a merge conflict, an edit). */
export function parseLockfile(text: string, where: string): Lockfile {
  const invalid = (why: string) =>
    new RenderError('LOCKFILE_INVALID', `${where} is not a lockfile this version can read: ${why}`, {
      hint: 'a merge conflict? keep either side (or delete the file), then run `render` to write it again',
    });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw invalid(error instanceof Error ? error.message : String(error));
  }
  if (!isObject(value)) throw invalid('not a JSON object');
  if (value.lockfileVersion !== lockfileVersion) throw invalid(`lockfileVersion is ${JSON.stringify(value.lockfileVersion)}, expected ${lockfileVersion}`);
  if (!Array.isArray(value.shots)) throw invalid('no shots list');
  const problem = value.shots.map(entryProblem).find((p) => p !== undefined);
  if (problem) throw invalid(problem);
  return value as unknown as Lockfile;
}
