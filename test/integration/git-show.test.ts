// `git show REF:./FILE` as `render plan --base` runs it, against a real repository in a temp folder: the file at the
// ref (not the work tree's), undefined for a file the ref did not have, and one coded error per way it goes wrong.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitShowFile } from '../../src/common/git-show.js';

const exec = promisify(execFile);
const options = { env: { PATH: process.env.PATH, HOME: process.env.HOME }, signal: new AbortController().signal };
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sbr-git-show-'));
  await mkdir(join(dir, 'repo', 'boards'), { recursive: true });
  const git = (...args: string[]) => exec('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], { cwd: join(dir, 'repo') });
  await git('init', '-q');
  await writeFile(join(dir, 'repo', 'boards', 'storyboard.lock'), 'at the commit\n');
  await git('add', '.');
  await git('commit', '-q', '-m', 'one');
  await writeFile(join(dir, 'repo', 'boards', 'storyboard.lock'), 'in the work tree\n');
  await mkdir(join(dir, 'plain'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('gitShowFile', () => {
  it("reads the file as the ref has it, from the file's own folder, whatever the repository root", async () => {
    expect(await gitShowFile('HEAD', join(dir, 'repo', 'boards', 'storyboard.lock'), options)).toBe('at the commit\n');
  });

  it('is undefined for a file the ref did not have', async () => {
    expect(await gitShowFile('HEAD', join(dir, 'repo', 'boards', 'other.lock'), options)).toBeUndefined();
  });

  it('names an unknown ref, a folder outside any repository, and refuses a ref git would read as an option', async () => {
    await expect(gitShowFile('no-such-ref', join(dir, 'repo', 'boards', 'storyboard.lock'), options)).rejects.toMatchObject({ code: 'GIT_REF_UNKNOWN', exitCode: 2 });
    await expect(gitShowFile('HEAD', join(dir, 'plain', 'storyboard.lock'), options)).rejects.toMatchObject({ code: 'GIT_NOT_A_REPO', exitCode: 2 });
    await expect(gitShowFile('--output=/tmp/x', join(dir, 'repo', 'boards', 'storyboard.lock'), options)).rejects.toMatchObject({ code: 'USAGE' });
  });

  it('says git cannot be run when it is not on PATH', async () => {
    await expect(gitShowFile('HEAD', join(dir, 'repo', 'boards', 'storyboard.lock'), { ...options, env: { PATH: join(dir, 'plain') } })).rejects.toMatchObject({ code: 'GIT_FAILED' });
  });
});
