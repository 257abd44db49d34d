// `render models`, run as a user would: the catalog of both providers with capabilities, sizes, seconds and prices
// in each provider's unit and date; --provider narrows it; an unknown provider is a usage error.
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

describe('render models', () => {
  it('lists the fal models with their inputs, sizes, durations and prices in fal units', async () => {
    const result = await runCli(['models', '--provider', 'fal']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('fal-ai/veo3.1/fast  (fal)');
    expect(result.stdout).toMatch(/takes {4}reference, last-frame, references \(up to 3\), extend, audio/);
    expect(result.stdout).toContain('$0.28 per 6 s video');
    expect(result.stdout).toContain('per 1000 tokens');
    expect(result.stdout).toContain('read 2026-12-01');
    expect(result.stdout).not.toContain('sora-2');
  });

  it('--json lists both providers, each price with its unit, date and source', async () => {
    const result = await runCli(['models', '--json']);
    expect(result.code).toBe(0);
    const { models } = JSON.parse(result.stdout) as { models: Array<{ provider: string; model: string; price: { unit: string; date: string; source: string }; seconds: number[] }> };
    expect(models.find((m) => m.model === 'sora-2')).toMatchObject({ provider: 'openai', seconds: [4, 8, 12], price: { unit: 'second', date: '2026-09-19' } });
    expect(models.find((m) => m.model === 'fal-ai/minimax/hailuo-2.3/standard')).toMatchObject({ provider: 'fal', seconds: [6, 10], price: { unit: 'video', date: '2026-12-01' } });
    expect(models.every((m) => /https:\/\//.test(m.price.source))).toBe(true);
  });

  it('refuses an unknown provider with a hint', async () => {
    const result = await runCli(['models', '--provider', 'luma']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown provider 'luma'[\s\S]*--provider runway, --provider openrouter/);
  });
});
