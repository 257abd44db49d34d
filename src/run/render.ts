// renderStoryboard: everything `render storyboard.yaml` does between "options are known" and "a view shows the
// result": plan, check the output folder while it costs nothing, generate (only what changed is paid for), then
// publish, stitch and report, and write the lockfile beside the storyboard. The CLI adds flags, environment, a view
// and an exit code; a library user adds nothing.
import { createRedactor } from '../common/redact.js';
import type { ExecuteResult } from '../execute/types.js';
import { finishRun } from './finish.js';
import { cacheDirFor, outDirFor } from './folders.js';
import { checkOutputFolder } from './output-folder.js';
import { prepareRun } from './prepare.js';
import { openProvider, providerUse } from './provider.js';
import { executorSettings } from './executor-settings.js';
import { checkLockfileFolder, writeRunLockfile } from './lockfile.js';
import { lazyFfmpeg } from './tools.js';
import type { RenderOptions, RunResult, RunSink } from './types.js';

export async function renderStoryboard(options: RenderOptions, sink: RunSink): Promise<RunResult> {
  const signal = options.signal ?? new AbortController().signal;
  const provider = options.provider ?? {};
  const callerRedact = options.redact ?? ((text: string) => text);
  let redact = (text: string) => createRedactor([provider.apiKey])(callerRedact(text));
  const tools = options.tools ?? lazyFfmpeg(process.env, signal);
  await tools(); // no ffmpeg: say how to get it before anything is paid for (downloads are verified with it)
  const prepared = await prepareRun(options.storyboard, { maxUsd: options.maxUsd, tools, signal, displayPath: options.displayPath });
  const { storyboard, plan } = prepared;
  const stitchWanted = options.stitch !== false;
  const handle = await openProvider(provider, providerUse(storyboard));
  // Keys named by the storyboard's `api-key-env` are known only now.
  const ownKeys = createRedactor([provider.apiKey, ...handle.secrets]);
  redact = (text: string) => ownKeys(callerRedact(text));
  try {
    // Before the first paid call: a read-only, full or misplaced output folder is found while it costs nothing.
    const outDir = outDirFor(storyboard, options.outDir);
    await checkOutputFolder(outDir, stitchWanted ? plan.cut.output : undefined);
    const lockWanted = options.lockfile !== false;
    if (lockWanted) await checkLockfileFolder(storyboard.file);
    const startedAt = new Date();
    sink.start(prepared.shots.map(({ id, kind, model, size, seconds, costMicroUsd }) => ({ id, kind, model, size, seconds, costMicroUsd })));
    const { executeShots } = await import('../execute/execute.js');
    const cacheDir = cacheDirFor(storyboard, options.cacheDir);
    const settings = await executorSettings(prepared, options, { handle, tools: await tools(), cacheDir, signal });
    const result = await executeShots({ ...settings, onEvent: (event) => sink.event(event), redact });
    const finished = await finishRun({
      prepared,
      result,
      outDir,
      shownFile: options.displayPath ?? storyboard.file,
      provider: { kind: handle.kind, baseUrl: handle.baseUrl, endpoints: handle.endpoints },
      stitch: stitchWanted && result.outcome === 'completed' && !signal.aborted,
      reuseCut: true,
      skipReason: notStitchedReason(result, stitchWanted, signal.aborted),
      tools: await tools(),
      sink,
      signal,
      redact,
      startedAt,
    });
    // After the report: a lockfile that cannot be written must not cost the run its report.
    const lockfile = lockWanted ? await writeRunLockfile({ storyboard, shots: prepared.shots, identity: handle.identityOf, results: result.shots, redact }) : undefined;
    return { ...finished, ...(result.stop ? { stop: result.stop } : {}), ...(lockfile ? { lockfile } : {}) };
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
