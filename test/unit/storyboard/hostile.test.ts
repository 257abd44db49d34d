// Hostile inputs that cannot live in the fixture folder (symlinks, FIFOs, devices, huge files) are made here, in a
// temp folder; each must give one clear problem, quickly, and never hang or crash the process.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { checkStoryboardFile } from '../../../src/storyboard/load.js';

const frame = fileURLToPath(new URL('../../fixtures/storyboards/good/refs/frame.png', import.meta.url));
let root: string;
let board: string;
let outside: string;

const withReference = (reference: string) => `version: 1\nshots:\n  - id: opening\n    prompt: A city at dusk\n    reference: ${reference}\n`;

async function problemsOf(file: string, options: { allowOutside?: boolean } = {}, withinMs = 2000): Promise<string[]> {
  const started = performance.now();
  const result = await checkStoryboardFile(file, options);
  expect(performance.now() - started, 'answers quickly').toBeLessThan(withinMs);
  return result.ok ? [] : result.problems.map((p) => `${p.location?.line}:${p.location?.col} ${p.code} ${p.message}`);
}

async function referenceProblems(reference: string, options: { allowOutside?: boolean } = {}): Promise<string[]> {
  const file = path.join(board, `ref-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, withReference(reference));
  return problemsOf(file, options);
}

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'sbr-hostile-'));
  board = path.join(root, 'board');
  outside = path.join(root, 'outside');
  mkdirSync(path.join(board, 'refs'), { recursive: true });
  mkdirSync(outside);
  copyFileSync(frame, path.join(outside, 'secret.png'));
  copyFileSync(frame, path.join(board, 'refs', 'frame.png'));
  symlinkSync(path.join(outside, 'secret.png'), path.join(board, 'refs', 'link-out.png'));
  symlinkSync(outside, path.join(board, 'refs-out'));
  symlinkSync('/dev/zero', path.join(board, 'refs', 'zero.png'));
  symlinkSync(path.join(board, 'refs', 'frame.png'), path.join(board, 'refs', 'link-in.png'));
  execFileSync('mkfifo', [path.join(board, 'refs', 'fifo.png'), path.join(board, 'fifo.yaml')]);
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('hostile references', () => {
  it('refuses a symlink that leads out of the folder, but follows one that stays inside', async () => {
    expect(await referenceProblems('refs/link-out.png')).toEqual([expect.stringMatching(/^5:5 REF_OUTSIDE .*symbolic link/)]);
    expect(await referenceProblems('refs-out/secret.png')).toEqual([expect.stringMatching(/^5:5 REF_OUTSIDE .*symbolic link/)]);
    expect(await referenceProblems('refs/link-in.png')).toEqual([]);
  });

  it('refuses /dev/zero directly, through a symlink, and even when outside paths are allowed', async () => {
    expect(await referenceProblems('/dev/zero')).toEqual([expect.stringMatching(/^5:5 REF_OUTSIDE /)]);
    expect(await referenceProblems('refs/zero.png')).toEqual([expect.stringMatching(/^5:5 REF_OUTSIDE /)]);
    expect(await referenceProblems('/dev/zero', { allowOutside: true })).toEqual([expect.stringMatching(/^5:5 REF_NOT_FILE .*not a regular file/)]);
  });

  it('refuses a FIFO without opening it (no hang)', async () => {
    expect(await referenceProblems('refs/fifo.png')).toEqual([expect.stringMatching(/^5:5 REF_NOT_FILE .*FIFO/)]);
  });

  it('allows an image outside the folder only when asked to', async () => {
    expect(await referenceProblems(path.join(outside, 'secret.png'), { allowOutside: true })).toEqual([]);
  });
});

describe('hostile storyboard files', () => {
  it('refuses a FIFO as the storyboard without blocking', async () => {
    expect(await problemsOf(path.join(board, 'fifo.yaml'))).toEqual(['1:1 FILE_NOT_REGULAR is not a regular file (a FIFO, socket or device); refusing to read it']);
  });

  it('refuses a 2 MB file before reading it', async () => {
    const file = path.join(board, 'huge.yaml');
    writeFileSync(file, `version: 1\nshots:\n  - id: a\n    prompt: "${'x'.repeat(2_000_000)}"\n`);
    expect(await problemsOf(file)).toEqual(['1:1 FILE_TOO_LARGE storyboard is 1.9 MiB; the limit is 1.0 MiB']);
  });

  it('survives 1,000-deep nesting parsed twice in one process (Node 20/22 abort on a second stack overflow)', async () => {
    const file = path.join(board, 'deep.yaml');
    writeFileSync(file, `version: 1\nshots: ${'['.repeat(1000)}${']'.repeat(1000)}\n`);
    for (let i = 0; i < 2; i += 1) expect(await problemsOf(file)).toEqual(['2:71 YAML_TOO_DEEP nesting is deeper than 64 levels; a storyboard needs a handful']);
    writeFileSync(file, `version: 1\n${'b: : ---\n'.repeat(50_000)}`);
    expect((await problemsOf(file))[0]).toMatch(/YAML_TOO_DEEP/);
  });

  it('finds a duplicate among 40,000 keys quickly (the parser\'s own check is quadratic)', async () => {
    const file = path.join(board, 'wide.yaml');
    const keys = Array.from({ length: 40_000 }, (_, i) => `  k${i}: 1`).join('\n');
    const text = `version: 1\nmodels:\n  m:\n    price-per-second:\n${keys.replace(/^ {2}/gm, '      ')}\n      k7: 2\nshots: []\n`;
    writeFileSync(file, text);
    // Measured against a plain parse of the same text, on the same (possibly busy) machine at the same moment: the
    // whole check costs about twice that; the parser's own quadratic duplicate check costs over ten times as much.
    const started = performance.now();
    parseDocument(text, { uniqueKeys: false });
    const parseMs = performance.now() - started;
    const problems = await problemsOf(file, {}, Math.max(1000, parseMs * 5));
    expect(problems).toEqual([expect.stringMatching(/^40005:7 YAML_DUPLICATE_KEY duplicate key "k7"/)]);
  });
});
