// Planning is pure: exact integer prices, parents before remixes, the storyboard order kept otherwise, fail closed.
import { describe, expect, it } from 'vitest';
import { builtinCatalog } from '../../../src/catalog/catalog.js';
import { effectiveCapMicro, planStoryboard } from '../../../src/plan/plan.js';
import type { Shot, Storyboard } from '../../../src/storyboard/model.js';

function shot(id: string, extra: Partial<Shot> = {}): Shot {
  return { id, prompt: `prompt of ${id}`, provider: 'openai', model: 'sora-2', size: '1280x720', seconds: 4, referenceFit: 'cover', take: 1, retries: 0, location: { file: 'sb.yaml', line: 1, col: 1 }, ...extra };
}

function storyboard(shots: Shot[]): Storyboard {
  return {
    version: 1, file: '/sb.yaml', dir: '/', sourceSha256: '0'.repeat(64), name: 'demo', provider: {}, providers: {}, models: {}, budget: { countFailed: true }, concurrency: 3, rateLimit: {}, shots,
    cut: { output: 'final.mp4', entries: shots.map((s) => ({ shot: s.id })), transition: { type: 'cut', seconds: 0.5 }, audio: { loudnorm: false, targetLufs: -16 }, size: '1280x720', fit: 'contain' },
  };
}

describe('planStoryboard', () => {
  it('prices each shot in integer micro-dollars from the catalog, with its date and source', () => {
    const plan = planStoryboard(storyboard([shot('a'), shot('b', { model: 'sora-2-pro', size: '1792x1024', seconds: 12, take: 3, retries: 2 })]), builtinCatalog);
    expect(plan.shots.map((s) => [s.id, s.kind, s.costMicroUsd])).toEqual([['a', 'create', 400_000], ['b', 'create', 6_000_000]]);
    expect(plan.shots[1]).toMatchObject({ model: 'sora-2-pro', size: '1792x1024', seconds: 12, take: 3, retries: 2, prompt: 'prompt of b', referenceFit: 'cover' });
    expect(plan).toMatchObject({ name: 'demo', totalMicroUsd: 6_400_000, priceDate: builtinCatalog.priceDate, priceSource: builtinCatalog.priceSource });
  });

  it('adds up a thousand 0.1 $/s shots exactly (no floating-point drift)', () => {
    const plan = planStoryboard(storyboard(Array.from({ length: 1000 }, (_, i) => shot(`s${i}`, { seconds: 12 }))), builtinCatalog);
    expect(plan.totalMicroUsd).toBe(1_200_000_000);
  });

  it('puts parents before their remixes and keeps the storyboard order otherwise', () => {
    const shots = [shot('x'), shot('rain', { remixOf: 'night' }), shot('night', { remixOf: 'day' }), shot('y'), shot('day'), shot('z', { remixOf: 'x' })];
    const plan = planStoryboard(storyboard(shots), builtinCatalog);
    expect(plan.shots.map((s) => `${s.id}:${s.kind}`)).toEqual(['x:create', 'day:create', 'night:remix', 'rain:remix', 'y:create', 'z:remix']);
    expect(plan.shots.find((s) => s.id === 'rain')?.remixOf).toBe('night');
  });

  it('refuses to plan what it cannot price (fail closed), naming the shot and its place', () => {
    const unpriced = { ...builtinCatalog, models: { 'sora-2': { ...builtinCatalog.models['sora-2']!, pricePerSecondUsd: {} } } };
    expect(() => planStoryboard(storyboard([shot('a', { location: { file: 'sb.yaml', line: 7, col: 5 } })]), unpriced)).toThrow(
      expect.objectContaining({ code: 'MODEL_NO_PRICE', exitCode: 2, shot: 'a', location: { file: 'sb.yaml', line: 7, col: 5 } }),
    );
    expect(() => planStoryboard(storyboard([shot('a', { model: 'constructor' })]), builtinCatalog)).toThrow(/no price for constructor/);
  });

  it('refuses a remix loop or a missing parent instead of recursing forever', () => {
    expect(() => planStoryboard(storyboard([shot('a', { remixOf: 'b' }), shot('b', { remixOf: 'a' })]), builtinCatalog)).toThrow(/cycle/);
    expect(() => planStoryboard(storyboard([shot('a', { remixOf: 'zz' })]), builtinCatalog)).toThrow(/names no shot/);
  });

  it('plans 1,000 shots with remix chains well under a second', () => {
    const shots = Array.from({ length: 1000 }, (_, i) => shot(`s${i}`, i % 4 === 0 ? {} : { remixOf: `s${i - 1}` }));
    const started = performance.now();
    const plan = planStoryboard(storyboard(shots.reverse()), builtinCatalog);
    expect(performance.now() - started).toBeLessThan(250);
    const position = new Map(plan.shots.map((s, i) => [s.id, i]));
    for (const s of plan.shots) if (s.remixOf) expect(position.get(s.remixOf)).toBeLessThan(position.get(s.id) ?? -1);
  });
});

