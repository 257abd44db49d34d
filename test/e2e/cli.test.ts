import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

describe('render CLI', () => {
  it('prints help with every command and the exit codes', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    for (const command of ['validate', 'plan', 'stitch', 'sim', 'doctor']) expect(result.stdout).toContain(command);
    expect(result.stdout).toMatch(/Exit codes:[\s\S]*130/);
  });

  it('exits 2 on an unknown option', async () => {
    const result = await runCli(['validate', 'x.yaml', '--no-such-flag']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Unknown option/);
  });
});
