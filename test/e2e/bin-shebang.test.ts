// Run as users run it (through its shebang), the CLI bounds V8's heap: without the flags a 1,000-shot run peaked at
// 233 MB although it keeps ~36 MB live (docs/executor.md § Benchmark).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderBin } from '../support/cli.js';

describe('bin/render.js', () => {
  it('starts node with 8 MB semi-spaces and --heap-growing-percent=50 when executed directly', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sbr-shebang-'));
    const probe = join(dir, 'probe.mjs');
    writeFileSync(probe, "process.on('exit', () => process.stderr.write(JSON.stringify(process.execArgv)));\n");
    const result = spawnSync(renderBin, ['--version'], {
      encoding: 'utf8',
      env: { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`, NODE_OPTIONS: `--import=${probe}` },
    });
    rmSync(dir, { recursive: true, force: true });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^render \d+\.\d+\.\d+/);
    expect(JSON.parse(result.stderr)).toEqual(expect.arrayContaining(['--max-semi-space-size=8', '--heap-growing-percent=50']));
  });
});
