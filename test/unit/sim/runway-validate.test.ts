// The Runway face's create validation, without a server: the spec a valid body asks for (frame, length, audio), and
// the media rules (HTTPS on named hosts, runway:// uploads, data URIs up to 5 MB, the simulator's own URLs).
import { describe, expect, it } from 'vitest';
import { maxDataUriBytes, mediaUriProblem } from '../../../src/sim/faces/runway/media-uri.js';
import { checkRunwayCreate } from '../../../src/sim/faces/runway/validate.js';

const rules = { ownUrl: (url: string) => url.startsWith('http://127.0.0.1:1/runway/files/'), allowHttp: false };
const noSource = () => undefined;

describe('checkRunwayCreate', () => {
  it('reads the frame, length and audio a body asks for, with the model defaults', () => {
    expect(checkRunwayCreate('text_to_video', { model: 'veo3.1', promptText: 'x', ratio: '1080:1920' }, rules, noSource)).toMatchObject({ size: '1080x1920', seconds: 8, audio: true });
    expect(checkRunwayCreate('text_to_video', { model: 'seedance2', promptText: 'x' }, rules, noSource)).toMatchObject({ size: '992x432', seconds: 5 });
    const aleph = checkRunwayCreate('video_to_video', { model: 'aleph2', videoUri: 'http://127.0.0.1:1/runway/files/a' }, rules, () => ({ size: '640x640', seconds: 3 }));
    expect(aleph).toMatchObject({ size: '640x640', seconds: 3, audio: false });
  });

  it('refuses with the field named', () => {
    expect(() => checkRunwayCreate('image_to_video', { model: 'gen4_turbo', promptImage: 'runway://x', ratio: '1280:720', audio: true }, rules, noSource)).toThrow("Invalid parameter 'audio'");
    expect(() => checkRunwayCreate('image_to_video', { model: 'gen4_turbo', promptImage: [{ uri: 'runway://x', position: 'first', crop: 1 }], ratio: '1280:720' }, rules, noSource)).toThrow("Invalid parameter 'promptImage.crop'");
    expect(() => checkRunwayCreate('image_to_video', { model: 'veo3.1', promptImage: [{ uri: 'runway://x', position: 'first' }, { uri: 'runway://y', position: 'first' }], ratio: '1280:720' }, rules, noSource)).toThrow(/position/);
    expect(() => checkRunwayCreate('text_to_video', { model: 'gen4.5', promptText: 'x'.repeat(1001), ratio: '1280:720', duration: 5 }, rules, noSource)).toThrow(/promptText/);
    expect(() => checkRunwayCreate('text_to_video', { model: 'gen4.5', promptText: 'x', ratio: '1280:720', duration: 5, seed: -1 }, rules, noSource)).toThrow(/seed/);
    expect(() => checkRunwayCreate('video_to_video', { model: 'gen4.5', promptVideo: 'runway://v' }, rules, noSource)).toThrow(/model/);
  });
});

describe('mediaUriProblem', () => {
  it('accepts what Runway accepts', () => {
    expect(mediaUriProblem('https://cdn.example.com/a.png', 'image', rules)).toBeUndefined();
    expect(mediaUriProblem('runway://upload/abc', 'video', rules)).toBeUndefined();
    expect(mediaUriProblem('data:image/png;base64,iVBORw==', 'image', rules)).toBeUndefined();
    expect(mediaUriProblem('http://127.0.0.1:1/runway/files/x', 'video', rules)).toBeUndefined();
    expect(mediaUriProblem('http://cdn.example.com/a.png', 'image', { ...rules, allowHttp: true })).toBeUndefined();
  });

  it('refuses HTTP, IP hosts, the wrong kind, and data URIs over 5 MB', () => {
    expect(mediaUriProblem('http://cdn.example.com/a.png', 'image', rules)).toMatch(/HTTPS/);
    expect(mediaUriProblem('https://192.168.1.2/a.png', 'image', rules)).toMatch(/IP address/);
    expect(mediaUriProblem('data:video/mp4;base64,AAAA', 'image', rules)).toMatch(/not an image/);
    expect(mediaUriProblem(`data:image/png;base64,${'A'.repeat(Math.ceil((maxDataUriBytes * 4) / 3) + 8)}`, 'image', rules)).toMatch(/5 MB/);
    expect(mediaUriProblem(`https://cdn.example.com/${'a'.repeat(2048)}`, 'image', rules)).toMatch(/2048/);
    expect(mediaUriProblem('ftp://cdn.example.com/a.png', 'image', rules)).toMatch(/HTTPS/);
  });
});
