// Runs the one encode of a cut (fast or normalise path), with the loudness measurement first when asked for.
import { copyFile, link, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { concatList, fastPathArgs, graphEncodeArgs, loudnessMeasureArgs } from './args.js';
import { buildAudioGraph, buildVideoGraph, extendPart, joinGraph, type GraphSource, type VideoTarget } from './graph.js';
import { loudnormApply, loudnormMeasureFilter, parseLoudnormJson, type LoudnessResult } from './loudnorm.js';
import type { StitchPath } from './path-choice.js';
import { runFfmpeg } from '../common/ffmpeg-process.js';
import { createProgressReader, type ProgressUpdate } from './progress.js';
import { framesToSeconds, type Timeline } from './timeline.js';
import type { ClipInfo, FfmpegTools } from './types.js';

export interface EncodeJob {
  tools: FfmpegTools;
  clips: readonly ClipInfo[];
  timeline: Timeline;
  target: VideoTarget;
  path: StitchPath;
  loudnorm?: { targetLufs: number };
  /** A private folder for the concat list and its links. */
  workDir: string;
  output: string;
  signal: AbortSignal;
  /** Progress of the measuring pass and of the encode, each 0..1. */
  onMeasure: (update: ProgressUpdate) => void;
  onEncode: (update: ProgressUpdate) => void;
}

const PURPOSE = 'stitching the final cut';

export async function encodeCut(job: EncodeJob): Promise<LoudnessResult | undefined> {
  const files = job.clips.map((c) => c.file);
  const seconds = framesToSeconds(job.timeline.totalFrames, job.target.fps);
  let loudness: LoudnessResult | undefined;
  let audio = buildAudioGraph(job.timeline, graphSources(job.clips, job.path === 'fast' ? 1 : 0));
  if (job.loudnorm) {
    const applied = await measureLoudness(job, files, seconds, job.loudnorm.targetLufs);
    loudness = applied.result;
    audio = extendPart(audio, applied.filters, 'aout');
  }
  const reader = createProgressReader(seconds, job.onEncode);
  const run = (args: string[]) => runFfmpeg(job.tools, args, { signal: job.signal, purpose: PURPOSE, onStdout: reader });
  if (job.path === 'fast') {
    const listFile = await writeConcatList(job.workDir, files, job.timeline);
    await run(fastPathArgs({ listFile, clipFiles: files, graph: joinGraph(audio), audioLabel: audio.label, output: job.output }));
  } else {
    const video = buildVideoGraph(job.timeline, graphSources(job.clips, 0), job.target);
    const graph = joinGraph(video, audio);
    await run(graphEncodeArgs({ clipFiles: files, graph, videoLabel: video.label, audioLabel: audio.label, output: job.output }));
  }
  return loudness;
}

/** Pass 1 on the finished audio (the same audio graph, audio inputs only), then the pass-2 filters. */
async function measureLoudness(job: EncodeJob, files: string[], seconds: number, targetLufs: number) {
  const part = extendPart(buildAudioGraph(job.timeline, graphSources(job.clips, 0)), [loudnormMeasureFilter(targetLufs)], 'measured');
  const { stderr } = await runFfmpeg(job.tools, loudnessMeasureArgs({ clipFiles: files, graph: joinGraph(part), audioLabel: part.label }), {
    signal: job.signal,
    purpose: 'measuring loudness',
    onStdout: createProgressReader(seconds, job.onMeasure),
  });
  return loudnormApply(parseLoudnormJson(stderr), targetLufs);
}

/** Clip k is ffmpeg input k + offset (the fast path's concat list is input 0). */
function graphSources(clips: readonly ClipInfo[], offset: number): GraphSource[] {
  return clips.map((c, k) => ({ input: k + offset, width: c.width, height: c.height, hasAudio: c.audio !== null }));
}

/**
 * Links named `clip-0001.mp4` beside the list: the list then needs no escaping and the demuxer's `-safe 1` check holds
 * whatever the real paths contain (docs/design/ffmpeg.md#escaping-and-injection). Each entry carries the clip's
 * video length (`duration`), so a clip whose audio outlasts its video leaves no gap in the copied video (measured:
 * +0.1 s per clip without it).
 */
async function writeConcatList(dir: string, files: readonly string[], timeline: Timeline): Promise<string> {
  const entries = await Promise.all(
    files.map(async (file, k) => {
      const name = `clip-${String(k + 1).padStart(4, '0')}.mp4`;
      await linkOrCopy(file, join(dir, name));
      return { name, seconds: framesToSeconds(timeline.clips[k]?.frames ?? 0, timeline.fps) };
    }),
  );
  const listFile = join(dir, 'clips.ffconcat');
  await writeFile(listFile, concatList(entries));
  return listFile;
}

async function linkOrCopy(from: string, to: string): Promise<void> {
  try {
    await link(from, to);
  } catch {
    try {
      await symlink(from, to);
    } catch {
      await copyFile(from, to);
    }
  }
}
