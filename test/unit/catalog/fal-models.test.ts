// The fal catalog: frames from aspect ratio + resolution, prices in each model's own unit, and ids the SDK agrees with.
import { parseEndpointId } from '@fal-ai/client';
import { describe, expect, it } from 'vitest';
import { falCharge, falEndpoints, falFamily, falModels } from '../../../src/catalog/fal-catalog.js';
import { frameFor } from '../../../src/catalog/fal-sizes.js';
import type { FalPrice } from '../../../src/catalog/types.js';

describe('fal frames', () => {
  it.each([
    ['16:9', '720p', '1280x720'],
    ['9:16', '720p', '720x1280'],
    ['16:9', '1080p', '1920x1080'],
    ['16:9', '4k', '3840x2160'],
    ['1:1', '480p', '480x480'],
    ['21:9', '720p', '1680x720'],
    ['16:9', '768p', '1366x768'],
    ['16:9', '480p', '854x480'],
  ])('%s at %s is %s', (ratio, resolution, frame) => {
    expect(frameFor(ratio, resolution)).toBe(frame);
  });

  it('knows no frame for an unknown resolution or ratio', () => {
    expect(frameFor('16:9', '999p')).toBeUndefined();
    expect(frameFor('auto', '720p')).toBeUndefined();
  });
});

describe('fal prices', () => {
  const perSecond: FalPrice = { unit: 'second', usdPerSecond: { '720p': { audio: 0.15, silent: 0.1 } } };

  it('prices per second by resolution and audio, per video by duration, per token by frame and length', () => {
    expect(falCharge(perSecond, { resolution: '720p', size: '1280x720', seconds: 8, audio: true })).toEqual({ microUsd: 1_200_000, units: 8, unit: 'second' });
    expect(falCharge(perSecond, { resolution: '720p', size: '1280x720', seconds: 8, audio: false })?.microUsd).toBe(800_000);
    expect(falCharge({ unit: 'video', usdPerVideo: { '6': 0.28, '10': 0.56 } }, { resolution: '768p', size: '1366x768', seconds: 10, audio: false })).toEqual({ microUsd: 560_000, units: 1, unit: 'video' });
    // Seedance 2.0 at 720p 16:9: 21,600 tokens a second at $0.014 per 1000, $0.3024 a second as its page says.
    const seedance = falFamily('bytedance/seedance-2.0')?.endpoints[0]?.price;
    expect(seedance && falCharge(seedance, { resolution: '720p', size: '1280x720', seconds: 1, audio: true })).toEqual({ microUsd: 302_400, units: 21_600, unit: 'token' });
  });

  it('fails closed when the catalog has no price', () => {
    expect(falCharge(perSecond, { resolution: '4k', size: '3840x2160', seconds: 4, audio: true })).toBeUndefined();
    expect(falCharge({ unit: 'video', usdPerVideo: { '6': 0.28 } }, { resolution: '768p', size: '1366x768', seconds: 10, audio: false })).toBeUndefined();
  });
});

describe('fal catalog entries', () => {
  it('has Veo 3.1 standard and fast with text, image, first/last frame and extend, plus Kling, Seedance 2.0, Wan 2.7 and Hailuo', () => {
    for (const family of ['fal-ai/veo3.1', 'fal-ai/veo3.1/fast']) {
      expect(falFamily(family)?.endpoints.map((e) => e.mode)).toEqual(expect.arrayContaining(['text-to-video', 'image-to-video', 'first-last-frame-to-video', 'extend']));
    }
    expect(falModels.map((m) => m.family)).toEqual(expect.arrayContaining(['fal-ai/kling-video/v3/pro', 'bytedance/seedance-2.0', 'fal-ai/wan/v2.7', 'fal-ai/minimax/hailuo-2.3/standard']));
  });

  it.each(falModels.map((m) => [m.family, m] as const))('%s: every endpoint lives under its app as the SDK parses it, and every default is allowed and priced', (_family, model) => {
    for (const endpoint of model.endpoints) {
      const { owner, alias } = parseEndpointId(endpoint.id);
      expect(`${owner}/${alias}`).toBe(model.app);
      expect(endpoint.id.startsWith(model.family) || endpoint.id === model.family).toBe(true);
      const durations = endpoint.durations ?? model.durations;
      expect(durations.values).toContain(durations.default);
      const ratio = endpoint.defaultAspectRatio === 'auto' ? Object.keys(model.sizes)[0] ?? '' : endpoint.defaultAspectRatio;
      const size = model.sizes[ratio]?.[model.resolutions.default];
      expect(size, `${endpoint.id} ${ratio} ${model.resolutions.default}`).toMatch(/^\d+x\d+$/);
      const charge = falCharge(endpoint.price, { resolution: model.resolutions.default, size: size ?? '', seconds: durations.default, audio: model.audio.default });
      expect(charge?.microUsd, endpoint.id).toBeGreaterThan(0);
    }
    expect(model.priceSource).toMatch(/^https:\/\/fal\.ai\//);
    expect(model.priceDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('finds both modes of one endpoint id (Wan image-to-video continues a clip when given video_url)', () => {
    expect(falEndpoints('fal-ai/wan/v2.7/image-to-video').map((m) => m.endpoint.mode).sort()).toEqual(['extend', 'image-to-video']);
  });
});
