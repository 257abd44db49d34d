// catalogFromVideoModels on an answer shaped like the live `GET /api/v1/videos/models`: nulls where a capability does
// not apply, the live SKU key names kept, edit and upscale rows set aside with a reason.
import { describe, expect, it } from 'vitest';
import { catalogFromVideoModels, openRouterShotCostMicro } from '../../../src/catalog/openrouter-catalog.js';

const answer = {
  data: [
    {
      id: 'google/veo-3.1-lite', canonical_slug: 'google/veo-3.1-lite-20260801', name: 'Google: Veo 3.1 Lite', created: 1785000000,
      supported_resolutions: ['720p', '1080p'], supported_aspect_ratios: ['16:9', '9:16'], supported_sizes: null,
      supported_durations: [8, 4, 6], supported_frame_images: ['first_frame', 'last_frame'], generate_audio: true, seed: null,
      allowed_passthrough_parameters: ['personGeneration', 'aspectRatio', 'negativePrompt', 'conditioningScale', 'enhancePrompt'],
      upscale_factor: null, creativity: null,
      pricing_skus: { duration_seconds_with_audio_720p: '0.08', duration_seconds_without_audio_720p: '0.05', duration_seconds_with_audio_1080p: '0.12' },
    },
    {
      id: 'kwaivgi/kling-v3.0-pro', canonical_slug: 'kwaivgi/kling-v3.0-pro', name: 'Kling v3.0 Pro', created: 1785000001,
      supported_resolutions: ['720p'], supported_aspect_ratios: null, supported_sizes: ['1280x720', '720x1280', '720x720'],
      supported_durations: [5, 10], supported_frame_images: ['first_frame'], generate_audio: false, seed: false,
      allowed_passthrough_parameters: [], upscale_factor: null, creativity: null,
      pricing_skus: { text_to_video_duration_seconds_480p: '0.112', text_to_video_duration_seconds_720p: '0.112' },
      description: 'Kling 3.0 pro',
    },
    { id: 'topaz/video-upscale', canonical_slug: 'topaz/video-upscale', name: 'Upscale', created: 1, supported_resolutions: null, supported_aspect_ratios: null, supported_sizes: null, supported_durations: null, supported_frame_images: null, generate_audio: null, seed: null, allowed_passthrough_parameters: [], upscale_factor: { min: 2, max: 4 }, creativity: [1, 2, 3], pricing_skus: { cents_per_megapixel_second_2x: '0.4' } },
    { name: 'no id' },
  ],
};

describe('catalogFromVideoModels', () => {
  const catalog = catalogFromVideoModels(answer, '2026-12-01T22:00:00.000Z');

  it('keeps text-to-video rows with their sizes, capabilities and live SKU keys', () => {
    expect(catalog.models.map((m) => m.id)).toEqual(['google/veo-3.1-lite', 'kwaivgi/kling-v3.0-pro']);
    const [veo, kling] = catalog.models;
    expect(veo).toMatchObject({ provider: 'openrouter', durations: [4, 6, 8], generateAudio: true, seed: null, frameImages: ['first_frame', 'last_frame'], priceDate: '2026-12-01' });
    expect(veo?.sizes).toEqual({ '16:9': { '720p': '1280x720', '1080p': '1920x1080' }, '9:16': { '720p': '720x1280', '1080p': '1080x1920' } });
    expect(veo?.pricingSkus).toEqual(answer.data[0]?.pricing_skus);
    // No ratios listed: the sizes list names them.
    expect(kling?.sizes).toEqual({ '16:9': { '720p': '1280x720' }, '9:16': { '720p': '720x1280' }, '1:1': { '720p': '720x720' } });
    expect(kling?.description).toBe('Kling 3.0 pro');
  });

  it('prices the mapped entries from the kept keys (audio by default where the model has it)', () => {
    const [veo, kling] = catalog.models;
    expect(veo && openRouterShotCostMicro(veo, { size: '1280x720', seconds: 4 })).toBe(320_000);
    expect(veo && openRouterShotCostMicro(veo, { size: '1920x1080', seconds: 8, audio: false })).toBeUndefined();
    expect(kling && openRouterShotCostMicro(kling, { size: '720x1280', seconds: 10 })).toBe(1_120_000);
  });

  it('sets aside rows that are not text-to-video models, saying why, and refuses a malformed answer', () => {
    expect(catalog.skipped).toEqual([
      { id: 'topaz/video-upscale', reason: expect.stringMatching(/supported_durations/) },
      { id: '', reason: 'a row without an id' },
    ]);
    expect(() => catalogFromVideoModels({ models: [] }, 'x')).toThrow(/data/);
  });
});
