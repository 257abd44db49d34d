// The fal adapter's pure decisions: which endpoint a shot goes to, how size and seconds are spelled for it, how a
// listed request reads back as the same recipe (what reconciliation matches on), job ids, and routing.
import { describe, expect, it } from 'vitest';
import { falFamily } from '../../../src/catalog/fal-catalog.js';
import { pickFalEndpoint } from '../../../src/catalog/fal-frames.js';
import { planFalExtend, planFalSubmit, recipeOf, withImages } from '../../../src/providers/fal/input.js';
import { listedJob } from '../../../src/providers/fal/listing.js';
import { falJobId, parseFalJobId } from '../../../src/providers/fal/job-id.js';
import { falPollAfterMs } from '../../../src/providers/fal/poll-hint.js';
import { providerOfJob, providerOfRequest } from '../../../src/providers/routing.js';

const veoFast = falFamily('fal-ai/veo3.1/fast')!;

describe('fal endpoint choice and input', () => {
  it('picks the endpoint from what the shot gives', () => {
    expect(pickFalEndpoint(veoFast)?.id).toBe('fal-ai/veo3.1/fast');
    expect(pickFalEndpoint(veoFast, { firstFrame: true })?.id).toBe('fal-ai/veo3.1/fast/image-to-video');
    expect(pickFalEndpoint(veoFast, { firstFrame: true, lastFrame: true })?.id).toBe('fal-ai/veo3.1/fast/first-last-frame-to-video');
    expect(pickFalEndpoint(veoFast, { references: 2 })?.id).toBe('fal-ai/veo3.1/fast/reference-to-video');
    expect(pickFalEndpoint(veoFast, { references: 4 })).toBeUndefined();
    expect(pickFalEndpoint(veoFast, { sourceVideo: true })?.id).toBe('fal-ai/veo3.1/fast/extend-video');
    expect(pickFalEndpoint(falFamily('fal-ai/kling-video/v3/pro')!, { firstFrame: true, lastFrame: true })?.id).toBe('fal-ai/kling-video/v3/pro/image-to-video');
  });

  it('spells size and seconds the way each endpoint takes them', () => {
    expect(planFalSubmit({ model: 'fal-ai/veo3.1/fast', size: '720x1280', seconds: 8, prompt: 'p' }).input).toEqual({ prompt: 'p', duration: '8s', aspect_ratio: '9:16', resolution: '720p' });
    // Kling renders 1080p and takes no resolution input.
    expect(planFalSubmit({ model: 'fal-ai/kling-video/v3/pro', size: '1080x1080', seconds: 5, prompt: 'p' }).input).toEqual({ prompt: 'p', duration: '5', aspect_ratio: '1:1' });
    const image = { bytes: new Uint8Array([1]), mime: 'image/png' as const };
    const wan = planFalSubmit({ model: 'fal-ai/wan/v2.7', size: '1920x1080', seconds: 3, prompt: 'p', reference: image });
    // Wan's image-to-video takes no aspect ratio: it makes the default ratio at the resolution asked.
    expect(wan.endpoint.id).toBe('fal-ai/wan/v2.7/image-to-video');
    expect(withImages(wan, { firstFrame: 'https://cdn/x.png' })).toEqual({ prompt: 'p', duration: '3', resolution: '1080p', image_url: 'https://cdn/x.png' });
  });

  it('refuses what the model cannot make, saying what it can', () => {
    expect(() => planFalSubmit({ model: 'fal-ai/veo3.1/fast', size: '1000x1000', seconds: 8, prompt: 'p' })).toThrow(/cannot make 1000x1000; it makes 1280x720/);
    expect(() => planFalSubmit({ model: 'fal-ai/minimax/hailuo-2.3/standard', size: '1366x768', seconds: 8, prompt: 'p' })).toThrow(/6, 10 s/);
    expect(() => planFalSubmit({ model: 'sora-2', size: '1280x720', seconds: 4, prompt: 'p' })).toThrow(/not a fal model/);
  });

  it('reads a listed submit back as the recipe it was made from', () => {
    for (const request of [
      { model: 'fal-ai/veo3.1/fast', size: '720x1280', seconds: 6, prompt: 'a' },
      { model: 'fal-ai/kling-video/v3/pro', size: '1080x1920', seconds: 12, prompt: 'b' },
      { model: 'fal-ai/minimax/hailuo-2.3/standard', size: '1366x768', seconds: 10, prompt: 'c' },
      { model: 'bytedance/seedance-2.0', size: '1680x720', seconds: 4, prompt: 'd' },
    ]) {
      const plan = planFalSubmit(request);
      expect(recipeOf(plan.endpoint.id, plan.input)).toEqual(request);
    }
  });
});

