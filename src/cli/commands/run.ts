// `render storyboard.yaml`: generate every shot (only changed ones are paid for), then the final cut and the report.
import { ExitCode } from '../../common/exit-codes.js';
import { createRedactor } from '../../common/redact.js';
import type { ExecuteResult } from '../../execute/types.js';
import type { CommandContext } from '../io.js';
import { textFlag, type RenderFlags } from './options.js';
import { finishRun } from '../pipeline/finish-run.js';
import type { CutOutcome } from '../pipeline/finish-cut.js';
import { checkOutputFolder } from '../pipeline/output-folder.js';
import { prepareRun } from '../pipeline/prepare.js';
import { openProvider } from '../pipeline/provider.js';
import { executorSettings, ffmpegTools, numberOption, outDirOf, storyboardArg } from '../pipeline/settings.js';
import { chooseView } from '../view/choose.js';
import type { RunView } from '../view/view.js';

export async function run({ args, options, io }: CommandContext<RenderFlags>): Promise<number> {
  const file = storyboardArg(args, io.cwd);
  const redact = createRedactor([io.env.OPENAI_API_KEY]);
  const tools = ffmpegTools(io);
  await tools(); // no ffmpeg: say how to get it before anything is paid for (downloads are verified with it)
  const prepared = await prepareRun(file.abs, { maxUsd: numberOption(options.maxUsd, '--max-usd'), tools, signal: io.signal, displayPath: file.shown });
  const handle = await openProvider({ kind: textFlag(options.provider), baseUrlFlag: textFlag(options.baseUrl), storyboardBaseUrl: prepared.storyboard.provider.baseUrl, env: io.env });
  // Before the first paid call: a read-only, full or misplaced output folder is found while it costs nothing.
  const outDir = outDirOf(io, prepared.storyboard, options.out);
  await checkOutputFolder(outDir, options.stitch === false ? undefined : prepared.plan.cut.output).catch(async (error: unknown) => {
    await handle.close();
    throw error;
  });
  const view = await chooseView(io, Boolean(options.json), redact);
  const startedAt = new Date();
  try {
    view.start(prepared.shots.map(({ id, kind, model, size, seconds, costMicroUsd }) => ({ id, kind, model, size, seconds, costMicroUsd })));
    let result: ExecuteResult;
    try {
      const { executeShots } = await import('../../execute/execute.js');
      const settings = await executorSettings(io, prepared, options, handle, await tools());
      result = await executeShots({ ...settings, onEvent: (event) => view.event(event), redact });
    } catch (error) {
      await view.abort();
      throw error;
    }
    const stitchWanted = options.stitch !== false;
    const { cut, summary } = await finishRun({
      prepared,
      result,
      outDir,
      file,
      provider: { kind: handle.kind, baseUrl: handle.baseUrl },
      stitch: stitchWanted && result.outcome === 'completed' && !io.signal.aborted,
      reuseCut: true,
      skipReason: notStitchedReason(result, stitchWanted, io.signal.aborted),
      tools: await tools(),
      view,
      signal: io.signal,
      redact,
      startedAt,
    });
    const code = exitCodeOf(io.signal.aborted ? { ...result, outcome: 'interrupted' } : result, cut, stitchWanted, view);
    await view.finish(summary);
    return code;
  } finally {
    await handle.close();
  }
}

function notStitchedReason(result: ExecuteResult, wanted: boolean, aborted: boolean): string {
  if (!wanted) return 'not stitched: --no-stitch';
  if (result.outcome === 'interrupted' || aborted) return 'not stitched: the run was interrupted';
  if (result.outcome === 'budget') return 'not stitched: the budget cap stopped the run';
  return 'not stitched: not every shot completed';
}

function exitCodeOf(result: ExecuteResult, cut: CutOutcome, stitchWanted: boolean, view: RunView): number {
  switch (result.outcome) {
    case 'interrupted':
      view.note('interrupted: every job id is in the journal; run the same command again to resume (nothing is paid twice)');
      // The CLI turns this into the code of the signal that stopped the run (130, 143 or 129).
      return ExitCode.interrupted;
    case 'budget':
      return ExitCode.budget;
    case 'completed':
      return stitchWanted && !cut.cut ? ExitCode.failed : ExitCode.ok;
    default:
      if (result.stop) view.note(result.stop.message);
      return ExitCode.failed;
  }
}
