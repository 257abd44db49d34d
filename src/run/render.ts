// renderStoryboard: everything `render storyboard.yaml` does between "options are known" and "a view shows the
// result": plan, check the output folder while it costs nothing, generate (only what changed is paid for), then
// publish, stitch and report, and write the lockfile beside the storyboard. The CLI adds flags, environment, a view
// and an exit code; a library user adds nothing.
import { createRedactor } from '../common/redact.js';
import { CrashPoints } from '../execute/crashpoints.js';
import type { ExecEvent } from '../execute/events.js';
import type { ExecuteResult } from '../execute/types.js';
import { finishRun } from './finish.js';
import { cacheDirFor, outDirFor } from './folders.js';
import { checkOutputFolder } from './output-folder.js';
import { prepareRun } from './prepare.js';
import { openProvider, providerUse, simTimeScaleOf, usedProviders } from './provider.js';
import { openRunWebhooks, type RunWebhooks } from './webhooks.js';
import { defaultWebhookFallbackMs } from '../execute/job-signals.js';
import { executorSettings } from './executor-settings.js';
import { TimelineEvents } from './timeline.js';
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
  const use = providerUse(storyboard);
  // The receiver first: the providers' submits name its URL.
  const webhooks = options.webhooks ? await openRunWebhooks(options.webhooks, usedProviders(use)) : undefined;
  const handle = await openProvider(provider, use, webhooks?.urls).catch(async (error: unknown) => {
    await webhooks?.close();
    throw error;
  });
  webhooks?.setTrust(handle.webhookTrust);
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
    const lines = new Map(storyboard.shots.map((shot) => [shot.id, shot.location.line]));
    sink.start(
      prepared.shots.map(({ id, kind, model, size, seconds, costMicroUsd }) => {
        const line = lines.get(id);
        return { id, kind, model, size, seconds, costMicroUsd, ...(line === undefined ? {} : { line }) };
      }),
    );
    const { executeShots } = await import('../execute/execute.js');
    const cacheDir = cacheDirFor(storyboard, options.cacheDir);
    const settings = await executorSettings(prepared, options, { handle, tools: await tools(), cacheDir, signal });
    const timeline = new TimelineEvents();
    const onEvent = (event: ExecEvent): void => {
      timeline.add(event);
      sink.event(event);
    };
    const result = await executeShots({ ...settings, ...webhookSettings(webhooks, options, handle.kind === 'sim' ? simTimeScaleOf(provider) : 1), onEvent, redact });
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
      clock: settings.clock,
      events: timeline.events,
      crashpoints: new CrashPoints(settings.crashpoint, settings.crash),
    });
    // After the report: a lockfile that cannot be written must not cost the run its report.
    const lockfile = lockWanted ? await writeRunLockfile({ storyboard, shots: prepared.shots, identity: handle.identityOf, results: result.shots, redact }) : undefined;
    return { ...finished, ...(result.stop ? { stop: result.stop } : {}), ...(webhooks ? { webhooks: webhooks.counts() } : {}), ...(lockfile ? { lockfile } : {}) };
  } finally {
    await handle.close();
    await webhooks?.close();
  }
}

/** The executor's side of webhooks: the hub that wakes waits, and the fallback interval (the simulator's runs faster). */
function webhookSettings(webhooks: RunWebhooks | undefined, options: RenderOptions, timeScale: number) {
  if (!webhooks) return {};
  return { jobSignals: webhooks.signals, webhookFallbackMs: options.webhookFallbackMs ?? Math.max(50, Math.round(defaultWebhookFallbackMs * timeScale)) };
}

function notStitchedReason(result: ExecuteResult, wanted: boolean, aborted: boolean): string {
  if (!wanted) return 'not stitched: --no-stitch';
  if (result.outcome === 'interrupted' || aborted) return 'not stitched: the run was interrupted';
  if (result.outcome === 'budget') return 'not stitched: the budget cap stopped the run';
  return 'not stitched: not every shot completed';
}
