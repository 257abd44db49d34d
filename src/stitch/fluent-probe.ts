// The one module that imports fluent-ffmpeg, which the brief names for probing. Upstream archived it in 2025, so
// it stays behind this wall: only its ffprobe runner and output parser are used. Its filter escaping (commas only)
// and its spawning of ffmpeg are not: every ffmpeg run goes through common/ffmpeg-process.ts. It spawns ffprobe with
// the parent's environment, which is why the CLI drops OPENAI_API_KEY from process.env once it has read it (src/cli/main.ts).
import Ffmpeg from 'fluent-ffmpeg';
import { RenderError } from '../common/errors.js';
import type { FfmpegTools } from './types.js';

/** ffprobe's streams and format of one input, parsed by fluent-ffmpeg (numbers as numbers, tags folded). */
export function fluentProbe(tools: FfmpegTools, input: string, options: readonly string[], signal: AbortSignal): Promise<unknown> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(new RenderError('INTERRUPTED', 'interrupted'));
      return;
    }
    const command = Ffmpeg().input(input).setFfprobePath(tools.ffprobe);
    command.ffprobe([...options], (error: Error | null, data: unknown) => {
      if (signal.aborted) reject(new RenderError('INTERRUPTED', 'interrupted'));
      else if (error) reject(new RenderError('FFMPEG_FAILED', `ffprobe failed: ${lastLines(error.message)}`, { cause: error }));
      else resolve(data);
    });
  });
}

function lastLines(message: string): string {
  return message.split('\n').filter((line) => line.trim() !== '').slice(-3).join(' / ');
}
