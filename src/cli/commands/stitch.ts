// `render stitch storyboard.yaml`: flags and environment → stitchFromCache → a view and an exit code.
// It never contacts a provider, so it can never pay for anything.
import { ExitCode } from '../../common/exit-codes.js';
import { createRedactor } from '../../common/redact.js';
import { stitchFromCache } from '../../run/stitch-cached.js';
import type { RunResult } from '../../run/types.js';
import type { CommandContext } from '../io.js';
import { ffmpegTools, folderFlag, keysInEnv, providerSettings, storyboardArg } from '../settings.js';
import { chooseView } from '../view/choose.js';
import type { StitchFlags } from './options.js';

export async function run({ args, options, io }: CommandContext<StitchFlags>): Promise<number> {
  const file = storyboardArg(args, io.cwd);
  const redact = createRedactor(keysInEnv(io.env));
  const view = await chooseView(io, Boolean(options.json), redact);
  let result: RunResult;
  try {
    result = await stitchFromCache(
      {
        storyboard: file.abs,
        displayPath: file.shown,
        provider: providerSettings(io, options),
        cacheDir: folderFlag(io, options.cacheDir),
        ...(options.cacheUrl !== undefined ? { cacheUrl: String(options.cacheUrl), env: io.env } : {}),
        outDir: folderFlag(io, options.out),
        tools: ffmpegTools(io),
        signal: io.signal,
        redact,
      },
      view,
    );
  } catch (error) {
    await view.abort();
    throw error;
  }
  await view.finish(result.summary);
  if (result.outcome === 'interrupted') return ExitCode.interrupted;
  return result.cut ? ExitCode.ok : ExitCode.failed;
}
