// Each prompt gets its own colour, tone and wrapped words; user text reaches ffmpeg only through a text file.
import { describe, expect, it } from 'vitest';
import { clipArgs, segmentArgs } from '../../../src/sim/media/ffmpeg-args.js';
import { clipLook, wrapText } from '../../../src/sim/media/look.js';

describe('clipLook', () => {
  it('is stable for a prompt and differs between prompts', () => {
    expect(clipLook('shot one', '1280x720')).toEqual(clipLook('shot one', '1280x720'));
    const a = clipLook('shot one', '1280x720');
    const b = clipLook('shot two', '1280x720');
    expect([a.background, a.toneHz]).not.toEqual([b.background, b.toneHz]);
    expect(a.background).toMatch(/^0x[0-9a-f]{6}$/);
    expect(Number.isInteger(a.toneHz) && a.toneHz >= 220 && a.toneHz <= 880).toBe(true);
  });

  it('wraps narrower for portrait frames and drops control characters', () => {
    const prompt = 'a very long prompt about a fox that runs through deep snow at dawn while the camera follows';
    const portrait = clipLook(prompt, '720x1280').text.split('\n');
    const landscape = clipLook(prompt, '1280x720').text.split('\n');
    expect(portrait.length).toBeGreaterThan(landscape.length);
    expect(clipLook('line\u0000one\u001b[31m', '1280x720').text).not.toMatch(/[\u0000-\u001f]/);
  });
});

describe('wrapText', () => {
  it('keeps lines within the width and the line count, marking what was cut', () => {
    const text = wrapText('one two three four five six seven eight nine ten', 9, 3);
    expect(text.split('\n')).toEqual(['one two', 'three', 'four fiv…']);
    expect(wrapText('supercalifragilistic', 6)).toBe('super…');
  });
});

describe('ffmpeg argv', () => {
  it('never puts the prompt into the argv or the filter graph: text comes from textfile= with expansion=none', () => {
    const look = clipLook("it's 10:30, [ok]; 50% %{localtime}", '1280x720');
    const args = segmentArgs('1280x720', look, 'text-abc.txt', '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', { segment: 's.mp4', thumbnail: 't.webp', spritesheet: 'p.jpg' });
    expect(args.join(' ')).not.toContain('10:30');
    const graph = args[args.indexOf('-filter_complex') + 1] ?? '';
    expect(graph).toContain('textfile=text-abc.txt:expansion=none');
    expect(args).toContain('-nostdin');
  });

  it('draws no text when there is no font, and copies the looped segment under a fresh tone', () => {
    const graph = segmentArgs('720x1280', clipLook('x', '720x1280'), 't.txt', undefined, { segment: 's', thumbnail: 't', spritesheet: 'p' }).join(' ');
    expect(graph).not.toContain('drawtext');
    const clip = clipArgs('seg.mp4', 12, 440, true, 'out.mp4');
    expect(clip).toEqual(expect.arrayContaining(['-stream_loop', '-1', 'sine=f=440:sample_rate=48000', '-t', '12', 'copy', '+faststart']));
    expect(clipArgs('seg.mp4', 4, 440, false, 'out.mp4')).not.toContain('+faststart');
  });
});
