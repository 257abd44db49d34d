// The OpenRouter adapter's pure parts: what a shot sends, how a job object maps to the executor's statuses and
// charge, how an error answer is classified, and which strings are OpenRouter job ids.
import { describe, expect, it } from 'vitest';
import { openRouterModels } from '../../../src/catalog/openrouter-catalog.js';
import { classifyOpenRouterHttp } from '../../../src/providers/openrouter/errors.js';
import { planOpenRouterSubmit } from '../../../src/providers/openrouter/input.js';
import { openRouterJobId, parseOpenRouterJobId } from '../../../src/providers/openrouter/job-id.js';
import { openRouterState } from '../../../src/providers/openrouter/status.js';
import { createOutcome } from '../../../src/providers/provider.js';

const png = { bytes: new Uint8Array([137, 80, 78, 71]), mime: 'image/png' as const };
const keep = (text: string) => text;

describe('planOpenRouterSubmit', () => {
  it('turns the size into resolution and aspect ratio, and images into data URLs by frame', () => {
    expect(planOpenRouterSubmit({ model: 'alibaba/wan-3.0', size: '720x1280', seconds: 5, prompt: 'p', reference: png }, openRouterModels)).toEqual({
      model: 'alibaba/wan-3.0', prompt: 'p', duration: 5, resolution: '720p', aspectRatio: '9:16',
      frameImages: [{ type: 'image_url', imageUrl: { url: 'data:image/png;base64,iVBORw==' }, frameType: 'first_frame' }],
    });
    const both = planOpenRouterSubmit({ model: 'kwaivgi/kling-v3.0-std', size: '1280x720', seconds: 10, prompt: 'p', reference: png, lastFrame: png, references: [png] }, openRouterModels);
    expect(both.frameImages?.map((f) => f.frameType)).toEqual(['first_frame', 'last_frame']);
    expect(both.inputReferences).toHaveLength(1);
  });

  it('refuses, before sending, what the catalog says the model cannot do', () => {
    const refused = (request: Parameters<typeof planOpenRouterSubmit>[0]) => {
      try {
        planOpenRouterSubmit(request, openRouterModels);
      } catch (error) {
        return error as { kind: string; message: string };
      }
      throw new Error('expected a refusal');
    };
    expect(refused({ model: 'nobody/x', size: '1280x720', seconds: 4, prompt: 'p' })).toMatchObject({ kind: 'invalid', message: expect.stringMatching(/refresh/) });
    expect(refused({ model: 'alibaba/wan-3.0', size: '1000x1000', seconds: 4, prompt: 'p' })).toMatchObject({ kind: 'invalid' });
    expect(refused({ model: 'alibaba/wan-3.0', size: '1280x720', seconds: 9, prompt: 'p' })).toMatchObject({ kind: 'invalid', message: expect.stringMatching(/not 9 s/) });
    expect(refused({ model: 'alibaba/wan-3.0', size: '1280x720', seconds: 4, prompt: 'p', lastFrame: png })).toMatchObject({ message: expect.stringMatching(/last frame/) });
  });
});

describe('openRouterState', () => {
  it('maps every status, with usage.cost as the charge', () => {
    expect(openRouterState({ id: 'a', status: 'pending' })).toMatchObject({ status: 'queued' });
    expect(openRouterState({ id: 'a', status: 'in_progress' })).toMatchObject({ status: 'in_progress' });
    expect(openRouterState({ id: 'a', status: 'completed', usage: { cost: 0.25, isByok: false } })).toEqual({ status: 'completed', progress: 100, error: null, billing: { chargedMicroUsd: 250_000 } });
    expect(openRouterState({ id: 'a', status: 'completed', usage: { cost: null } })).not.toHaveProperty('billing');
    expect(openRouterState({ id: 'a', status: 'failed', error: 'Content policy violation' })).toMatchObject({ status: 'failed', error: { code: 'failed', message: 'Content policy violation' } });
    expect(openRouterState({ id: 'a', status: 'cancelled' })).toMatchObject({ status: 'failed', error: { code: 'cancelled' } });
    expect(openRouterState({ id: 'a', status: 'expired', error: 'Job exceeded maximum time to live' })).toMatchObject({ status: 'failed', error: { code: 'expired', message: expect.stringMatching(/expired \(Job exceeded maximum time to live\).*render the shot again/) } });
    expect(openRouterState({ id: 'a', status: 'upscaling' })).toMatchObject({ status: 'in_progress', providerStatus: 'upscaling' });
  });
});

describe('classifyOpenRouterHttp', () => {
  const body = (code: number, message: string) => JSON.stringify({ error: { code, message } });
  const headers = (values: Record<string, string>) => new Headers(values);

  it('reads OpenRouter\'s message and sorts refusals from ambiguity', () => {
    expect(classifyOpenRouterHttp({ status: 400, body: body(400, 'Invalid duration') }, keep, 0)).toMatchObject({ kind: 'invalid', message: 'Invalid duration' });
    expect(classifyOpenRouterHttp({ status: 402, body: body(402, 'Insufficient credits') }, keep, 0)).toMatchObject({ kind: 'quota-exhausted', code: 'insufficient_credits' });
    expect(classifyOpenRouterHttp({ status: 429, body: body(429, 'Rate limit exceeded'), headers: headers({ 'retry-after': '2' }) }, keep, 0)).toMatchObject({ kind: 'rate-limited', retryAfterMs: 2_000 });
    expect(classifyOpenRouterHttp({ status: 410, body: body(410, 'gone') }, keep, 0)).toMatchObject({ kind: 'not-found', code: 'expired' });
    const server = classifyOpenRouterHttp({ status: 502, body: '<html><title>502 Bad Gateway</title></html>' }, keep, 0);
    expect(server).toMatchObject({ kind: 'server', message: '502 Bad Gateway' });
    expect(createOutcome(server)).toBe('ambiguous');
    expect(classifyOpenRouterHttp({ status: 401, body: body(401, 'bad sk-or-v1-abcdefghijklmnopqrstuvwxyz') }, (t) => t.replace('abcdefghijklmnopqrstuvwxyz', 'X'), 0).message).not.toContain('abcdefghijklmnop');
  });
});

describe('OpenRouter job ids', () => {
  it('round-trips both live id shapes and refuses anything else', () => {
    expect(parseOpenRouterJobId(openRouterJobId('gen-vid-1790851200-AbC123def456GHI789jk'))).toBe('gen-vid-1790851200-AbC123def456GHI789jk');
    expect(parseOpenRouterJobId('openrouter:y34x1YREG4Pkdcj7f02v')).toBe('y34x1YREG4Pkdcj7f02v');
    expect(parseOpenRouterJobId('video_123')).toBeUndefined();
    expect(parseOpenRouterJobId('openrouter:../etc')).toBeUndefined();
    expect(parseOpenRouterJobId('openrouter:')).toBeUndefined();
  });
});
