// Pure parts of the Runway adapter: a shot as a task body (endpoint, ratio, duration, audio, data-URI frames),
// refusals before anything is sent, a derived shot as video_to_video, and a task's status in the executor's terms.
import { describe, expect, it } from 'vitest';
import { parseRunwayJobId, runwayJobId } from '../../../src/providers/runway/job-id.js';
import { maxDataUriBytes, planRunwayCreate, planRunwayRemix } from '../../../src/providers/runway/input.js';
import { taskState } from '../../../src/providers/runway/task-state.js';

const png = { bytes: new Uint8Array([137, 80, 78, 71]), mime: 'image/png' as const };
const shot = { model: 'gen4.5', size: '1280x720', seconds: 5, prompt: 'A lighthouse' };
const same = (text: string) => text;

describe('planRunwayCreate', () => {
  it('picks the endpoint from the inputs and spells size as a ratio', () => {
    expect(planRunwayCreate(shot)).toMatchObject({ endpoint: { name: 'text_to_video' }, body: { model: 'gen4.5', promptText: 'A lighthouse', ratio: '1280:720', duration: 5 } });
    expect(planRunwayCreate(shot).body).not.toHaveProperty('audio');
    const veo = planRunwayCreate({ ...shot, model: 'veo3.1', size: '1080x1920', seconds: 8, reference: png, lastFrame: png });
    expect(veo.endpoint.name).toBe('image_to_video');
    expect(veo.body).toMatchObject({ ratio: '1080:1920', duration: 8, audio: true, promptImage: [{ uri: 'data:image/png;base64,iVBORw==', position: 'first' }, { position: 'last' }] });
  });

  it('refuses what the catalog rules out', () => {
    expect(() => planRunwayCreate({ ...shot, model: 'gen5' })).toThrow(/not a Runway model/);
    expect(() => planRunwayCreate({ ...shot, size: '960x960' })).toThrow(/cannot make 960x960/);
    expect(() => planRunwayCreate({ ...shot, seconds: 12 })).toThrow(/cannot make 12 s/);
    expect(() => planRunwayCreate({ ...shot, reference: png, lastFrame: png })).toThrow(/first and a last frame/);
    expect(() => planRunwayCreate({ ...shot, model: 'veo3.1', seconds: 4, lastFrame: png })).toThrow(/last frame without a first/);
    expect(() => planRunwayCreate({ ...shot, references: [png] })).toThrow(/style reference/);
    expect(() => planRunwayCreate({ ...shot, reference: { bytes: new Uint8Array(maxDataUriBytes), mime: 'image/png' } })).toThrow(/5 MB/);
  });

  it("makes a derived shot a video_to_video of the parent's clip, on the parent's model", () => {
    expect(planRunwayRemix({ model: 'seedance2', size: '864x496', seconds: 4 }, 'watercolour', 'https://x.test/a.mp4').body).toEqual({ model: 'seedance2', promptVideo: 'https://x.test/a.mp4', promptText: 'watercolour', ratio: '864:496', duration: 4, audio: true });
    expect(() => planRunwayRemix({ model: 'gen4.5', size: '1280x720', seconds: 5 }, 'again', 'https://x.test/a.mp4')).toThrow(/no video_to_video/);
  });
});

describe('taskState', () => {
  it('maps the six statuses, progress and costs', () => {
    expect(taskState({ status: 'PENDING', estimatedCost: { credits: 60 } }, same)).toEqual({ status: 'queued', progress: 0, error: null, ended: false, billing: { estimatedMicroUsd: 600_000 } });
    expect(taskState({ status: 'THROTTLED' }, same)).toMatchObject({ status: 'queued', providerStatus: 'THROTTLED' });
    expect(taskState({ status: 'RUNNING', progress: 0.426 }, same)).toMatchObject({ status: 'in_progress', progress: 43 });
    expect(taskState({ status: 'SUCCEEDED', cost: { credits: 60 } }, same)).toMatchObject({ status: 'completed', ended: true, billing: { chargedMicroUsd: 600_000 } });
    expect(taskState({ status: 'FAILED', failure: 'flagged', failureCode: 'SAFETY.INPUT.TEXT', cost: { credits: 0 } }, same)).toMatchObject({ status: 'failed', error: { code: 'SAFETY.INPUT.TEXT', message: 'flagged' }, billing: { chargedMicroUsd: 0 } });
    expect(taskState({ status: 'CANCELLED', cost: { credits: 0 } }, same)).toMatchObject({ status: 'failed', error: { code: 'cancelled' } });
    expect(taskState({ status: 'PAUSED' }, same)).toMatchObject({ status: 'queued', ended: false, providerStatus: 'PAUSED' });
  });
});

describe('job ids', () => {
  it('round-trips and refuses other ids', () => {
    expect(parseRunwayJobId(runwayJobId('182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e'))).toBe('182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e');
    expect(parseRunwayJobId('video_abc')).toBeUndefined();
    expect(parseRunwayJobId('runway:../x')).toBeUndefined();
  });
});
