// Runway and OpenRouter shots are priced from their own catalogs (Runway credits, OpenRouter `pricing_skus`), each
// with its own price date and source; what has no price is refused (fail closed); a catalog file's models win.
import { describe, expect, it } from 'vitest';
import { builtinCatalog } from '../../../src/catalog/catalog.js';
import { openRouterModels } from '../../../src/catalog/openrouter-catalog.js';
import { planStoryboard } from '../../../src/plan/plan.js';
import type { Shot, ShotReference, Storyboard } from '../../../src/storyboard/model.js';

const frame: ShotReference = { path: 'refs/a.png', absPath: '/refs/a.png', mime: 'image/png', width: 1280, height: 720 };

function shot(id: string, extra: Partial<Shot>): Shot {
  return { id, prompt: `prompt of ${id}`, provider: 'openai', model: 'sora-2', size: '1280x720', seconds: 4, referenceFit: 'cover', take: 1, retries: 0, location: { file: 'sb.yaml', line: 3, col: 5 }, ...extra };
}

function storyboard(shots: Shot[], catalogs?: Storyboard['catalogs']): Storyboard {
  return {
    version: 1, file: '/sb.yaml', dir: '/', sourceSha256: '0'.repeat(64), name: 'demo', provider: {}, providers: {}, models: {}, budget: { countFailed: true }, concurrency: 3, rateLimit: {}, shots,
    ...(catalogs ? { catalogs } : {}),
    cut: { output: 'final.mp4', entries: shots.map((s) => ({ shot: s.id })), transition: { type: 'cut', seconds: 0.5 }, audio: { loudnorm: false, targetLufs: -16 }, size: '1280x720', fit: 'contain' },
  };
}

describe('planStoryboard: runway', () => {
  it('prices credits per output second at the model audio default, a remix as a video_to_video of its parent', () => {
    const plan = planStoryboard(
      storyboard([
        shot('text', { provider: 'runway', model: 'gen4.5', seconds: 5 }),
        shot('frames', { provider: 'runway', model: 'veo3.1_fast', seconds: 6, reference: frame, lastFrame: frame }),
        shot('market', { provider: 'runway', model: 'seedance2', seconds: 5 }),
        shot('market-rain', { provider: 'runway', model: 'seedance2', seconds: 5, remixOf: 'market' }),
      ]),
      builtinCatalog,
    );
    // 12 credits/s × 5; 15 (audio on) × 6; 36 × 5 twice; 1 credit = 10,000 micro-dollars.
    expect(plan.shots.map((s) => [s.id, s.kind, s.provider, s.costMicroUsd])).toEqual([
      ['text', 'create', 'runway', 600_000],
      ['frames', 'create', 'runway', 900_000],
      ['market', 'create', 'runway', 1_800_000],
      ['market-rain', 'remix', 'runway', 1_800_000],
    ]);
    expect(plan.prices).toEqual([{ provider: 'runway', date: '2026-04-21', source: expect.stringContaining('https://docs.dev.runwayml.com/guides/pricing/') }]);
  });

  it('refuses a runway shot the catalog cannot price: a size its endpoint does not make, an endpoint it lacks', () => {
    expect(() => planStoryboard(storyboard([shot('sq', { provider: 'runway', model: 'gen4.5', size: '960x960', seconds: 5 })]), builtinCatalog)).toThrow(
      expect.objectContaining({ code: 'MODEL_NO_PRICE', shot: 'sq', location: { file: 'sb.yaml', line: 3, col: 5 } }),
    );
    expect(() => planStoryboard(storyboard([shot('turbo', { provider: 'runway', model: 'gen4_turbo', seconds: 5 })]), builtinCatalog)).toThrow(/no price for gen4_turbo/);
  });
});

describe('planStoryboard: openrouter', () => {
  it("prices from the model's per-second SKU with the model's own date and source", () => {
    const plan = planStoryboard(storyboard([shot('dunes', { provider: 'openrouter', model: 'alibaba/wan-3.0', seconds: 5, reference: frame }), shot('road', { provider: 'openrouter', model: 'kwaivgi/kling-v3.0-std', size: '720x720', seconds: 10 })]), builtinCatalog);
    expect(plan.shots.map((s) => s.costMicroUsd)).toEqual([500_000, 840_000]);
    expect(plan.prices.map((p) => [p.provider, p.date])).toEqual([['openrouter', '2026-09-12'], ['openrouter', '2026-09-12']]);
  });

  it('refuses a model priced per video token (no published tokens per second): fail closed', () => {
    expect(() => planStoryboard(storyboard([shot('s', { provider: 'openrouter', model: 'bytedance/seedance-2.0-fast', seconds: 5 })]), builtinCatalog)).toThrow(
      expect.objectContaining({ code: 'MODEL_NO_PRICE', shot: 's' }),
    );
  });

  it("uses a storyboard's catalog file instead of the built-ins, its fetch date the price date", () => {
    const wan = openRouterModels.find((m) => m.id === 'alibaba/wan-3.0')!;
    const models = [{ ...wan, pricingSkus: { duration_seconds_720p: '0.09' }, priceDate: '2026-11-20', priceSource: 'GET http://127.0.0.1:1/videos/models' }];
    const catalogs = { openrouter: { path: 'c.json', absPath: '/c.json', fetchedAt: '2026-11-20T10:00:00.000Z', source: 'GET http://127.0.0.1:1/videos/models', models } };
    const plan = planStoryboard(storyboard([shot('dunes', { provider: 'openrouter', model: 'alibaba/wan-3.0', seconds: 5 })], catalogs), builtinCatalog);
    expect(plan.shots[0]?.costMicroUsd).toBe(450_000);
    expect(plan.prices).toEqual([{ provider: 'openrouter', date: '2026-11-20', source: 'GET http://127.0.0.1:1/videos/models' }]);
    // A built-in model the file does not list cannot be priced from it.
    expect(() => planStoryboard(storyboard([shot('road', { provider: 'openrouter', model: 'kwaivgi/kling-v3.0-std', size: '720x720', seconds: 10 })], catalogs), builtinCatalog)).toThrow(/no price/);
  });
});
