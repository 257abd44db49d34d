#!/usr/bin/env node
// Stitch bench (issue 5): our stitchCut against the same work written by hand as one ffmpeg command, side by side in
// one run. Targets: fast path ≤ 1.2× the exact-audio command (docs/design/ffmpeg.md#concat-without-re-encoding);
// trims + transitions ≤ 1.1× the same graph by hand (docs/design/ffmpeg.md#transitions). Needs `npm run build`; media
// is made once into bench/.work/ (gitignored).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { locateFfmpeg, probeClip, stitchCut } from '../dist/stitch/index.js';
import { verifyStitchOutput } from '../dist/stitch/verify.js';

const work = join(dirname(fileURLToPath(import.meta.url)), '.work', 'stitch');
const clips = [1, 2, 3, 4, 5, 6].map((k) => join(work, `clip-${k}.mp4`));
const signal = new AbortController().signal;
const runs = Number(process.env.BENCH_RUNS ?? 5);
const xRuns = Math.max(1, Math.ceil(runs / 2));

function ffmpeg(args) {
  const result = spawnSync('ffmpeg', ['-nostdin', '-hide_banner', '-v', 'error', '-y', ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) throw new Error(`ffmpeg failed: ${args.join(' ')}`);
}

function makeMedia() {
  mkdirSync(work, { recursive: true });
  for (const clip of clips.filter((c) => !existsSync(c))) {
    ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=s=1280x720:r=30:d=4', '-f', 'lavfi', '-i', 'sine=f=600:r=48000:d=4', '-ac', '2',
      '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '128k', '-shortest', '-movflags', '+faststart', clip]);
  }
}

const time = async (fn) => {
  const started = performance.now();
  await fn();
  return (performance.now() - started) / 1000;
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The exact-audio command of docs/design/ffmpeg.md#concat-without-re-encoding, as a person would type it. */
function handFast(out) {
  const list = join(work, 'hand-list.txt');
  writeFileSync(list, clips.map((c) => `file '${c}'\n`).join(''));
  const graph = '[1:a]atrim=0:4,asetpts=PTS-STARTPTS[a1];[2:a]atrim=0:4,asetpts=PTS-STARTPTS[a2];[3:a]atrim=0:4,asetpts=PTS-STARTPTS[a3];' +
    '[4:a]atrim=0:4,asetpts=PTS-STARTPTS[a4];[5:a]atrim=0:4,asetpts=PTS-STARTPTS[a5];[6:a]atrim=0:4,asetpts=PTS-STARTPTS[a6];' +
    '[a1][a2][a3][a4][a5][a6]concat=n=6:v=0:a=1[a]';
  ffmpeg(['-f', 'concat', '-safe', '0', '-i', list, ...clips.flatMap((c) => ['-i', c]), '-filter_complex', graph,
    '-map', '0:v', '-map', '[a]', '-c:v', 'copy', '-c:a', 'aac', '-b:a', '128k', '-movflags', '+faststart', out]);
}

/**
 * The graph of docs/design/ffmpeg.md#transitions by hand: clips 2 and 5 trimmed (0.5–3.5 s, 1–4 s), crossfades of
 * 0.5 s: 22 - 5 x 0.5 = 19.5 s.
 */
function handTransitions(out) {
  const v = (k, trim) => `[${k}:v]fps=30,format=yuv420p,settb=AVTB,setpts=PTS-STARTPTS${trim ? `,trim=${trim},setpts=PTS-STARTPTS` : ''}[v${k}]`;
  const a = (k, trim, d) => `[${k}:a]aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo,asetpts=PTS-STARTPTS${trim ? `,atrim=${trim},asetpts=PTS-STARTPTS` : ''},apad,atrim=duration=${d}[a${k}]`;
  const graph = [
    v(0), v(1, '0.5:3.5'), v(2), v(3), v(4, '1:4'), v(5),
    a(0, '', 4), a(1, '0.5:3.5', 3), a(2, '', 4), a(3, '', 4), a(4, '1:4', 3), a(5, '', 4),
    '[v0][v1]xfade=transition=fade:duration=0.5:offset=3.5[x1]', '[a0][a1]acrossfade=d=0.5[y1]',
    '[x1][v2]xfade=transition=fade:duration=0.5:offset=6[x2]', '[y1][a2]acrossfade=d=0.5[y2]',
    '[x2][v3]xfade=transition=fade:duration=0.5:offset=9.5[x3]', '[y2][a3]acrossfade=d=0.5[y3]',
    '[x3][v4]xfade=transition=fade:duration=0.5:offset=13[x4]', '[y3][a4]acrossfade=d=0.5[y4]',
    '[x4][v5]xfade=transition=fade:duration=0.5:offset=15.5[vout]', '[y4][a5]acrossfade=d=0.5[aout]',
  ].join(';');
  ffmpeg([...clips.flatMap((c) => ['-i', c]), '-filter_complex', graph, '-map', '[vout]', '-map', '[aout]', '-c:v', 'libx264', '-preset', 'veryfast',
    '-crf', '20', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '128k', '-movflags', '+faststart', out]);
}

async function main() {
  makeMedia();
  const tools = await locateFfmpeg(process.env);
  const infos = await Promise.all(clips.map((c) => probeClip(tools, c, signal)));
  const tmp = mkdtempSync(join(work, 'run-'));
  const cut = (type) => ({ transition: { type, seconds: 0.5 }, audio: { loudnorm: false, targetLufs: -16 }, size: '1280x720', fit: 'contain' });
  const ours = (type, withInfo, trims) => () =>
    stitchCut({
      tools, cut: cut(type), output: join(tmp, `ours-${type}.mp4`), workDir: tmp, signal,
      clips: clips.map((file, k) => ({ shotId: `s${k}`, file, ...(withInfo ? { info: infos[k] } : {}), ...(trims ? [{}, { from: 0.5, to: 3.5 }, {}, {}, { from: 1, to: 4 }, {}][k] : {}) })),
    });
  const t = { hand: [], known: [], probed: [], checkFast: [], handX: [], oursX: [], checkX: [] };
  const check = (file, seconds, videoCheck) => () =>
    verifyStitchOutput(tools, join(tmp, file), { seconds, frameSeconds: 1 / 30, width: 1280, height: 720, videoCheck }, signal);
  // Interleaved, so a neighbour's load on this shared machine hits both sides alike.
  for (let i = 0; i < runs; i++) {
    t.hand.push(await time(() => handFast(join(tmp, 'hand-fast.mp4'))));
    t.known.push(await time(ours('cut', true, false)));
    t.probed.push(await time(ours('cut', false, false)));
    t.checkFast.push(await time(check('ours-cut.mp4', 24, 'packets')));
  }
  for (let i = 0; i < xRuns; i++) {
    t.handX.push(await time(() => handTransitions(join(tmp, 'hand-x.mp4'))));
    t.oursX.push(await time(ours('crossfade', true, true)));
    t.checkX.push(await time(check('ours-crossfade.mp4', 19.5, 'decode')));
  }
  const m = Object.fromEntries(Object.entries(t).map(([k, v]) => [k, median(v)]));
  const rt = (media, s) => `${(media / s).toFixed(1)}x realtime`;
  console.log(`six 4 s 1280x720 30 fps clips; medians of ${runs} (fast) and ${xRuns} (transitions) interleaved runs; ffmpeg ${tools.ffmpegVersion}`);
  console.log(`fast path, 24 s out:   by hand (exact-audio command) ${m.hand.toFixed(2)} s (${rt(24, m.hand)}); stitchCut ${m.known.toFixed(2)} s (${rt(24, m.known)}) with clip info known, ${m.probed.toFixed(2)} s probing the clips`);
  console.log(`  final check (packets + decoded audio, one read): ${m.checkFast.toFixed(2)} s`);
  console.log(`  ratio ${(m.known / m.hand).toFixed(2)}x (target <= 1.2x); ${(m.probed / m.hand).toFixed(2)}x probing; stitch alone ${((m.known - m.checkFast) / m.hand).toFixed(2)}x`);
  console.log(`trims + 5 crossfades, 19.5 s out:   by hand (same graph) ${m.handX.toFixed(2)} s (${rt(19.5, m.handX)}); stitchCut ${m.oursX.toFixed(2)} s (${rt(19.5, m.oursX)})`);
  console.log(`  final check (full decode, one read): ${m.checkX.toFixed(2)} s`);
  console.log(`  ratio ${(m.oursX / m.handX).toFixed(2)}x (target <= 1.1x); stitch alone ${((m.oursX - m.checkX) / m.handX).toFixed(2)}x`);
  rmSync(tmp, { recursive: true, force: true });
}

await main();
