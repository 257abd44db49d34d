// The Runway catalog is consistent data: every model names its price source and date, every ratio is the pixel size
// it makes, required and optional fields never overlap, and keyframe positions sit only on image_to_video.
import { describe, expect, it } from 'vitest';
import { runwayModels } from '../../../src/catalog/runway-catalog.js';

describe('runway models', () => {
  it('has the models the SDK serves, each with a dated public price source', () => {
    expect(runwayModels.map((m) => m.model)).toEqual(['gen4.5', 'gen4_turbo', 'veo3.1', 'veo3.1_fast', 'seedance2', 'aleph2']);
    for (const entry of runwayModels) {
      expect(entry.priceDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(entry.priceSource).toMatch(/^https:\/\//);
      expect(entry.endpoints.length).toBeGreaterThan(0);
    }
  });

  it('spells each ratio as the frame it makes, with even sides', () => {
    for (const endpoint of runwayModels.flatMap((m) => m.endpoints)) {
      for (const [ratio, size] of Object.entries(endpoint.ratios)) {
        expect(size).toBe(ratio.replace(':', 'x'));
        expect(size.split('x').map(Number).every((side) => side > 0 && side % 2 === 0)).toBe(true);
      }
    }
  });

  it('keeps required and optional fields apart, and media fields where they belong', () => {
    for (const endpoint of runwayModels.flatMap((m) => m.endpoints)) {
      expect(endpoint.required.filter((field) => endpoint.optional.includes(field))).toEqual([]);
      expect(endpoint.positions !== undefined).toBe(endpoint.name === 'image_to_video');
      expect(endpoint.sourceVideoField !== undefined).toBe(endpoint.name === 'video_to_video');
      if (endpoint.sourceVideoField) expect(endpoint.required).toContain(endpoint.sourceVideoField);
      if (endpoint.name === 'image_to_video') expect(endpoint.required).toContain('promptImage');
    }
  });
});
