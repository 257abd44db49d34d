// Writing the lockfile after a run, in a temp folder: a first run that completed nothing leaves no file; a completed
// shot is recorded, a later failure of it keeps that entry, no temp file is left behind, and no key reaches the file.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRedactor } from '../../../src/common/redact.js';
import type { ExecShot, ShotResult } from '../../../src/execute/types.js';
import { writeRunLockfile } from '../../../src/run/lockfile.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'render-lock-unit-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const key = 'sk-canary-lockfile-0123456789';
const shot: ExecShot = { id: 'a', kind: 'create', provider: 'openai', model: 'sora-2', size: '1280x720', seconds: 4, prompt: `a lighthouse (${key})`, take: 1, retries: 0, costMicroUsd: 400_000 };
const done: ShotResult = { id: 'a', status: 'completed', cache: 'paid', jobId: 'video_1', sha256: 'b'.repeat(64), attempts: 1, costMicroUsd: 400_000, possiblyBilledMicroUsd: 0, earlierRunsMicroUsd: 0 };
const write = (results: ShotResult[]) =>
  writeRunLockfile({ storyboard: { file: join(dir, 'storyboard.yaml'), name: 'demo', shots: [{ id: 'a' }] }, shots: [shot], identity: 'https://api.example.test/v1', results, redact: createRedactor([key]) });

describe('writeRunLockfile', () => {
  it('writes no file when a first run completed nothing', async () => {
    expect(await write([{ ...done, status: 'skipped', cache: 'none', jobId: undefined, sha256: undefined }])).toBeUndefined();
    expect(await readdir(dir)).toEqual([]);
  });

  it('records a completed shot, keeps its entry when a later run fails it, and leaves only the lockfile', async () => {
    await writeFile(join(dir, 'storyboard.yaml'), 'version: 1\n');
    const path = await write([done]);
    expect(path).toBe(join(dir, 'storyboard.lock'));
    const first = await readFile(path!, 'utf8');
    expect(JSON.parse(first)).toMatchObject({ storyboard: 'demo', shots: [{ id: 'a', jobId: 'video_1', clipSha256: 'b'.repeat(64), inputs: { provider: 'https://api.example.test/v1' } }] });
    expect(first).not.toContain(key);
    await write([{ ...done, status: 'failed', jobId: 'video_2', sha256: undefined }]);
    expect(await readFile(path!, 'utf8')).toBe(first);
    expect((await readdir(dir)).sort()).toEqual(['storyboard.lock', 'storyboard.yaml']);
  });

  it('replaces a lockfile left with merge-conflict markers by what the run knows', async () => {
    await writeFile(join(dir, 'storyboard.lock'), '<<<<<<< HEAD\n{}\n=======\n{}\n>>>>>>> theirs\n');
    await write([done]);
    expect(JSON.parse(await readFile(join(dir, 'storyboard.lock'), 'utf8'))).toMatchObject({ lockfileVersion: 1, shots: [{ id: 'a' }] });
  });
});
