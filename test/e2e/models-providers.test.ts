// `render models` for Runway and OpenRouter, run as a user would: each catalog with capabilities, sizes, durations,
// prices in the provider's own unit (credits; `pricing_skus` under their live names) and the date; and
// `--refresh openrouter` against the simulator's OpenRouter face, whose file a storyboard then validates and plans
// against, its fetch date being the price date.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { openRouterModels } from '../../src/catalog/openrouter-catalog.js';
import { runCli } from '../support/cli.js';

describe('render models --provider runway | openrouter', () => {
  it('lists the Runway models with endpoints, sizes, seconds and credits per second', async () => {
    const result = await runCli(['models', '--provider', 'runway']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('gen4.5  (runway)');
    expect(result.stdout).toMatch(/veo3\.1_fast  \(runway\)[^\n]*\n {2}takes {4}reference, last-frame, audio \(on by default\)\n {2}sizes {4}1280x720, 720x1280, 1080x1920, 1920x1080\n {2}seconds {2}4, 6, 8\n {2}price {4}15 credits\/s with audio \(\$0\.15\/s\), 10 without \(\$0\.10\/s\), unverified \(in credits, 1 credit = \$0\.01; read 2026-04-21\)/);
    expect(result.stdout).toMatch(/aleph2  \(runway\)[\s\S]*?takes {4}remix only[\s\S]*?sizes {4}the source clip's/);
    expect(result.stdout).not.toContain('sora-2');
  });

  it('lists the OpenRouter models with their pricing_skus as sent, in --json too', async () => {
    const text = await runCli(['models', '--provider', 'openrouter']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/alibaba\/wan-3\.0  \(openrouter\)[\s\S]*?price {4}duration_seconds_480p: 0\.05, duration_seconds_720p: 0\.10, duration_seconds_1080p: 0\.20 \(pricing_skus as OpenRouter sends them; read 2026-09-12\)/);
    const json = await runCli(['models', '--provider', 'openrouter', '--json']);
    const { models } = JSON.parse(json.stdout) as { models: Array<{ provider: string; model: string; capabilities: string[]; price: { unit: string; text: string } }> };
    expect(models.map((m) => m.model)).toEqual(openRouterModels.map((m) => m.id));
    expect(models.find((m) => m.model === 'bytedance/seedance-2.0-fast')).toMatchObject({ capabilities: ['reference', 'last-frame', 'remix (previous_job_id)', 'audio (on by default)'], price: { unit: 'token', text: 'video_tokens: 0.0000056' } });
  });
});

describe('render models --refresh openrouter', () => {
  let sim: Simulator;
  let dir: string;
  const listed = [
    { ...openRouterModels[0]!, id: 'google/veo-3.1', pricingSkus: { duration_seconds_with_audio_720p: '0.40', duration_seconds_without_audio_720p: '0.20' }, generateAudio: true },
    openRouterModels[1]!,
  ];

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, openRouter: { models: listed } });
    dir = mkdtempSync(path.join(tmpdir(), 'render-refresh-'));
  });
  afterAll(async () => {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes a dated catalog file with the price keys as sent, which a storyboard validates and plans against', async () => {
    const env = { RENDER_OPENROUTER_BASE_URL: sim.openRouterBaseURL, OPENROUTER_API_KEY: '' };
    const refresh = await runCli(['models', '--refresh', 'openrouter', '--out', 'catalogs/openrouter.json'], { cwd: dir, env });
    expect(refresh.stderr).toBe('');
    expect(refresh.code).toBe(0);
    expect(refresh.stdout).toMatch(/^Wrote .*catalogs\/openrouter\.json: 2 models \(0 rows left out\), fetched \d{4}-\d{2}-\d{2}T/);
    const file = JSON.parse(readFileSync(path.join(dir, 'catalogs/openrouter.json'), 'utf8')) as { provider: string; fetchedAt: string; source: string; models: Array<{ id: string; pricingSkus: Record<string, string> }> };
    expect(file).toMatchObject({ provider: 'openrouter', source: `GET ${sim.openRouterBaseURL}/videos/models` });
    expect(Date.now() - Date.parse(file.fetchedAt)).toBeLessThan(60_000);
    expect(file.models.map((m) => m.id)).toEqual(['google/veo-3.1', 'minimax/hailuo-3-max']);
    expect(file.models[0]?.pricingSkus).toEqual({ duration_seconds_with_audio_720p: '0.40', duration_seconds_without_audio_720p: '0.20' });

    // Dated a year back, the same file's prices are called out as old.
    writeFileSync(path.join(dir, 'catalogs/old.json'), JSON.stringify({ ...file, fetchedAt: '2025-06-01T00:00:00.000Z' }));
    const storyboard = (catalog: string, model: string) =>
      `version: 1\nproviders:\n  openrouter: {catalog: ${catalog}}\nshots:\n  - id: dunes\n    provider: openrouter\n    model: ${model}\n    size: 1280x720\n    seconds: 5\n    prompt: Dunes at noon.\n`;
    writeFileSync(path.join(dir, 'fresh.yaml'), storyboard('catalogs/openrouter.json', 'google/veo-3.1'));
    writeFileSync(path.join(dir, 'old.yaml'), storyboard('catalogs/old.json', 'google/veo-3.1'));
    writeFileSync(path.join(dir, 'builtin-model.yaml'), storyboard('catalogs/openrouter.json', 'alibaba/wan-3.0'));

    const fresh = await runCli(['plan', 'fresh.yaml', '--json', '--cache-dir', path.join(dir, 'cache')], { cwd: dir });
    expect(fresh.code).toBe(0);
    const freshPlan = JSON.parse(fresh.stdout) as { shots: Array<{ costMicroUsd: number }>; prices: Array<{ provider: string; date: string; source: string }>; priceAge: { stale: unknown[] } };
    // generate_audio true: the with-audio SKU, 0.40 × 5 s.
    expect(freshPlan.shots[0]?.costMicroUsd).toBe(2_000_000);
    expect(freshPlan.prices).toEqual([{ provider: 'openrouter', date: file.fetchedAt.slice(0, 10), source: `GET ${sim.openRouterBaseURL}/videos/models` }]);
    expect(freshPlan.priceAge.stale).toEqual([]);

    const old = await runCli(['plan', 'old.yaml', '--cache-dir', path.join(dir, 'cache')], { cwd: dir });
    expect(old.code).toBe(0);
    expect(old.stdout).toMatch(/Warning: the openrouter prices are \d+ days old \(read 2025-06-01, older than 90 days\)/);

    const unknown = await runCli(['validate', 'builtin-model.yaml'], { cwd: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stdout + unknown.stderr).toContain('builtin-model.yaml:7:5: unknown openrouter model "alibaba/wan-3.0"; openrouter models in catalogs/openrouter.json: google/veo-3.1, minimax/hailuo-3-max');
  });

  it('refuses a provider whose catalog is built in, and says where it could not connect', async () => {
    const runway = await runCli(['models', '--refresh', 'runway'], { cwd: dir });
    expect(runway.code).toBe(2);
    expect(runway.stderr).toMatch(/cannot refresh the catalog of 'runway'/);
    const down = await runCli(['models', '--refresh', 'openrouter', '--out', 'x.json'], { cwd: dir, env: { RENDER_OPENROUTER_BASE_URL: 'http://127.0.0.1:9/api/v1', OPENROUTER_API_KEY: 'sk-or-v1-secret-never-printed' } });
    expect(down.code).toBe(1);
    expect(down.stderr).toContain('cannot read http://127.0.0.1:9/api/v1/videos/models');
    expect(down.stderr).not.toContain('sk-or-v1-secret-never-printed');
  });
});
