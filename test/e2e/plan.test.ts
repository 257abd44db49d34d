// `render plan` as a user runs it: the priced table, --json, exit 3 over the cap, exit 2 for a broken storyboard.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { copyExample } from '../support/example.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
let temp: string;
/** A fresh copy of the example (storyboard and refs only), so a user's own examples/.render cannot turn misses into hits. */
let clone: string;

beforeAll(async () => {
  temp = mkdtempSync(path.join(tmpdir(), 'sbr-plan-'));
  clone = path.join(temp, 'clone');
  await copyExample(clone);
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('render plan', () => {
  it('prints one row per shot, the total, the price date and the room left under the cap', async () => {
    const result = await runCli(['plan', 'examples/storyboard.yaml'], { cwd: clone });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Plan for neon-city: 6 shots, \$4\.65 to pay\n/);
    expect(result.stdout).toMatch(/^ {2}street-night +remix of street +sora-2 +1280x720 +8 +\$0\.80 +miss: new shot$/m);
    expect(result.stdout).toMatch(/^ {2}harbour-night +extend harbour +fal:fal-ai\/veo3\.1\/fast +1280x720 +7 +\$1\.05 +miss: new shot$/m);
    expect(result.stdout).toMatch(/^ {2}total +39 +\$4\.65$/m);
    expect(result.stdout).toMatch(/^ {2}SHOT +KIND +MODEL +SIZE +SECONDS +USD +CACHE$/m);
    expect(result.stdout).toContain('Prices as of 2026-09-19 (openai): https://');
    expect(result.stdout).toMatch(/Prices as of \d{4}-\d{2}-\d{2} \(fal\): https:\/\/fal\.ai\//);
    expect(result.stdout).toContain('Budget cap $6.00 (budget.max-usd): $1.35 to spare.');
    expect(result.stderr).toBe('');
  });

  it('prints the same as one JSON document with --json', async () => {
    const result = await runCli(['plan', 'examples/storyboard.yaml', '--json'], { cwd: clone });
    expect(result.code).toBe(0);
    const plan = JSON.parse(result.stdout) as { shots: Array<{ id: string; kind: string; costMicroUsd: number }>; totalMicroUsd: number; priceDate: string };
    expect(plan.shots.map((s) => `${s.id}:${s.kind}:${s.costMicroUsd}`)).toEqual([
      'skyline:create:400000', 'street:create:800000', 'street-night:remix:800000', 'rooftop:create:400000', 'harbour:create:1200000', 'harbour-night:extend:1050000',
    ]);
    expect(plan).toMatchObject({ totalMicroUsd: 4_650_000, priceDate: '2026-09-19', withinCap: true });
  });

  it('exits 3 when the plan costs more than --max-usd, after printing it, and says by how much', async () => {
    const result = await runCli(['plan', 'examples/storyboard.yaml', '--max-usd', '2'], { cwd: clone });
    expect(result.code).toBe(3);
    expect(result.stdout).toContain('Plan for neon-city');
    expect(result.stderr).toContain('Over budget: this plan costs $4.65, $2.65 more than the $2.00 cap (--max-usd).');
    const json = await runCli(['plan', 'examples/storyboard.yaml', '--max-usd', '2', '--json'], { cwd: clone });
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stdout)).toMatchObject({ overCapMicroUsd: 2_650_000, withinCap: false, cap: { source: '--max-usd' } });
  });

  it('lets the lower cap win: budget.max-usd below --max-usd', async () => {
    writeFileSync(path.join(temp, 'tight.yaml'), 'version: 1\nbudget: {max-usd: 0.5}\nshots:\n  - {id: a, prompt: A city at dusk, seconds: 8}\n');
    const result = await runCli(['plan', 'tight.yaml', '--max-usd', '100'], { cwd: temp });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('$0.30 more than the $0.50 cap (budget.max-usd)');
  });

  it('prints the problems of a broken storyboard like validate does, and exits 2', async () => {
    const result = await runCli(['plan', 'test/fixtures/storyboards/bad/remix-override.yaml', '--cache-dir', path.join(temp, 'cache')], { cwd: repo });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('test/fixtures/storyboards/bad/remix-override.yaml:10:5: a remix inherits model from "opening"');
    expect(result.stderr).toContain('1 problem in test/fixtures/storyboards/bad/remix-override.yaml');
  });

  it('refuses a --max-usd that is not an amount (exit 2)', async () => {
    const result = await runCli(['plan', 'examples/storyboard.yaml', '--max-usd', 'lots'], { cwd: clone });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--max-usd must be a number of US dollars');
  });
});
