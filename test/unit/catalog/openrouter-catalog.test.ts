// The built-in OpenRouter models and what a shot costs from their live-shaped `pricing_skus`, exactly, failing closed.
import { describe, expect, it } from 'vitest';
import { openRouterFrameOf, openRouterModel, openRouterModels, openRouterShotCostMicro, openRouterSizeList } from '../../../src/catalog/openrouter-catalog.js';
import { skuMicro } from '../../../src/catalog/openrouter-price.js';
import type { OpenRouterModelData } from '../../../src/catalog/openrouter-types.js';

const wan = openRouterModel('alibaba/wan-3.0') as OpenRouterModelData;

describe('OpenRouter catalog', () => {
  it('maps every ratio and resolution to an even WIDTHxHEIGHT, and back', () => {
    expect(wan.sizes['16:9']).toEqual({ '480p': '854x480', '720p': '1280x720', '1080p': '1920x1080' });
    expect(wan.sizes['9:16']?.['720p']).toBe('720x1280');
    expect(openRouterModel('minimax/hailuo-3-max')?.sizes['16:9']?.['768p']).toBe('1366x768');
    expect(openRouterFrameOf(wan, '720x1280')).toEqual({ aspectRatio: '9:16', resolution: '720p' });
    expect(openRouterFrameOf(wan, '1000x1000')).toBeUndefined();
    expect(openRouterSizeList(wan)).toContain('1080x1080');
    for (const model of openRouterModels) {
      expect(model.provider).toBe('openrouter');
      expect(model.priceDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(model.priceSource).toMatch(/^(GET )?https:\/\/(openrouter\.ai|github\.com\/OpenRouterTeam)\//);
      for (const size of openRouterSizeList(model)) expect(size).toMatch(/^\d*[02468]x\d*[02468]$/);
    }
  });

  it('prices per second under the live key names, in integer micro-dollars', () => {
    expect(openRouterShotCostMicro('alibaba/wan-3.0', { size: '854x480', seconds: 2 })).toBe(100_000);
    expect(openRouterShotCostMicro('alibaba/wan-3.0', { size: '1920x1080', seconds: 5 })).toBe(1_000_000);
    expect(openRouterShotCostMicro('minimax/hailuo-3-max', { size: '1366x768', seconds: 6 })).toBe(480_000);
    // Kling prices text- and image-to-video apart.
    expect(openRouterShotCostMicro('kwaivgi/kling-v3.0-std', { size: '1280x720', seconds: 5 })).toBe(420_000);
    expect(openRouterShotCostMicro('kwaivgi/kling-v3.0-std', { size: '1280x720', seconds: 5, firstFrame: true })).toBe(420_000);
  });

  it('fails closed: unknown model, size or duration, token-priced models, no SKUs', () => {
    expect(openRouterShotCostMicro('nobody/none', { size: '1280x720', seconds: 4 })).toBeUndefined();
    expect(openRouterShotCostMicro('alibaba/wan-3.0', { size: '3840x2160', seconds: 4 })).toBeUndefined();
    expect(openRouterShotCostMicro('alibaba/wan-3.0', { size: '1280x720', seconds: 7 })).toBeUndefined();
    expect(openRouterShotCostMicro('bytedance/seedance-2.0-fast', { size: '1280x720', seconds: 4 })).toBeUndefined();
    expect(openRouterShotCostMicro({ ...wan, pricingSkus: null }, { size: '1280x720', seconds: 4 })).toBeUndefined();
  });

  it('reads audio splits, cents and the per-job floor', () => {
    const split = { ...wan, generateAudio: true, pricingSkus: { duration_seconds_with_audio_720p: '0.4', duration_seconds_without_audio_720p: '0.2' } };
    expect(openRouterShotCostMicro(split, { size: '1280x720', seconds: 4 })).toBe(1_600_000);
    expect(openRouterShotCostMicro(split, { size: '1280x720', seconds: 4, audio: false })).toBe(800_000);
    const cents = { ...wan, pricingSkus: { cents_per_second_output_720p: '7.5', minimum_cents_per_generation: '50' } };
    expect(openRouterShotCostMicro(cents, { size: '1280x720', seconds: 2 })).toBe(500_000);
    expect(openRouterShotCostMicro(cents, { size: '1280x720', seconds: 10 })).toBe(750_000);
  });

  it('converts decimal strings exactly and rounds a sub-micro-dollar part up', () => {
    expect(skuMicro('0.10', 1_000_000, 3)).toBe(300_000);
    expect(skuMicro('0.0000056', 1_000_000)).toBe(6);
    expect(skuMicro('0.1', 1_000_000, 3)).toBe(300_000);
    expect(skuMicro('-1', 1_000_000)).toBeUndefined();
    expect(skuMicro('1e3', 1_000_000)).toBeUndefined();
  });
});
