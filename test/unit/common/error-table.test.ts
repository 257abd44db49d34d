// The error vocabulary is one table: the README's exit codes, `render --help` and docs/errors.md all say what
// src/common/error-codes.ts and exit-codes.ts say, and a usage error reads the same whoever found it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import type { CliIo } from '../../../src/cli/io.js';
import { errorCodes } from '../../../src/common/error-codes.js';
import { RenderError } from '../../../src/common/errors.js';
import { exitCodeHelp } from '../../../src/common/exit-codes.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** The rows of the first Markdown table under `heading`, each split into its trimmed cells. */
function tableUnder(file: string, heading: string): string[][] {
  const text = readFileSync(`${root}${file}`, 'utf8');
  const start = text.indexOf(`${heading}\n`);
  expect(start, `${file} has a "${heading}" section`).toBeGreaterThanOrEqual(0);
  const lines = text.slice(start).split('\n');
  const first = lines.findIndex((line) => line.startsWith('|'));
  const rows: string[][] = [];
  for (const line of lines.slice(first + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line.slice(1, -1).split(' | ').map((cell) => cell.trim()));
  }
  return rows;
}

function fakeIo(): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (text: string) => void (io.out += text),
    stderr: (text: string) => void (io.err += text),
    env: {},
    cwd: root,
    signal: new AbortController().signal,
  };
  return io;
}

describe('error vocabulary', () => {
  it("the README's exit-code table is the table render knows", () => {
    expect(tableUnder('README.md', '## Exit codes')).toEqual(exitCodeHelp.map(([code, meaning]) => [String(code), meaning]));
  });

  it('render --help prints every exit code with its meaning, and prints nothing through console', async () => {
    const io = fakeIo();
    const logged: unknown[] = [];
    const info = console.info;
    console.info = (...args: unknown[]) => void logged.push(args);
    try {
      expect(await main(['--help'], io)).toBe(0);
    } finally {
      console.info = info;
    }
    for (const [code, meaning] of exitCodeHelp) expect(io.out).toContain(`  ${String(code).padEnd(4)} ${meaning}`);
    expect(logged).toEqual([]);
  });

  it('docs/errors.md lists every error code with its exit code and meaning', () => {
    const documented = tableUnder('docs/errors.md', '# Error codes');
    expect(documented).toEqual(Object.entries(errorCodes).map(([code, spec]) => [`\`${code}\``, String(spec.exit), spec.meaning]));
  });

  it('every error code exits with a documented exit code, and its meaning is one line', () => {
    const documented = new Set<number>(exitCodeHelp.map(([code]) => code));
    for (const [code, spec] of Object.entries(errorCodes)) {
      expect(documented.has(spec.exit), code).toBe(true);
      expect(spec.meaning, code).toMatch(/^[^\n]+$/);
    }
  });

  it('a RenderError takes its exit code from the table', () => {
    expect(new RenderError('USAGE', 'x').exitCode).toBe(2);
    expect(new RenderError('BUDGET_EXCEEDED', 'x').exitCode).toBe(3);
    expect(new RenderError('FS_READ_ONLY', 'x').exitCode).toBe(4);
    expect(new RenderError('CACHE_LOCKED', 'x').exitCode).toBe(1);
  });

  it("the parser's usage errors and a command's print the same way", async () => {
    const shape = /^render: [^\n]+\n  hint: run 'render --help' for usage\n$/;
    const parser = fakeIo();
    expect(await main(['validate', 'x.yaml', '--no-such-flag'], parser)).toBe(2);
    expect(parser.err).toMatch(/Unknown option/);
    expect(parser.err).toMatch(shape);
    const command = fakeIo();
    expect(await main(['plan', 'x.yaml', '--max-usd', 'lots'], command)).toBe(2);
    expect(command.err).toMatch(/--max-usd must be/);
    expect(command.err).toMatch(shape);
  });
});
