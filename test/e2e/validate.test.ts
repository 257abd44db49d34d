// `render validate` as a user runs it: FILE:LINE:COL: message lines, a count, exit 0 or 2, never a stack trace.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readExpectations } from '../fixtures/storyboards/expectations.js';
import { runCli } from '../support/cli.js';

const fixtures = fileURLToPath(new URL('../fixtures/storyboards/', import.meta.url));
const yamlIn = (dir: string) => readdirSync(path.join(fixtures, dir)).filter((f) => f.endsWith('.yaml')).sort().map((f) => `${dir}/${f}`);
const stackTrace = /^\s+at .+:\d+:\d+\)?$/m;
let temp: string;

beforeAll(() => {
  temp = mkdtempSync(path.join(tmpdir(), 'sbr-validate-'));
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('render validate', () => {
  it('reports every problem of every broken storyboard in one run, as FILE:LINE:COL: message, then a count', async () => {
    const files = yamlIn('bad');
    const result = await runCli(['validate', ...files], { cwd: fixtures });
    expect(result.code).toBe(2);
    const lines = result.stdout.trimEnd().split('\n').filter((line) => !line.startsWith('  hint: '));
    let expectedCount = 0;
    for (const file of files) {
      for (const e of readExpectations(path.join(fixtures, file))) {
        expectedCount += 1;
        const prefix = `${file}:${e.line}:${e.col}: `;
        expect(lines.some((line) => line.startsWith(prefix) && line.includes(e.text)), `${prefix}${e.text}`).toBe(true);
      }
    }
    expect(lines.at(-1)).toBe(`${expectedCount} problems in ${files.length} of ${files.length} storyboards`);
    expect(lines).toHaveLength(expectedCount + 1);
    expect(result.stdout + result.stderr).not.toMatch(stackTrace);
    expect(result.stderr).toBe('');
  });

  it('exits 0 and counts the valid storyboards, including the example', async () => {
    const files = [...yamlIn('good'), '../../../examples/storyboard.yaml'];
    const result = await runCli(['validate', ...files], { cwd: fixtures });
    expect(result.stdout).toBe(`${files.length} storyboards valid\n`);
    expect(result.code).toBe(0);
  });

  it('names missing, unreadable and binary files at 1:1 and counts only the broken ones', async () => {
    writeFileSync(path.join(temp, 'noise.yaml'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) % 256)));
    const result = await runCli(['validate', 'nope.yaml', temp, 'noise.yaml', path.join(fixtures, 'good/minimal.yaml')], { cwd: temp });
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('nope.yaml:1:1: file not found\n');
    expect(result.stdout).toContain(`${temp}:1:1: is a directory, not a storyboard file\n`);
    expect(result.stdout).toMatch(/^noise\.yaml:1:\d+: not valid UTF-8/m);
    expect(result.stdout).toMatch(/\n3 problems in 3 of 4 storyboards\n$/);
    expect(result.stdout + result.stderr).not.toMatch(stackTrace);
  });

  it('prints one JSON document with --json', async () => {
    const result = await runCli(['validate', '--json', 'good/minimal.yaml', 'bad/unknown-key-typo.yaml'], { cwd: fixtures });
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toEqual({
      valid: false,
      problemCount: 1,
      files: [
        { file: 'good/minimal.yaml', valid: true, problems: [] },
        {
          file: 'bad/unknown-key-typo.yaml',
          valid: false,
          problems: [{ line: 7, col: 5, code: 'SCHEMA_UNKNOWN_KEY', message: 'unknown key "promt" (did you mean "prompt"?)' }],
        },
      ],
    });
  });

  it('is a usage error (exit 2) without a file', async () => {
    const result = await runCli(['validate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/missing required args/i);
  });
});
