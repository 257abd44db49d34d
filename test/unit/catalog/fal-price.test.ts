// A fal shot priced from the catalog in fal's own unit (per second, per video, per token), exactly, as the plan and
// the budget cap need it; what the catalog cannot price is undefined (the plan refuses it).
import { describe, expect, it } from 'vitest';
import { falShotCostMicro } from '../../../src/catalog/fal-price.js';
import { catalogListing } from '../../../src/catalog/listing.js';

describe('falShotCostMicro', () => {
  it('prices per second, per video and per token', () => {
    expect(falShotCostMicro('fal-ai/wan/v2.7', { size: '1280x720', seconds: 2 })).toBe(200_000);
    expect(falShotCostMicro('fal-ai/wan/v2.7', { size: '1920x1080', seconds: 2 })).toBe(300_000);
    // Veo 3.1 Fast generates audio by default: $0.15 per second at 1080p.
    expect(falShotCostMicro('fal-ai/veo3.1/fast', { size: '1920x1080', seconds: 8, media: { firstFrame: true } })).toBe(1_200_000);
    expect(falShotCostMicro('fal-ai/minimax/hailuo-2.3/standard', { size: '1366x768', seconds: 10 })).toBe(560_000);
    // 1280 × 720 × 5 × 24 / 1024 = 108,000 tokens at $0.014 per 1000.
    expect(falShotCostMicro('bytedance/seedance-2.0', { size: '1280x720', seconds: 5, media: { references: 2 } })).toBe(1_512_000);
    // An extension bills the seconds it adds, at its source's resolution.
    expect(falShotCostMicro('fal-ai/veo3.1/fast', { size: '1280x720', seconds: 7, media: { sourceVideo: true } })).toBe(1_050_000);
  });

  it('fails closed', () => {
    expect(falShotCostMicro('fal-ai/nope', { size: '1280x720', seconds: 4 })).toBeUndefined();
    expect(falShotCostMicro('fal-ai/minimax/hailuo-2.3/standard', { size: '1366x768', seconds: 8 })).toBeUndefined();
    expect(falShotCostMicro('fal-ai/kling-video/v3/pro', { size: '1920x1080', seconds: 5, media: { references: 1 } })).toBeUndefined();
  });
});

describe('catalogListing', () => {
  it('lists every provider, each fal family with its endpoints by mode', () => {
    const all = catalogListing();
    expect(new Set(all.map((m) => m.provider))).toEqual(new Set(['openai', 'fal', 'runway', 'openrouter']));
    expect(catalogListing('fal').find((m) => m.model === 'fal-ai/veo3.1/fast')?.endpoints).toMatchObject({ extend: 'fal-ai/veo3.1/fast/extend-video', 'image-to-video': 'fal-ai/veo3.1/fast/image-to-video' });
    expect(catalogListing('openai').every((m) => m.capabilities.includes('remix'))).toBe(true);
  });
});
