// The lockfile's edges (docs/lockfile.md): where it lives, the keys a storyboard's shots have now, reading the one
// beside the storyboard, and writing it after a run (temp file, fsync, rename: a reader or a crash never sees half).
import { constants } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { computeShotKeys, type ProviderIdentityOf } from '../cache/key.js';
import { writeFileAtomic } from '../common/durable-fs.js';
import { isRenderError } from '../common/errors.js';
import { errnoCode, fsUserError } from '../common/fs-errors.js';
import type { ExecShot, ShotResult } from '../execute/types.js';
import type { KeyedShot } from '../plan/lock-diff.js';
import { buildLockfile, formatLockfile, lockfileNameFor, parseLockfile, type Lockfile, type LockShotFacts } from '../plan/lockfile.js';
import { parentOf } from '../plan/plan.js';
import type { Storyboard } from '../storyboard/model.js';

/** `<folder of the storyboard>/<storyboard name without .yaml>.lock`. */
export function lockfilePathFor(storyboardFile: string): string {
  return join(dirname(storyboardFile), lockfileNameFor(basename(storyboardFile)));
}

/**
 * Every shot with its key and what it is made of, in storyboard order (the lockfile's and the diff's order), from the
 * prepared shots (parents first, reference images fitted: the bytes the key hashes).
 */
export function keyedShots(storyboard: { shots: ReadonlyArray<Pick<Storyboard['shots'][number], 'id'>> }, shots: readonly ExecShot[], identity: ProviderIdentityOf): Array<KeyedShot & { kind: ExecShot['kind'] }> {
  const keys = computeShotKeys(shots, identity);
  const byId = new Map(shots.map((shot) => [shot.id, shot]));
  return storyboard.shots.flatMap((planned) => {
    const shot = byId.get(planned.id);
    const keyed = keys.get(planned.id);
    if (!shot || !keyed) return [];
    return [{ id: shot.id, kind: shot.kind, key: keyed.key, inputs: keyed.components, parent: parentOf(shot), costMicroUsd: shot.costMicroUsd }];
  });
}

/** The lockfile at `path`, or undefined when there is none; LOCKFILE_INVALID for one that cannot be read as such. */
export async function readLockfile(path: string, shownAs: string): Promise<Lockfile | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined;
    throw fsUserError(error, path, 'cannot read the lockfile');
  }
  return parseLockfile(text, shownAs);
}

const lockHint = 'pass --no-lockfile to run without one';

/** Before the first paid call: a storyboard folder that cannot take the lockfile is found while it costs nothing. */
export async function checkLockfileFolder(storyboardFile: string): Promise<void> {
  const dir = dirname(storyboardFile);
  await access(dir, constants.W_OK).catch((error: unknown) => {
    throw fsUserError(error, dir, 'cannot write the lockfile beside the storyboard', lockHint);
  });
}

export interface LockWrite {
  /** The storyboard's file, name, and shots in its order. */
  storyboard: Pick<Storyboard, 'file' | 'name'> & { shots: ReadonlyArray<Pick<Storyboard['shots'][number], 'id'>> };
  shots: readonly ExecShot[];
  identity: ProviderIdentityOf;
  results: readonly ShotResult[];
  /** The run's redactor: no key may reach a file meant for git. */
  redact: (text: string) => string;
}

/**
 * Write the lockfile after a run: completed shots' facts; a shot that did not complete keeps its previous entry. An
 * unreadable previous lockfile (a merge conflict) is replaced: the run's facts are the truth. Returns its path, or
 * undefined when there was none and there is still nothing to record.
 */
export async function writeRunLockfile(input: LockWrite): Promise<string | undefined> {
  const path = lockfilePathFor(input.storyboard.file);
  const previous = await readLockfile(path, basename(path)).catch((error: unknown) => {
    if (isRenderError(error) && error.code === 'LOCKFILE_INVALID') return undefined;
    throw error;
  });
  const results = new Map(input.results.map((result) => [result.id, result]));
  const facts = keyedShots(input.storyboard, input.shots, input.identity).map((shot): LockShotFacts => {
    const result = results.get(shot.id);
    return {
      ...shot,
      status: result?.status ?? 'skipped',
      cache: result?.cache ?? 'none',
      jobId: result?.jobId,
      sha256: result?.sha256,
      chargedMicroUsd: result?.chargedMicroUsd,
    };
  });
  const lock = buildLockfile(input.storyboard.name, facts, previous);
  // A first run that completed nothing (refused by the cap, interrupted at once) leaves no empty file to commit.
  if (!previous && lock.shots.length === 0) return undefined;
  const text = input.redact(formatLockfile(lock));
  try {
    await writeFileAtomic(path, text, dirname(path));
  } catch (error) {
    throw fsUserError(error, path, 'cannot write the lockfile', lockHint);
  }
  return path;
}
