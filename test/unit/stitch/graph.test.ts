import { describe, expect, it } from 'vitest';
import { buildAudioGraph, buildVideoGraph, extendPart, fitFilters, joinGraph, type GraphSource, type VideoTarget } from '../../../src/stitch/graph.js';
import { buildTimeline, type Timeline } from '../../../src/stitch/timeline.js';

const fps = { num: 30, den: 1 };
const target: VideoTarget = { width: 320, height: 180, fps, fit: 'contain' };
const src = (input: number, o: Partial<GraphSource> = {}): GraphSource => ({ input, width: 320, height: 180, hasAudio: true, ...o });
const fourSecondClips = (n: number, transition: 'cut' | 'crossfade' | 'fade' = 'cut') =>
  buildTimeline(Array.from({ length: n }, (_, k) => ({ shotId: `s${k}`, duration: 4 })), { type: transition, seconds: 0.5 }, fps);
const chainTo = (chains: string[], label: string) => chains.find((c) => c.endsWith(`[${label}]`)) ?? '';

describe('buildVideoGraph', () => {
  it('unifies each clip (rate, 1/fps time base, frame-exact trim, yuv420p) and joins hard cuts with one concat', () => {
    const part = buildVideoGraph(fourSecondClips(3), [src(0), src(1), src(2)], target);
    expect(part.label).toBe('rv0');
    expect(chainTo(part.chains, 'v1')).toBe(
      '[1:v]setpts=expr=PTS-STARTPTS,fps=fps=30/1,settb=expr=1/30,tpad=stop_mode=clone:stop=2,trim=start_frame=0:end_frame=120,' +
        'setpts=expr=PTS-STARTPTS,setsar=sar=1,format=pix_fmts=yuv420p[v1]',
    );
    expect(chainTo(part.chains, 'rv0')).toBe('[v0][v1][v2]concat=n=3:v=1:a=0,settb=expr=1/30,setpts=expr=N[rv0]');
    expect(part.chains.join(';')).not.toMatch(/scale|xfade/);
  });

  it('fits other sizes to the cut: contain pads, cover crops', () => {
    const portrait = [src(0), src(1, { width: 180, height: 320 })];
    expect(chainTo(buildVideoGraph(fourSecondClips(2), portrait, target).chains, 'v1')).toContain(
      'scale=w=320:h=180:force_original_aspect_ratio=decrease,pad=w=320:h=180:x=(ow-iw)/2:y=(oh-ih)/2:color=black,setsar=sar=1',
    );
    const cover = buildVideoGraph(fourSecondClips(2), portrait, { ...target, fit: 'cover' });
    expect(chainTo(cover.chains, 'v1')).toContain('scale=w=320:h=180:force_original_aspect_ratio=increase,crop=w=320:h=180');
    expect(chainTo(cover.chains, 'v0')).not.toContain('scale');
    expect(fitFilters(64, 36, 'cover')).toHaveLength(2);
  });

  it('chains xfades at offset = length so far - overlap, renumbering frames after each', () => {
    const part = buildVideoGraph(fourSecondClips(4, 'fade'), [0, 1, 2, 3].map((k) => src(k)), target);
    const xfades = part.chains.filter((c) => c.includes('xfade'));
    expect(xfades).toEqual([
      '[v0][v1]xfade=transition=fadeblack:duration=0.500000:offset=3.500000,settb=expr=1/30,setpts=expr=N[xv1]',
      '[xv1][v2]xfade=transition=fadeblack:duration=0.500000:offset=7.000000,settb=expr=1/30,setpts=expr=N[xv2]',
      '[xv2][v3]xfade=transition=fadeblack:duration=0.500000:offset=10.500000,settb=expr=1/30,setpts=expr=N[xv3]',
    ]);
    expect(part.label).toBe('xv3');
  });

  it('concatenates a run of hard cuts before the transition that follows it', () => {
    const base = fourSecondClips(3, 'crossfade');
    const mixed: Timeline = { ...base, joins: [{ frames: 0, xfade: 'fade' }, { frames: 15, xfade: 'fade' }] };
    const chains = buildVideoGraph(mixed, [src(0), src(1), src(2)], target).chains;
    expect(chainTo(chains, 'rv0')).toMatch(/^\[v0\]\[v1\]concat=n=2/);
    expect(chainTo(chains, 'xv2')).toContain('[rv0][v2]xfade=transition=fade:duration=0.500000:offset=7.500000');
  });

  it('trims by frame number: from 0.5 s to 3.5 s is frames 15..105', () => {
    const t = buildTimeline([{ shotId: 'a', duration: 4, from: 0.5, to: 3.5 }], { type: 'cut', seconds: 0 }, fps);
    expect(buildVideoGraph(t, [src(0)], target).chains[0]).toContain('trim=start_frame=15:end_frame=105');
  });
});

describe('buildAudioGraph', () => {
  it('makes every clip exactly as long as its video, at 48 kHz stereo, with silence where a clip has none', () => {
    const part = buildAudioGraph(fourSecondClips(3), [src(1), src(2, { hasAudio: false }), src(3)]);
    expect(chainTo(part.chains, 'a0')).toBe(
      '[1:a]asetpts=expr=PTS-STARTPTS,aresample=osr=48000,aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo,' +
        'apad,atrim=end_sample=192000[a0]',
    );
    expect(chainTo(part.chains, 'a1')).toBe(
      'anullsrc=r=48000:cl=stereo,aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo,atrim=end_sample=192000[a1]',
    );
    expect(chainTo(part.chains, 'ra0')).toBe('[a0][a1][a2]concat=n=3:v=0:a=1[ra0]');
  });

  it('skips the trimmed head in samples and crossfades by the exact overlap in samples', () => {
    const t = buildTimeline(
      [{ shotId: 'a', duration: 4 }, { shotId: 'b', duration: 4, from: 0.5, to: 3.5 }],
      { type: 'crossfade', seconds: 0.5 },
      fps,
    );
    const part = buildAudioGraph(t, [src(0), src(1)]);
    expect(chainTo(part.chains, 'a1')).toContain('atrim=start_sample=24000,asetpts=expr=PTS-STARTPTS,apad,atrim=end_sample=144000[a1]');
    expect(chainTo(part.chains, 'xa1')).toBe('[a0][a1]acrossfade=ns=24000[xa1]');
  });

  it('appends loudnorm-style filters under a new label and joins parts into one graph', () => {
    const audio = extendPart(buildAudioGraph(fourSecondClips(1), [src(0)]), ['anull'], 'aout');
    expect(audio.label).toBe('aout');
    const graph = joinGraph(buildVideoGraph(fourSecondClips(1), [src(0)], target), audio);
    expect(graph.split(';')).toHaveLength(3);
    expect(graph.endsWith('[a0]anull[aout]')).toBe(true);
  });
});