describe('effectiveCapMicro', () => {
  it('takes the lower of budget.max-usd and --max-usd', () => {
    expect(effectiveCapMicro({})).toBeUndefined();
    expect(effectiveCapMicro({ maxUsd: 12_500_000 })).toBe(12_500_000);
    expect(effectiveCapMicro({}, 3.3)).toBe(3_300_000);
    expect(effectiveCapMicro({ maxUsd: 12_500_000 }, 20)).toBe(12_500_000);
    expect(effectiveCapMicro({ maxUsd: 12_500_000 }, 0)).toBe(0);
  });
});

describe('planStoryboard with fal shots', () => {
  it("prices a fal shot from its model's endpoint and an extension for the seconds it adds, its clip the parent's plus those", () => {
    const shots = [
      shot('harbour', { provider: 'fal', model: 'fal-ai/veo3.1/fast', seconds: 8 }),
      shot('harbour-more', { provider: 'fal', model: 'fal-ai/veo3.1/fast', seconds: 7, extendOf: 'harbour' }),
      shot('harbour-end', { provider: 'fal', model: 'fal-ai/veo3.1/fast', seconds: 7, extendOf: 'harbour-more' }),
    ];
    const plan = planStoryboard(storyboard(shots), builtinCatalog);
    const perSecond = plan.shots[0]!.costMicroUsd / 8;
    expect(plan.shots.map((s) => [s.id, s.kind, s.provider, s.extendOf, s.clipSeconds ?? s.seconds])).toEqual([
      ['harbour', 'create', 'fal', undefined, 8],
      ['harbour-more', 'extend', 'fal', 'harbour', 15],
      ['harbour-end', 'extend', 'fal', 'harbour-more', 22],
    ]);
    expect(perSecond).toBeGreaterThan(0);
    expect(plan.shots[1]!.costMicroUsd).toBe(perSecond * 7);
    expect(plan.prices.map((p) => p.provider)).toEqual(['fal']);
  });

  it('puts an extension after its parent even when the file lists it first', () => {
    const shots = [shot('more', { provider: 'fal', model: 'fal-ai/veo3.1/fast', seconds: 7, extendOf: 'base' }), shot('base', { provider: 'fal', model: 'fal-ai/veo3.1/fast', seconds: 8 })];
    expect(planStoryboard(storyboard(shots), builtinCatalog).shots.map((s) => s.id)).toEqual(['base', 'more']);
  });

  it('refuses a fal shot its model cannot price (fail closed)', () => {
    expect(() => planStoryboard(storyboard([shot('x', { provider: 'fal', model: 'fal-ai/veo3.1/fast', size: '640x480' })]), builtinCatalog)).toThrow(/no price for fal-ai\/veo3\.1\/fast at 640x480/);
  });
});

