// ffmpeg is located once per run and only when first needed (a plan with no reference image never looks).
import type { FfmpegTools } from '../stitch/types.js';

export function lazyFfmpeg(env: Readonly<Record<string, string | undefined>>, signal: AbortSignal): () => Promise<FfmpegTools> {
  let located: Promise<FfmpegTools> | undefined;
  return () => {
    located ??= import('../stitch/tools.js').then(({ locateFfmpeg }) => locateFfmpeg(env, signal));
    return located;
  };
}
