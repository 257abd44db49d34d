// The lockfile as a team uses it in git: `render` writes storyboard.lock beside the storyboard (byte-stable across
// identical runs), `render plan` says what an edit re-bills against it (and against the lockfile at a git ref, for a
// pull-request check), and a teammate who pulls storyboard and lockfile gets cache hits from a shared cache folder.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import { explain, readReport, runRender, simEnv, storyboardYaml, useSimAndWorkspace, type ShotSpec, type Workspace } from '../support/run-harness.js';

const exec = promisify(execFile);
// Each test runs the CLI two to four times; on a loaded two-core machine one run can take half a minute.
const slow = 300_000;

const shots: ShotSpec[] = [
  { id: 'opening', prompt: 'lockfile test: a lighthouse at dawn' },
  { id: 'harbour', prompt: 'lockfile test: boats leaving the harbour' },
  { id: 'harbour-rain', remixOf: 'harbour', prompt: 'lockfile test: the same boats in heavy rain' },
  { id: 'harbour-storm', remixOf: 'harbour-rain', prompt: 'lockfile test: the rain turns to a storm' },
  { id: 'closing', prompt: 'lockfile test: gulls over an empty pier' },
];
const yaml = (list: readonly ShotSpec[] = shots) => storyboardYaml({ name: 'locked', shots: list });
const withPrompt = (id: string, prompt: string) => yaml(shots.map((shot) => (shot.id === id ? { ...shot, prompt } : shot)));

interface LockJson {
  lockfileVersion: number;
  storyboard: string;
  shots: Array<{
    id: string;
    kind: string;
    parent?: string;
    key: string;
    inputs: { provider: string; model: string; size: string; seconds: number; promptSha256: string; parentKey: string | null; take: number };
    jobId: string;
    clipSha256: string;
    cost: { estimateMicroUsd: number; estimateUsd: string };
  }>;
}

interface PlanJson {
  lockfile: { file: string; base: string | null; found: boolean; rebilledShots?: number; rebillMicroUsd?: number; summary?: string; shots?: Array<{ id: string; status: string; reasons: string[] }> };
  shots: Array<{ id: string; cache: { status: string } }>;
}

const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await exec('git', ['-c', 'user.name=Lock Test', '-c', 'user.email=lock@example.invalid', '-c', 'init.defaultBranch=main', ...args], { cwd });
  return stdout;
}

