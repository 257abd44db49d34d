// Run as users run it (through its shebang), the CLI caps V8's young generation: without the cap a 1,000-shot run
// peaked above 250 MB although it keeps ~30 MB live (docs/executor.md § Benchmark).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderBin } from '../support/cli.js';

describe('bin/render.js', () => {
  it('starts node with --max-semi-space-size=16 when executed directly', () => {
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
    expect(result.stderr).toContain('--max-semi-space-size=16');
  });
});
