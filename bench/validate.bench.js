#!/usr/bin/env node
// Start-up and validation speed of the built CLI as whole processes (npm run build first): `render validate` on a
// generated 1,000-shot storyboard (target < 1 s), `render --help` (target < 300 ms), and `node -e 0` measured in
// the same run for scale. Prints the median of several runs and the ratios; exits 1 when a target is missed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const runs = Number(process.env.BENCH_RUNS ?? 7);
const bin = fileURLToPath(new URL('../bin/render.js', import.meta.url));

function storyboard(shots) {
  const lines = ['version: 1', 'name: bench', 'x-look: &look {model: sora-2-pro, size: 1792x1024}', 'shots:'];
  for (let i = 0; i < shots; i += 1) {
    lines.push(`  - id: shot-${i}`, `    prompt: Shot ${i}, a slow dolly across a rain-soaked street at night, neon reflections.`);
    if (i % 10 === 1) lines.push(`    remix-of: shot-${i - 1}`);
    else if (i % 10 === 2) lines.push('    <<: *look', '    seconds: 8');
    else lines.push(`    seconds: ${[4, 8, 12][i % 3]}`);
  }
  lines.push('cut:', '  transition: {type: crossfade, seconds: 0.5}');
  return `${lines.join('\n')}\n`;
}

/** Median wall-clock milliseconds of `runs` runs of `node args`; fails loudly on an unexpected exit code. */
function median(args) {
  const times = [];
  for (let i = 0; i < runs; i += 1) {
    const started = process.hrtime.bigint();
    const result = spawnSync(process.execPath, args, { encoding: 'utf8' });
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${result.status}: ${result.stdout}${result.stderr}`);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

const dir = mkdtempSync(path.join(tmpdir(), 'sbr-bench-'));
try {
  const file = path.join(dir, 'thousand.yaml');
  writeFileSync(file, storyboard(1000));
  const node = median(['-e', '0']);
  const help = median([bin, '--help']);
  const validate = median([bin, 'validate', file]);
  const plan = median([bin, 'plan', file, '--json']);
  const row = (label, ms, target) =>
    `${label.padEnd(34)} ${ms.toFixed(0).padStart(6)} ms  ${(ms / node).toFixed(1).padStart(5)}x node -e 0${target ? `  (target < ${target} ms: ${ms < target ? 'ok' : 'MISSED'})` : ''}`;
  console.log(`median of ${runs} runs, Node ${process.versions.node}`);
  console.log(row('node -e 0', node));
  console.log(row('render --help', help, 300));
  console.log(row('render validate (1,000 shots)', validate, 1000));
  console.log(row('render plan --json (1,000 shots)', plan));
  process.exitCode = help < 300 && validate < 1000 ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
