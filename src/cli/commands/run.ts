// `render storyboard.yaml`: flags and environment → renderStoryboard → a view and an exit code.
import { ExitCode } from '../../common/exit-codes.js';
import { createRedactor } from '../../common/redact.js';
import { renderStoryboard } from '../../run/render.js';
import type { RunResult } from '../../run/types.js';
import type { CommandContext } from '../io.js';
import { crashpointOf, ffmpegTools, folderFlag, keysInEnv, numberOption, pollMinMs, providerSettings, storyboardArg } from '../settings.js';
import { chooseView } from '../view/choose.js';
import type { RunView } from '../view/view.js';
import type { RenderFlags } from './options.js';

export async function run({ args, options, io }: CommandContext<RenderFlags>): Promise<number> {
  const file = storyboardArg(args, io.cwd);
  const redact = createRedactor(keysInEnv(io.env));
  const maxClipMb = numberOption(options.maxClipMb, '--max-clip-mb', 'count');
  const renderOptions = {
    storyboard: file.abs,
    displayPath: file.shown,
    provider: providerSettings(io, options),
    cacheDir: folderFlag(io, options.cacheDir),
    outDir: folderFlag(io, options.out),
    maxUsd: numberOption(options.maxUsd, '--max-usd'),
    concurrency: numberOption(options.concurrency, '--concurrency', 'count'),
    stitch: options.stitch !== false,
    lockfile: options.lockfile !== false,
    regenerateExpired: options.regenerateExpired === true,
    reconcileWindowSeconds: numberOption(options.reconcileWindow, '--reconcile-window', 'seconds'),
    resendUnknown: options.resendUnknown === true,
    // --max-clip-mb in whole MiB; unset, the executor derives a limit per shot from its size and seconds.
    maxClipBytes: maxClipMb === undefined ? undefined : maxClipMb * 1024 ** 2,
    pollMinMs: pollMinMs(io.env),
    crashpoint: crashpointOf(io.env),
    tools: ffmpegTools(io),
    signal: io.signal,
    redact,
  };
  const view = await chooseView(io, Boolean(options.json), redact);
  let result: RunResult;
  try {
    result = await renderStoryboard(renderOptions, view);
  } catch (error) {
    await view.abort();
    throw error;
  }
  const code = exitCodeOf(io.signal.aborted ? { ...result, outcome: 'interrupted' } : result, renderOptions.stitch, view);
  await view.finish(result.summary);
  return code;
}

function exitCodeOf(result: RunResult, stitchWanted: boolean, view: RunView): number {
  switch (result.outcome) {
    case 'interrupted':
      view.note('interrupted: every job id is in the journal; run the same command again to resume (nothing is paid twice)');
      // The CLI turns this into the code of the signal that stopped the run (130, 143 or 129).
      return ExitCode.interrupted;
    case 'budget':
      return ExitCode.budget;
    case 'completed':
      return stitchWanted && !result.cut ? ExitCode.failed : ExitCode.ok;
    default:
      if (result.stop) view.note(result.stop.message);
      return ExitCode.failed;
  }
}
