// `render plan`'s lockfile comparison (docs/lockfile.md): the storyboard as it is now against the lockfile beside it,
// or against the storyboard and lockfile as they were at a git ref (`--base origin/main`: what a pull request
// re-bills). Reads files and asks git; the comparison itself is pure (../plan/lock-diff.ts).
import { basename, dirname, join } from 'node:path';
import type { ProviderIdentityOf } from '../cache/key.js';
import { RenderError } from '../common/errors.js';
import { gitShowFile } from '../common/git-show.js';
import { diffAgainstLock, type LockDiff } from '../plan/lock-diff.js';
import { parseLockfile, type Lockfile } from '../plan/lockfile.js';
import { parseYaml } from '../storyboard/parse-yaml.js';
import { keyedShots, lockfilePathFor, readLockfile } from './lockfile.js';
import type { PreparedRun } from './prepare.js';

export interface LockComparison {
  /** The lockfile as the user names it: beside the storyboard's path as given. */
  file: string;
  /** The git ref compared with, or null for the working tree. */
  base: string | null;
  /** Absent when there is no lockfile to compare with (only without `base`: with it, a missing file is an error). */
  diff?: LockDiff;
}

export interface CompareOptions {
  prepared: Pick<PreparedRun, 'storyboard' | 'shots'>;
  identity: ProviderIdentityOf;
  /** The storyboard as the user named it (relative paths stay relative in messages). */
  shownFile: string;
  base?: string | undefined;
  /** Where git is found (PATH, HOME); nothing else is passed on. */
  env: Readonly<Record<string, string | undefined>>;
  signal: AbortSignal;
}

/** Shot ids of a storyboard's text, as far as they can be read: only to tell "never rendered" from "new". */
function shotIdsOf(text: string): Set<string> {
  const parsed = parseYaml(text);
  const shots = parsed.ok ? (parsed.value as { shots?: unknown } | null)?.shots : undefined;
  if (!Array.isArray(shots)) return new Set();
  return new Set(shots.flatMap((shot: unknown) => (typeof (shot as { id?: unknown } | null)?.id === 'string' ? [(shot as { id: string }).id] : [])));
}

async function atRef(ref: string, storyboardFile: string, shown: { storyboard: string; lockfile: string }, o: CompareOptions): Promise<{ lock: Lockfile; ids: Set<string> }> {
  const git = { env: o.env, signal: o.signal };
  const storyboard = await gitShowFile(ref, storyboardFile, git);
  if (storyboard === undefined) {
    throw new RenderError('GIT_FILE_MISSING', `${shown.storyboard} did not exist at ${ref}`, { hint: 'a new storyboard re-bills every shot: run `render plan` without --base for its price' });
  }
  const lock = await gitShowFile(ref, lockfilePathFor(storyboardFile), git);
  if (lock === undefined) {
    throw new RenderError('GIT_FILE_MISSING', `${shown.lockfile} did not exist at ${ref}: nothing to compare with`, {
      hint: `commit the ${basename(shown.lockfile)} that \`render\` writes beside the storyboard, then compare with a ref that has it`,
    });
  }
  return { lock: parseLockfile(lock, `${shown.lockfile} at ${ref}`), ids: shotIdsOf(storyboard) };
}

export async function compareWithLockfile(o: CompareOptions): Promise<LockComparison> {
  const storyboardFile = o.prepared.storyboard.file;
  const file = join(dirname(o.shownFile), basename(lockfilePathFor(storyboardFile)));
  const shots = keyedShots(o.prepared.storyboard, o.prepared.shots, o.identity);
  if (o.base !== undefined) {
    const { lock, ids } = await atRef(o.base, storyboardFile, { storyboard: o.shownFile, lockfile: file }, o);
    return { file, base: o.base, diff: diffAgainstLock(shots, lock, { lockedStoryboardIds: ids }) };
  }
  const lock = await readLockfile(lockfilePathFor(storyboardFile), file);
  return lock ? { file, base: null, diff: diffAgainstLock(shots, lock) } : { file, base: null };
}
