// Only changed shots are re-billed: checked against the simulator's own accounting, through the real SDK.
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planCacheStatus, lookupCachedClips } from '../../src/cache/lookup.js';
import { shot, startHarness, type Harness } from '../support/executor-harness.js';

const story = (introPrompt: string) => [
  shot('intro', introPrompt),
  shot('city', 'A rainy neon city at night, slow dolly'),
  shot('city-dawn', 'The same city at dawn, warm light', { remixOf: 'city' }),
  shot('intro-alt', 'Same scene but in winter', { remixOf: 'intro' }),
];

describe('executor cache (simulator, real SDK)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => h.close());

  it('pays each shot once, re-runs for free, and re-bills only an edited shot and its remix child', async () => {
    const first = await h.execute({ shots: story('A lighthouse on a cliff, storm') });
    expect(first.outcome).toBe('completed');
    expect(h.sim.stats().billed.jobs).toBe(4);
    expect(first.totals.spentMicroUsd).toBe(h.sim.stats().billed.microUsd);
    for (const result of first.shots) {
      const bytes = await readFile(result.file!);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(result.sha256);
    }
    const remix = h.sim.stats().jobs.find((j) => j.prompt === 'Same scene but in winter')!;
    expect(remix.remixedFromVideoId).toBe(first.shots[0]!.jobId);

    const again = await h.execute({ shots: story('A lighthouse on a cliff, storm') });
    expect(again.outcome).toBe('completed');
    expect(again.shots.map((s) => s.cache)).toEqual(['hit', 'hit', 'hit', 'hit']);
    expect(h.sim.stats().billed.jobs).toBe(4);
    expect(again.totals.savedMicroUsd).toBe(1_600_000);
    expect(again.totals.requests).toBe(0);

    const edited = story('A lighthouse on a cliff, calm sea');
    const plan = await planCacheStatus({ cacheDir: h.cacheDir, providerIdentity: 'sim', shots: edited, nowMs: Date.now() });
    expect(plan.map((s) => [s.id, s.status, s.reasons])).toEqual([
      ['intro', 'miss', ['prompt-changed']],
      ['city', 'hit', []],
      ['city-dawn', 'hit', []],
      ['intro-alt', 'miss', ['parent-changed']],
    ]);
    const third = await h.execute({ shots: edited });
    expect(third.outcome).toBe('completed');
    const paidPrompts = h.sim.stats().jobs.slice(4).map((j) => j.prompt);
    expect(paidPrompts).toEqual(['A lighthouse on a cliff, calm sea', 'Same scene but in winter']);
    expect(third.shots.map((s) => s.cache)).toEqual(['paid', 'hit', 'hit', 'paid']);

    const clips = await lookupCachedClips({ cacheDir: h.cacheDir, providerIdentity: 'sim', shots: edited });
    expect(clips.map((c) => c.file)).toEqual(third.shots.map((s) => s.file));
  });

  it('sends the fitted reference bytes with their MIME type, and re-bills when those bytes change', async () => {
    const png = (color: string) => new Uint8Array(execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', `color=c=${color}:s=720x1280`, '-frames:v', '1', '-f', 'image2', '-c:v', 'png', 'pipe:1']));
    const withRef = (color: string) => [shot('ref', 'A red door, slow push-in', { reference: { bytes: png(color), mime: 'image/png' } })];
    expect((await h.execute({ shots: withRef('red') })).outcome).toBe('completed');
    expect((await h.execute({ shots: withRef('red') })).shots[0]!.cache).toBe('hit');
    const plan = await planCacheStatus({ cacheDir: h.cacheDir, providerIdentity: 'sim', shots: withRef('blue'), nowMs: Date.now() });
    expect(plan[0]!.reasons).toEqual(['reference-changed']);
    expect((await h.execute({ shots: withRef('blue') })).shots[0]!.cache).toBe('paid');
    expect(h.sim.stats().billed.jobs).toBe(2);
    expect(h.sim.stats().jobs.every((j) => j.idempotencyKey?.startsWith('render-') && j.retryCount === 0)).toBe(true);
  });

  it('pays once for a recipe repeated in the storyboard (same key), and reuses it for both shots', async () => {
    const shots = [shot('open', 'A title card on black'), shot('close', 'A title card on black'), shot('close-remix', 'The card fades', { remixOf: 'close' })];
    const result = await h.execute({ shots });
    expect(result.outcome).toBe('completed');
    expect(h.sim.stats().billed.jobs).toBe(2);
    expect(result.shots[1]).toMatchObject({ cache: 'hit', file: result.shots[0]!.file, jobId: result.shots[0]!.jobId });
    expect(h.sim.stats().jobs[1]!.remixedFromVideoId).toBe(result.shots[0]!.jobId);
  });
});
