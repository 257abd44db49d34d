// The one place that runs git: `git show REF:./FILE` for `render plan --base REF` (a file as it was at a commit).
// execFile with an argv array, never a shell; a minimal environment (no provider key reaches git); bounded output
// and time; and one clear user error for each way it can go wrong (no git, not a repository, no such ref or file).
import { execFile } from 'node:child_process';
import { basename, dirname } from 'node:path';
import { RenderError } from './errors.js';

export interface GitShowOptions {
  /** Environment the child gets: PATH (to find git) and HOME (its config), nothing else. */
  env: Readonly<Record<string, string | undefined>>;
  signal: AbortSignal;
  /** Largest file read; a storyboard or lockfile is far smaller. */
  maxBytes?: number;
}

interface GitOutcome {
  stdout: string;
  stderr: string;
  /** Exit code, or the spawn error's code (`ENOENT`: git is not installed). */
  code: number | string | null;
}

function git(args: readonly string[], cwd: string, options: GitShowOptions): Promise<GitOutcome> {
  const env = Object.fromEntries(
    Object.entries({ PATH: options.env.PATH, HOME: options.env.HOME, LANG: 'C', GIT_TERMINAL_PROMPT: '0' }).filter((e): e is [string, string] => e[1] !== undefined),
  );
  return new Promise((resolve) => {
    execFile('git', [...args], { cwd, env, shell: false, signal: options.signal, timeout: 30_000, maxBuffer: options.maxBytes ?? 16 * 1024 ** 2, encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error ? ((error as NodeJS.ErrnoException & { code?: number | string }).code ?? null) : 0;
      resolve({ stdout, stderr, code });
    });
  });
}

/** A ref a user typed must not be read as an option by git (`--output=...`). */
function checkRef(ref: string): void {
  if (ref === '' || ref.startsWith('-') || /[\s\0:]/.test(ref)) {
    throw new RenderError('USAGE', `--base needs a git ref such as HEAD, main or origin/main (got ${JSON.stringify(ref)})`);
  }
}

/**
 * The text of `file` (an absolute path inside a work tree) at `ref`, or undefined when the ref exists but the file
 * did not at that commit. Throws GIT_FAILED, GIT_NOT_A_REPO or GIT_REF_UNKNOWN.
 */
export async function gitShowFile(ref: string, file: string, options: GitShowOptions): Promise<string | undefined> {
  checkRef(ref);
  const cwd = dirname(file);
  const verify = await git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], cwd, options);
  if (options.signal.aborted) throw new RenderError('INTERRUPTED', 'reading the storyboard at the base ref: interrupted');
  if (verify.code === 'ENOENT') {
    throw new RenderError('GIT_FAILED', 'git cannot be run, so --base cannot read the storyboard at a ref', { hint: 'install git, or run `render plan` without --base' });
  }
  if (verify.code !== 0) {
    if (/not a git repository/i.test(verify.stderr)) {
      throw new RenderError('GIT_NOT_A_REPO', `${cwd} is not inside a git repository, so --base has nothing to compare with`, { hint: 'run `render plan` without --base, or from a clone' });
    }
    // --quiet: an unknown ref says nothing; anything said is another failure (a CI container's "dubious ownership").
    if (verify.stderr.trim() !== '') throw failed(verify);
    throw new RenderError('GIT_REF_UNKNOWN', `git knows no commit named "${ref}"`, {
      hint: 'fetch it first (a shallow CI checkout: `git fetch --depth=1 origin main`), or name another ref',
    });
  }
  // `./NAME` is relative to the working folder given to git: the same file, wherever the repository's root is.
  const shown = await git(['show', `${verify.stdout.trim()}:./${basename(file)}`], cwd, options);
  if (shown.code === 0) return shown.stdout;
  if (/does not exist|exists on disk, but not in/i.test(shown.stderr)) return undefined;
  throw failed(shown);
}

function failed(outcome: GitOutcome): RenderError {
  const said = outcome.stderr.trim().split('\n')[0] || `exit ${String(outcome.code)}`;
  return new RenderError('GIT_FAILED', `git failed: ${said}`, { hint: 'check the repository with `git status` in the storyboard folder' });
}
