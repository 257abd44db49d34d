// The dated OpenRouter catalog file: what --refresh writes reads back as the same models (price keys as sent, the
// fetch date as every model's price date), and a file that is not such a catalog is refused with a reason.
import { describe, expect, it } from 'vitest';
import { catalogFromVideoModels, openRouterShotCostMicro } from '../../../src/catalog/openrouter-catalog.js';
import { openRouterCatalogFile, readOpenRouterCatalogFile } from '../../../src/catalog/openrouter-catalog-file.js';

const answer = {
  data: [
    { id: 'google/veo-3.1', name: 'Veo 3.1', supported_durations: [4, 6, 8], supported_resolutions: ['720p', '1080p'], supported_aspect_ratios: ['16:9'], supported_frame_images: ['first_frame', 'last_frame'], generate_audio: true, seed: true, allowed_passthrough_parameters: [], pricing_skus: { duration_seconds_with_audio_720p: '0.40', duration_seconds_without_audio_720p: '0.20' } },
    { id: 'topaz/upscale', name: 'Upscale', supported_durations: null, pricing_skus: { cents_per_second_output: '5' } },
  ],
};

describe('OpenRouter catalog file', () => {
  const data = catalogFromVideoModels(answer, '2026-11-20T10:00:00.000Z');
  const file = openRouterCatalogFile(data, 'GET http://127.0.0.1:1/api/v1/videos/models');

  it('round-trips through JSON: same models, keys as sent, the fetch date as price date', () => {
    const back = readOpenRouterCatalogFile(JSON.parse(JSON.stringify(file)));
    expect(typeof back).toBe('object');
    if (typeof back === 'string') return;
    expect(back).toMatchObject({ provider: 'openrouter', fetchedAt: '2026-11-20T10:00:00.000Z', source: 'GET http://127.0.0.1:1/api/v1/videos/models', skipped: [{ id: 'topaz/upscale' }] });
    expect(back.models).toEqual(file.models);
    expect(back.models[0]).toMatchObject({ id: 'google/veo-3.1', priceDate: '2026-11-20', pricingSkus: { duration_seconds_with_audio_720p: '0.40' } });
    expect(openRouterShotCostMicro('google/veo-3.1', { size: '1280x720', seconds: 8 }, back.models)).toBe(3_200_000);
  });

  it('refuses what is not an OpenRouter catalog, saying why', () => {
    expect(readOpenRouterCatalogFile([])).toMatch(/not an OpenRouter catalog/);
    expect(readOpenRouterCatalogFile({ ...file, fetchedAt: 'yesterday' })).toMatch(/fetchedAt/);
    expect(readOpenRouterCatalogFile({ ...file, models: 'all' })).toMatch(/no "models" list/);
    expect(readOpenRouterCatalogFile({ ...file, models: [{ ...file.models[0], durations: [4.5] }] })).toBe('model 1 has no whole-second durations');
    expect(readOpenRouterCatalogFile({ ...file, models: [{ ...file.models[0], pricingSkus: { duration_seconds_720p: 0.4 } }] })).toMatch(/pricingSkus/);
  });
});
