// Runway shots priced and routed from the catalog alone: credits per second to micro-dollars, the endpoint a shot's
// inputs pick, sizes to Runway's ratios; what the catalog cannot say is undefined (the plan refuses it).
import { describe, expect, it } from 'vitest';
import { runwayTier, tierOfMonthlyCap } from '../../../src/catalog/runway-tiers.js';
import { creditsToMicroUsd, pickRunwayEndpoint, ratioForSize, runwayCredits, runwayModel, runwayModels, runwayShotCostMicro } from '../../../src/catalog/runway-catalog.js';

const model = (name: string) => {
  const entry = runwayModel(name);
  if (!entry) throw new Error(`no ${name}`);
  return entry;
};

describe('runwayShotCostMicro', () => {
  it('prices credits per output second at $0.01 a credit', () => {
    // Gen-4.5: 12 credits/s, 5 s = 60 credits = $0.60.
    expect(runwayShotCostMicro('gen4.5', { size: '1280x720', seconds: 5 })).toBe(600_000);
    expect(runwayShotCostMicro('gen4_turbo', { size: '960x960', seconds: 10, media: { firstFrame: true } })).toBe(500_000);
    // Veo 3.1 with its default audio: 40 credits/s.
    expect(runwayShotCostMicro('veo3.1', { size: '1920x1080', seconds: 8 })).toBe(3_200_000);
    expect(runwayShotCostMicro('veo3.1_fast', { size: '720x1280', seconds: 4, media: { firstFrame: true, lastFrame: true } })).toBe(600_000);
    expect(runwayShotCostMicro('seedance2', { size: '992x432', seconds: 6, media: { sourceVideo: true } })).toBe(2_160_000);
    // Aleph 2 keeps its source's frame: any size, billed by its length.
    expect(runwayShotCostMicro('aleph2', { size: '640x360', seconds: 3, media: { sourceVideo: true } })).toBe(1_200_000);
  });

  it('fails closed on what the model does not do', () => {
    expect(runwayShotCostMicro('gen5', { size: '1280x720', seconds: 5 })).toBeUndefined();
    // gen4_turbo needs an image; Gen-4.5 text-to-video has two ratios only; Veo has 4/6/8 s.
    expect(runwayShotCostMicro('gen4_turbo', { size: '1280x720', seconds: 5 })).toBeUndefined();
    expect(runwayShotCostMicro('gen4.5', { size: '960x960', seconds: 5 })).toBeUndefined();
    expect(runwayShotCostMicro('veo3.1', { size: '1280x720', seconds: 5 })).toBeUndefined();
    expect(runwayShotCostMicro('gen4.5', { size: '1280x720', seconds: 11 })).toBeUndefined();
    // No last frame on Gen-4.5, no last frame alone anywhere, no source video on Veo.
    expect(runwayShotCostMicro('gen4.5', { size: '1280x720', seconds: 5, media: { firstFrame: true, lastFrame: true } })).toBeUndefined();
    expect(runwayShotCostMicro('veo3.1', { size: '1280x720', seconds: 4, media: { lastFrame: true } })).toBeUndefined();
    expect(runwayShotCostMicro('veo3.1', { size: '1280x720', seconds: 4, media: { sourceVideo: true } })).toBeUndefined();
    // Seedance 1080p is not priced here.
    expect(runwayShotCostMicro('seedance2', { size: '1920x1080', seconds: 5 })).toBeUndefined();
  });

  it('always returns whole micro-dollars', () => {
    for (const entry of runwayModels) {
      for (const endpoint of entry.endpoints) {
        for (const size of Object.values(endpoint.ratios)) {
          const cost = runwayShotCostMicro(entry.model, { size, seconds: entry.durations.values[0] ?? 4, media: { firstFrame: endpoint.name === 'image_to_video', sourceVideo: endpoint.name === 'video_to_video' } });
          expect(Number.isSafeInteger(cost)).toBe(true);
        }
      }
    }
  });
});

describe('endpoint and ratio look-ups', () => {
  it('picks the endpoint from what the shot gives', () => {
    expect(pickRunwayEndpoint(model('veo3.1'))?.name).toBe('text_to_video');
    expect(pickRunwayEndpoint(model('veo3.1'), { firstFrame: true })?.name).toBe('image_to_video');
    expect(pickRunwayEndpoint(model('veo3.1'), { firstFrame: true, lastFrame: true })?.name).toBe('image_to_video');
    expect(pickRunwayEndpoint(model('seedance2'), { sourceVideo: true })?.name).toBe('video_to_video');
    expect(pickRunwayEndpoint(model('gen4_turbo'))).toBeUndefined();
    expect(pickRunwayEndpoint(model('aleph2'))).toBeUndefined();
  });

  it('maps WIDTHxHEIGHT to the ratio Runway spells, per endpoint', () => {
    const gen45 = model('gen4.5');
    expect(ratioForSize(gen45.endpoints[0]!, '720x1280')).toBe('720:1280');
    expect(ratioForSize(gen45.endpoints[1]!, '1584x672')).toBe('1584:672');
    expect(ratioForSize(gen45.endpoints[0]!, '1584x672')).toBeUndefined();
  });

  it('converts credits exactly, with the audio switch where it changes the price', () => {
    expect(creditsToMicroUsd(1)).toBe(10_000);
    expect(runwayCredits(model('veo3.1_fast'), 8, false)).toBe(80);
    expect(runwayCredits(model('veo3.1_fast'), 8, true)).toBe(120);
  });
});

describe('tiers', () => {
  it('tells the tier from the monthly cap the API reports, and has the limits of each', () => {
    expect(tierOfMonthlyCap(10_000)).toBe(1);
    expect(tierOfMonthlyCap(200_000)).toBe(3);
    expect(tierOfMonthlyCap(12_345)).toBeUndefined();
    expect(runwayTier(1)).toMatchObject({ maxConcurrentGenerations: 1, maxDailyGenerations: 50 });
    expect(runwayTier(5)).toMatchObject({ maxConcurrentGenerations: 20, maxDailyGenerations: 25_000 });
  });
});
