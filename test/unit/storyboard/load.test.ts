// loadStoryboard maps every key (kebab-case YAML → camelCase types), fills defaults, and throws every problem at once.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RenderErrors } from '../../../src/common/errors.js';
import { builtinCatalog } from '../../../src/catalog/catalog.js';
import { loadStoryboard } from '../../../src/storyboard/load.js';
import { resolveCatalog } from '../../../src/storyboard/resolve-catalog.js';

const good = fileURLToPath(new URL('../../fixtures/storyboards/good/', import.meta.url));
const example = fileURLToPath(new URL('../../../examples/storyboard.yaml', import.meta.url));
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'sbr-load-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('loadStoryboard', () => {
  it('maps every key of full.yaml', async () => {
    const file = path.join(good, 'full.yaml');
    const sb = await loadStoryboard(file);
    expect({ ...sb, shots: sb.shots.map(({ location, ...shot }) => ({ ...shot, line: location.line })) }).toEqual({
      version: 1,
      file,
      dir: good.replace(/\/$/, ''),
      sourceSha256: createHash('sha256').update(readFileSync(file)).digest('hex'),
      name: 'full-demo',
      provider: { baseUrl: 'http://127.0.0.1:4010/v1' },
      providers: {
        openai: { baseUrl: 'http://127.0.0.1:4010/v1', apiKeyEnv: 'GATEWAY_KEY', concurrency: 4, rpm: 20, modelConcurrency: { 'sora-2-pro': 2 } },
        fal: { baseUrl: 'http://127.0.0.1:4010/fal', apiKeyEnv: 'FAL_KEY_STAGING', concurrency: 2, rpm: 60, modelConcurrency: { 'fal-ai/veo3.1/fast': 1 } },
        runway: { baseUrl: 'http://127.0.0.1:4010/runway', apiKeyEnv: 'RUNWAY_KEY_STAGING', concurrency: 1, rpm: 30, modelConcurrency: { 'gen4.5': 1 } },
        openrouter: { baseUrl: 'http://127.0.0.1:4010/openrouter/api/v1', apiKeyEnv: 'OPENROUTER_KEY_STAGING', concurrency: 2, rpm: 40, modelConcurrency: { 'alibaba/wan-3.0': 1 }, catalog: 'openrouter-catalog.json' },
      },
      models: {
        'sora-2-pro': { rpm: 20 },
        'gateway-video': {
          sizes: ['1280x720'],
          seconds: [5, 10],
          reference: true,
          remix: false,
          pricePerSecondUsd: { '1280x720': 0.05 },
          rpm: 30,
          description: 'A model served by a LiteLLM gateway',
        },
      },
      budget: { maxUsd: 40_000_000, maxUsdPerDay: 100_000_000, countFailed: false },
      concurrency: 5,
      rateLimit: { rpm: 12 },
      shots: [
        {
          id: 'opening', prompt: 'Wide aerial shot of a neon city at dusk.', provider: 'openai', model: 'sora-2-pro', size: '1792x1024', seconds: 8,
          reference: { path: 'refs/frame.png', absPath: path.join(good, 'refs/frame.png'), mime: 'image/png', width: 64, height: 36 },
          referenceFit: 'contain', take: 2, retries: 2, line: 54,
        },
        { id: 'opening-night', prompt: 'Same shot, at midnight.', provider: 'openai', model: 'sora-2-pro', size: '1792x1024', seconds: 8, referenceFit: 'contain', take: 1, remixOf: 'opening', retries: 2, line: 58 },
        {
          id: 'street', prompt: 'Street level, rain on the asphalt.', provider: 'openai', model: 'gateway-video', size: '1280x720', seconds: 5,
          reference: { path: 'refs/frame.jpg', absPath: path.join(good, 'refs/frame.jpg'), mime: 'image/jpeg', width: 64, height: 36 },
          referenceFit: 'cover', take: 1, retries: 0, line: 61,
        },
        {
          id: 'harbour', prompt: 'A harbour at dawn, boats leaving.', provider: 'fal', model: 'fal-ai/veo3.1/fast', size: '1280x720', seconds: 8,
          reference: { path: 'refs/frame.png', absPath: path.join(good, 'refs/frame.png'), mime: 'image/png', width: 64, height: 36 },
          lastFrame: { path: 'refs/frame.jpg', absPath: path.join(good, 'refs/frame.jpg'), mime: 'image/jpeg', width: 64, height: 36 },
          referenceFit: 'contain', take: 1, retries: 2, line: 69,
        },
        // An extension inherits provider, model and size; its seconds are the extend endpoint's default (7 added).
        { id: 'harbour-more', prompt: 'The boats reach the open sea.', provider: 'fal', model: 'fal-ai/veo3.1/fast', size: '1280x720', seconds: 7, extendOf: 'harbour', referenceFit: 'contain', take: 1, retries: 2, line: 77 },
        {
          id: 'cast', prompt: 'The crew on deck, in the style of the references.', provider: 'fal', model: 'bytedance/seedance-2.0', size: '1280x720', seconds: 5,
          references: [
            { path: 'refs/frame.png', absPath: path.join(good, 'refs/frame.png'), mime: 'image/png', width: 64, height: 36 },
            { path: 'refs/frame.webp', absPath: path.join(good, 'refs/frame.webp'), mime: 'image/webp', width: 64, height: 36 },
          ],
          referenceFit: 'contain', take: 1, retries: 2, line: 80,
        },
        {
          id: 'lighthouse', prompt: 'A lighthouse from the sea, dusk falling.', provider: 'runway', model: 'veo3.1_fast', size: '1280x720', seconds: 6,
          reference: { path: 'refs/frame.png', absPath: path.join(good, 'refs/frame.png'), mime: 'image/png', width: 64, height: 36 },
          lastFrame: { path: 'refs/frame.jpg', absPath: path.join(good, 'refs/frame.jpg'), mime: 'image/jpeg', width: 64, height: 36 },
          referenceFit: 'contain', take: 1, retries: 2, line: 87,
        },
        { id: 'dunes', prompt: 'Dunes at noon, wind lifting sand.', provider: 'openrouter', model: 'google/veo-3.1-fast', size: '1280x720', seconds: 4, referenceFit: 'contain', take: 1, retries: 2, line: 95 },
        // A remix inherits its parent's provider too: it continues that provider's job.
        { id: 'dunes-night', prompt: 'The same dunes under a full moon.', provider: 'openrouter', model: 'google/veo-3.1-fast', size: '1280x720', seconds: 4, referenceFit: 'contain', take: 1, remixOf: 'dunes', retries: 2, line: 101 },
      ],
      catalogs: {
        openrouter: {
          path: 'openrouter-catalog.json',
          absPath: path.join(good, 'openrouter-catalog.json'),
          fetchedAt: '2026-11-20T10:00:00.000Z',
          source: 'GET https://openrouter.ai/api/v1/videos/models',
          models: expect.arrayContaining([expect.objectContaining({ id: 'alibaba/wan-3.0', priceDate: '2026-11-20', pricingSkus: expect.objectContaining({ duration_seconds_720p: '0.09' }) })]),
        },
      },
      cut: {
        output: 'full.mov',
        entries: [{ shot: 'opening' }, { shot: 'opening-night', from: 0.5, to: 6 }, { shot: 'street', from: 1 }],
        transition: { type: 'fade', seconds: 0.75 },
        audio: { loudnorm: true, targetLufs: -14 },
        size: '1280x720',
        fit: 'cover',
      },
    });
  });

  it('fills every default for a minimal storyboard, and names it after the file', async () => {
    const file = path.join(dir, 'My Board!.yaml');
    writeFileSync(file, readFileSync(path.join(good, 'minimal.yaml')));
    const sb = await loadStoryboard(file);
    expect(sb).toMatchObject({
      name: 'My-Board-',
      provider: {},
      models: {},
      budget: { countFailed: true },
      concurrency: 3,
      rateLimit: {},
      cut: { output: 'final.mp4', entries: [{ shot: 'opening' }], transition: { type: 'cut', seconds: 0.5 }, audio: { loudnorm: false, targetLufs: -16 }, size: '1280x720', fit: 'contain' },
    });
    expect(sb.shots[0]).toMatchObject({ model: 'sora-2', size: '1280x720', seconds: 4, referenceFit: 'cover', take: 1, retries: 0, location: { file, line: 3, col: 5 } });
    expect(sb.budget.maxUsd).toBeUndefined();
  });

  it('throws RenderErrors (exit 2) with every problem, each at its line:col, in file order', async () => {
    const file = path.join(dir, 'two.yaml');
    writeFileSync(file, 'version: 1\r\nshots:\r\n  - id: a\r\n    prompt: x\r\n    model: sora-3\r\n  - id: a\r\n    prompt: y\r\n');
    const error = await loadStoryboard(file, { displayPath: 'two.yaml' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RenderErrors);
    const errors = error as RenderErrors;
    expect(errors.exitCode).toBe(2);
    expect(errors.message).toBe('2 problems in two.yaml');
    expect(errors.problems.map((p) => `${p.location?.file}:${p.location?.line}:${p.location?.col} ${p.code}`)).toEqual([
      'two.yaml:5:5 MODEL_UNKNOWN',
      'two.yaml:6:5 SHOT_DUPLICATE_ID',
    ]);
  });

  it('checks against the catalog it is given, merged with the storyboard\'s models block', async () => {
    const file = path.join(dir, 'gateway.yaml');
    writeFileSync(file, readFileSync(path.join(good, 'gateway-model.yaml')));
    const sb = await loadStoryboard(file);
    expect(resolveCatalog(sb).models['veo-3']).toEqual({
      sizes: ['1920x1080', '1080x1920'], seconds: [4, 8], pricePerSecondUsd: { '1920x1080': 0.4, '1080x1920': 0.4 }, reference: false, remix: false, rpm: 10,
    });
    const withoutSora = { ...builtinCatalog, models: {} };
    await expect(loadStoryboard(path.join(good, 'minimal.yaml'), { catalog: withoutSora })).rejects.toMatchObject({
      problems: [expect.objectContaining({ code: 'MODEL_UNKNOWN' })],
    });
  });

  it('reads a JPEG reference whose frame header sits after 128 KiB of metadata', async () => {
    const jpeg = readFileSync(path.join(good, 'refs/frame.jpg'));
    const app1 = Buffer.alloc(65_004);
    app1.writeUInt16BE(0xffe1, 0);
    app1.writeUInt16BE(65_002, 2);
    writeFileSync(path.join(dir, 'exif.jpg'), Buffer.concat([jpeg.subarray(0, 2), app1, app1, jpeg.subarray(2)]));
    writeFileSync(path.join(dir, 'sb.yaml'), 'version: 1\nshots:\n  - {id: a, prompt: x, reference: exif.jpg}\n');
    const sb = await loadStoryboard(path.join(dir, 'sb.yaml'));
    expect(sb.shots[0]?.reference).toMatchObject({ mime: 'image/jpeg', width: 64, height: 36 });
  });

  it('loads the example storyboard', async () => {
    const sb = await loadStoryboard(example);
    expect(sb.name).toBe('neon-city');
    expect(sb.shots.map((s) => [s.id, s.provider, s.model, s.size, s.seconds, s.remixOf ?? s.extendOf ?? null])).toEqual([
      ['skyline', 'openai', 'sora-2', '1280x720', 4, null],
      ['street', 'openai', 'sora-2', '1280x720', 8, null],
      ['street-night', 'openai', 'sora-2', '1280x720', 8, 'street'],
      ['rooftop', 'openai', 'sora-2', '1280x720', 4, null],
      ['harbour', 'fal', 'fal-ai/veo3.1/fast', '1280x720', 8, null],
      // An extension inherits its parent's provider, model and size; its seconds are those it adds.
      ['harbour-night', 'fal', 'fal-ai/veo3.1/fast', '1280x720', 7, 'harbour'],
    ]);
    expect(sb.shots[0]?.reference).toMatchObject({ mime: 'image/png', width: 480, height: 270 });
    expect(sb.cut.transition).toEqual({ type: 'crossfade', seconds: 0.5 });
  });
});