describe('fal job ids, poll hints and routing', () => {
  it('job ids carry endpoint and request id, and nothing else parses as one', () => {
    const id = falJobId({ endpointId: 'fal-ai/veo3.1/fast/image-to-video', requestId: '0b1c2d3e-0000-4000-8000-000000000000' });
    expect(parseFalJobId(id)).toEqual({ endpointId: 'fal-ai/veo3.1/fast/image-to-video', requestId: '0b1c2d3e-0000-4000-8000-000000000000' });
    for (const other of ['video_123', 'fal:', 'fal:noslash:abc', 'fal:a/b:', 'fal:a/b:x y']) expect(parseFalJobId(other)).toBeUndefined();
    expect(providerOfJob(id)).toBe('fal');
    expect(providerOfJob('video_123')).toBe('openai');
  });

  it('routes a create by its provider, else by the catalog that holds the model', () => {
    expect(providerOfRequest({ model: 'sora-2' })).toBe('openai');
    expect(providerOfRequest({ model: 'fal-ai/wan/v2.7' })).toBe('fal');
    expect(providerOfRequest({ model: 'gateway-video', provider: 'fal' })).toBe('fal');
  });

  it('waits longer the further back a job is queued, about a second while it runs, not at all once done', () => {
    expect(falPollAfterMs('IN_QUEUE', 0)).toBe(2_000);
    expect(falPollAfterMs('IN_QUEUE', 3)).toBe(5_000);
    expect(falPollAfterMs('IN_QUEUE', 50)).toBe(10_000);
    expect(falPollAfterMs('IN_PROGRESS', undefined)).toBe(1_000);
    expect(falPollAfterMs('COMPLETED', undefined)).toBeUndefined();
  });
});

describe('fal extensions', () => {
  it('adds the seconds the shot asks for, else the endpoint default, and refuses a length the endpoint lacks', () => {
    const plan = planFalExtend('fal-ai/veo3.1/fast/image-to-video', 'more', 'https://cdn.test/a.mp4');
    expect(plan.endpoint.id).toBe('fal-ai/veo3.1/fast/extend-video');
    expect(plan.input).toEqual({ prompt: 'more', video_url: 'https://cdn.test/a.mp4', duration: '7s' });
    expect(planFalExtend('fal-ai/veo3.1/fast', 'more', 'https://cdn.test/a.mp4', undefined, 7).addedSeconds).toBe(7);
    expect(() => planFalExtend('fal-ai/veo3.1/fast', 'more', 'https://cdn.test/a.mp4', undefined, 3)).toThrow(/cannot add 3 s/);
    expect(() => planFalExtend('fal-ai/kling-video/v3/pro/text-to-video', 'more', 'https://cdn.test/a.mp4')).toThrow(/cannot extend a clip/);
  });

  it('reads a listed extension back with the seconds it added and the clip it continues', () => {
    const job = listedJob({
      request_id: '00000000-0000-4000-8000-000000000001',
      endpoint_id: 'fal-ai/veo3.1/fast/extend-video',
      sent_at: '2026-12-01T00:00:00Z',
      json_input: { prompt: 'more', video_url: 'https://cdn.test/a.mp4', duration: '7s' },
    });
    expect(job).toMatchObject({ model: 'fal-ai/veo3.1/fast', seconds: 7, prompt: 'more', sourceVideoUrl: 'https://cdn.test/a.mp4', remixedFromId: null });
  });
});