describe('render writes storyboard.lock; render plan compares with it', { timeout: slow }, () => {
  let sim: Simulator;
  let ws: Workspace;
  const render = (args: string[], cwd = ws.dir) => runRender([...args, '--base-url', sim.baseURL], { cwd, env: simEnv(sim) });
  const lockText = (dir = ws.dir) => readFile(join(dir, 'storyboard.lock'), 'utf8');

  useSimAndWorkspace({ timeScale: 0.01, seed: 1, rpm: 1000 }, 'render-lock-', (s, w) => {
    sim = s;
    ws = w;
  });
  beforeAll(async () => {
    await ws.write('storyboard.yaml', yaml());
  });

  it('a run writes storyboard.lock beside the storyboard: per shot in storyboard order, its key and inputs, job id, clip sha256 and cost', async () => {
    const result = await render(['storyboard.yaml']);
    expect(result.code, explain(result)).toBe(0);
    const text = await lockText();
    const lock = JSON.parse(text) as LockJson;
    expect(lock.lockfileVersion).toBe(1);
    expect(lock.shots.map((shot) => shot.id)).toEqual(shots.map((shot) => shot.id));
    const byId = new Map(lock.shots.map((shot) => [shot.id, shot]));
    const jobs = new Map(sim.stats().jobs.map((job) => [job.prompt, job.id]));
    for (const spec of shots) {
      const entry = byId.get(spec.id)!;
      expect(entry.key).toMatch(/^[0-9a-f]{64}$/);
      expect(entry.inputs).toMatchObject({ model: 'sora-2', size: '1280x720', seconds: 4, take: 1, promptSha256: sha256(spec.prompt) });
      expect(entry.inputs.parentKey).toBe(spec.remixOf ? byId.get(spec.remixOf)!.key : null);
      expect(entry.kind).toBe(spec.remixOf ? 'remix' : 'create');
      expect(entry.jobId).toBe(jobs.get(spec.prompt));
      expect(entry.clipSha256).toBe(sha256(await readFile(join(ws.dir, 'out', 'locked', 'shots', `${spec.id}.mp4`))));
      expect(entry.cost).toMatchObject({ estimateMicroUsd: 400_000, estimateUsd: '0.40' });
    }
    expect(byId.get('harbour-storm')!.parent).toBe('harbour-rain');
    // Reviewable: sorted keys, one value per line, a trailing newline; and nothing secret.
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).not.toContain(sim.apiKey);
    expect(text).not.toContain(shots[0]!.prompt);
  });

  it('an identical second run (every shot a cache hit) leaves the lockfile byte for byte the same', async () => {
    const first = await lockText();
    const result = await render(['storyboard.yaml']);
    expect(result.code, explain(result)).toBe(0);
    expect((await readReport(join(ws.dir, 'out', 'locked'))).shots.every((shot) => shot.cache === 'hit')).toBe(true);
    expect(await lockText()).toBe(first);
  });

  it('an unchanged storyboard: render plan says the change re-bills nothing', async () => {
    const result = await render(['plan', 'storyboard.yaml']);
    expect(result.code, explain(result)).toBe(0);
    expect(result.stdout).toContain('Against storyboard.lock: this change re-bills nothing\n  5 shots unchanged');
  });

  it('one edited prompt: render plan names that shot and its remix descendants, each with its price, and the total', async () => {
    await ws.write('storyboard.yaml', withPrompt('harbour', 'lockfile test: boats leaving the harbour at sunset'));
    const before = sim.stats().requests.log.length;
    const result = await render(['plan', 'storyboard.yaml']);
    expect(result.code, explain(result)).toBe(0);
    const section = result.stdout.slice(result.stdout.indexOf('Against storyboard.lock'));
    expect(section.split('\n').slice(0, 5)).toEqual([
      'Against storyboard.lock: this change re-bills 3 shots, $1.20',
      '  harbour        prompt changed               $0.40',
      '  harbour-rain   parent harbour changed       $0.40',
      '  harbour-storm  parent harbour-rain changed  $0.40',
      '  2 shots unchanged',
    ]);
    const json = await render(['plan', 'storyboard.yaml', '--json']);
    const plan = JSON.parse(json.stdout) as PlanJson;
    expect(plan.lockfile).toMatchObject({ file: 'storyboard.lock', base: null, found: true, rebilledShots: 3, rebillMicroUsd: 1_200_000, summary: 'this change re-bills 3 shots, $1.20' });
    expect(plan.lockfile.shots!.filter((shot) => shot.status !== 'unchanged').map((shot) => `${shot.id}:${shot.reasons.join('+')}`)).toEqual([
      'harbour:prompt-changed',
      'harbour-rain:parent-changed',
      'harbour-storm:parent-changed',
    ]);
    expect(sim.stats().requests.log.slice(before).filter((e) => e.route === 'create' || e.route === 'remix'), 'render plan pays for nothing').toEqual([]);
  });

  it('a run after the edit rewrites only the entries of the shots it re-rendered', async () => {
    const before = JSON.parse(await lockText()) as LockJson;
    const result = await render(['storyboard.yaml']);
    expect(result.code, explain(result)).toBe(0);
    const after = JSON.parse(await lockText()) as LockJson;
    const changed = after.shots.filter((shot, i) => JSON.stringify(shot) !== JSON.stringify(before.shots[i])).map((shot) => shot.id);
    expect(changed).toEqual(['harbour', 'harbour-rain', 'harbour-storm']);
    expect((await render(['plan', 'storyboard.yaml'])).stdout).toContain('this change re-bills nothing');
  });
});

