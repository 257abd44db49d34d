// The download check's verdict from one `ffprobe -count_frames` read: a clip is damaged when ffprobe printed an error
// while decoding it or decoded fewer video frames than its index lists (a truncated faststart MP4 still reports its
// full duration, so the frame count is what gives it away).
import { describe, expect, it } from 'vitest';
import { decodeDamage } from '../../../src/stitch/verify.js';

const probe = (video: Record<string, unknown>) => ({
  streams: [
    { codec_type: 'video', codec_name: 'h264', nb_frames: '120', nb_read_frames: '120', ...video },
    { codec_type: 'audio', codec_name: 'aac', nb_frames: '189', nb_read_frames: '188' },
  ],
});

describe('decodeDamage', () => {
  it('passes a clip decoded whole and silently (audio one frame short is AAC priming, not damage)', () => {
    expect(decodeDamage(probe({}), '')).toBeUndefined();
  });

  it('fails a clip that decoded fewer frames than it lists, quoting ffprobe', () => {
    const errors = '[h264 @ 0x1] Invalid NAL unit size (15509 > 1981).\n[mov,mp4 @ 0x2] stream 1, offset 0x101b32: partial file\n';
    expect(decodeDamage(probe({ nb_read_frames: '79' }), errors)).toBe(
      'decoded 79 of its 120 video frames: [h264 @ 0x1] Invalid NAL unit size (15509 > 1981). | [mov,mp4 @ 0x2] stream 1, offset 0x101b32: partial file',
    );
    expect(decodeDamage(probe({ nb_read_frames: '79' }), '')).toBe('decoded 79 of its 120 video frames');
  });

  it('fails a clip whose frames all decoded but with errors on the way', () => {
    expect(decodeDamage(probe({}), '[h264 @ 0x1] error while decoding MB 12 7, bytestream -5\n')).toBe('ffprobe: [h264 @ 0x1] error while decoding MB 12 7, bytestream -5');
  });

  it('trusts the errors alone when the index lists no frame count', () => {
    expect(decodeDamage(probe({ nb_frames: undefined }), '')).toBeUndefined();
  });
});