describe('render plan --base REF: against the storyboard and lockfile at a git ref', { timeout: slow }, () => {
  let sim: Simulator;
  let ws: Workspace;
  const render = (args: string[], cwd: string) => runRender([...args, '--base-url', sim.baseURL], { cwd, env: simEnv(sim) });

  useSimAndWorkspace({ timeScale: 0.01, seed: 2, rpm: 1000 }, 'render-lock-git-', (s, w) => {
    sim = s;
    ws = w;
  });

  it('after a commit of storyboard and lockfile, an edit in the work tree re-bills the edited shot and its descendants', async () => {
    const repo = join(ws.dir, 'repo');
    const boards = join(repo, 'boards');
    await mkdir(boards, { recursive: true });
    await writeFile(join(boards, 'storyboard.yaml'), yaml());
    await git(repo, 'init', '-q');
    const first = await render(['boards/storyboard.yaml'], repo);
    expect(first.code, explain(first)).toBe(0);
    await git(repo, 'add', 'boards/storyboard.yaml', 'boards/storyboard.lock');
    await git(repo, 'commit', '-q', '-m', 'storyboard and its lockfile');
    await writeFile(join(boards, 'storyboard.yaml'), withPrompt('harbour-rain', 'lockfile test: the same boats in a hailstorm'));
    const json = await render(['plan', 'boards/storyboard.yaml', '--base', 'HEAD', '--json'], repo);
    expect(json.code, explain(json)).toBe(0);
    const plan = JSON.parse(json.stdout) as PlanJson;
    expect(plan.lockfile).toMatchObject({ file: 'boards/storyboard.lock', base: 'HEAD', found: true, rebilledShots: 2, rebillMicroUsd: 800_000 });
    const text = await render(['plan', 'storyboard.yaml', '--base', 'HEAD'], boards);
    expect(text.code, explain(text)).toBe(0);
    expect(text.stdout).toContain(
      ['Against storyboard.lock at HEAD: this change re-bills 2 shots, $0.80', '  harbour-rain   prompt changed               $0.40', '  harbour-storm  parent harbour-rain changed  $0.40', '  3 shots unchanged'].join('\n'),
    );
  });

  it('compares with the ref, not the work tree: after rendering the edit, --base HEAD still shows what the change re-bills', async () => {
    const repo = join(ws.dir, 'repo');
    const run = await render(['boards/storyboard.yaml'], repo);
    expect(run.code, explain(run)).toBe(0);
    expect((await render(['plan', 'boards/storyboard.yaml'], repo)).stdout).toContain('Against boards/storyboard.lock: this change re-bills nothing');
    expect((await render(['plan', 'boards/storyboard.yaml', '--base', 'HEAD'], repo)).stdout).toContain('Against boards/storyboard.lock at HEAD: this change re-bills 2 shots, $0.80');
  });

  it('says clearly when the ref or the lockfile at it is missing, or the folder is not a git repository (exit 2)', async () => {
    const repo = join(ws.dir, 'repo');
    const unknown = await render(['plan', 'boards/storyboard.yaml', '--base', 'no-such-branch'], repo);
    expect(unknown.code, explain(unknown)).toBe(2);
    expect(unknown.stderr).toContain('git knows no commit named "no-such-branch"');

    await writeFile(join(repo, 'other.yaml'), yaml());
    await git(repo, 'add', 'other.yaml');
    await git(repo, 'commit', '-q', '-m', 'a storyboard without its lockfile');
    const noLock = await render(['plan', 'other.yaml', '--base', 'HEAD'], repo);
    expect(noLock.code, explain(noLock)).toBe(2);
    expect(noLock.stderr).toContain('other.lock did not exist at HEAD: nothing to compare with');

    const outside = join(ws.dir, 'not-a-repo');
    await mkdir(outside);
    await writeFile(join(outside, 'storyboard.yaml'), yaml());
    const notRepo = await render(['plan', 'storyboard.yaml', '--base', 'HEAD'], outside);
    expect(notRepo.code, explain(notRepo)).toBe(2);
    expect(notRepo.stderr).toMatch(/is not inside a git repository, so --base has nothing to compare with/);
  });
});

describe('a teammate who pulls storyboard and lockfile, with a shared cache folder', { timeout: slow }, () => {
  let sim: Simulator;
  let ws: Workspace;
  const render = (args: string[], cwd: string) => runRender([...args, '--base-url', sim.baseURL, '--cache-dir', join(ws.dir, 'shared-cache')], { cwd, env: simEnv(sim) });

  useSimAndWorkspace({ timeScale: 0.01, seed: 3, rpm: 1000 }, 'render-lock-team-', (s, w) => {
    sim = s;
    ws = w;
  });

  it('gets a cache hit for every unchanged shot: nothing paid, and the same lockfile', async () => {
    const mine = join(ws.dir, 'alice');
    const theirs = join(ws.dir, 'bob');
    await mkdir(mine);
    await writeFile(join(mine, 'storyboard.yaml'), yaml());
    const first = await render(['storyboard.yaml'], mine);
    expect(first.code, explain(first)).toBe(0);
    // What a pull brings: the storyboard and its lockfile, not the cache or out/.
    await mkdir(theirs);
    for (const name of ['storyboard.yaml', 'storyboard.lock']) await cp(join(mine, name), join(theirs, name));

    const plan = await render(['plan', 'storyboard.yaml', '--json'], theirs);
    expect(plan.code, explain(plan)).toBe(0);
    const planned = JSON.parse(plan.stdout) as PlanJson;
    expect(planned.shots.map((shot) => shot.cache.status)).toEqual(shots.map(() => 'hit'));
    expect(planned.lockfile).toMatchObject({ found: true, rebilledShots: 0, rebillMicroUsd: 0 });

    const before = sim.stats();
    const run = await render(['storyboard.yaml'], theirs);
    expect(run.code, explain(run)).toBe(0);
    expect(sim.stats().jobs.length, 'no new job').toBe(before.jobs.length);
    expect(sim.stats().billed).toEqual(before.billed);
    const report = await readReport(join(theirs, 'out', 'locked'));
    expect(report.shots.map((shot) => shot.cache)).toEqual(shots.map(() => 'hit'));
    expect(report.totals.spent.microUsd).toBe(0);
    expect(await readFile(join(theirs, 'storyboard.lock'), 'utf8')).toBe(await readFile(join(mine, 'storyboard.lock'), 'utf8'));
  });
});
