// `render storyboard.yaml`: flags and environment → renderStoryboard → a view and an exit code; in CI also the
// JUnit file (--junit) and the GitHub step summary (--format github, the default under GitHub Actions).
import path from 'node:path';
import { isRenderError, RenderErrors } from '../../common/errors.js';
import { ExitCode } from '../../common/exit-codes.js';
import { createRedactor } from '../../common/redact.js';
import { renderStoryboard } from '../../run/render.js';
import type { RunResult } from '../../run/types.js';
import { problemAnnotation } from '../ci/workflow-commands.js';
import { writeRunReports, writeStopReports, type CiTargets } from '../ci/write-reports.js';
import type { CommandContext } from '../io.js';
import { outputFormat } from '../output-format.js';
import { createGithubView } from '../view/github.js';
import { createPlainView } from '../view/plain.js';
import { crashpointOf, ffmpegTools, folderFlag, keysInEnv, numberOption, pollMinMs, providerSettings, storyboardArg, webhookFallbackMs } from '../settings.js';
import { chooseView } from '../view/choose.js';
import type { RunView } from '../view/view.js';
import { textFlag, type RenderFlags } from './options.js';
import { parseWebhookListen, type WebhookListen } from '../../run/webhook-listen.js';
import { RenderError } from '../../common/errors.js';

export async function run({ args, options, io }: CommandContext<RenderFlags>): Promise<number> {
  const file = storyboardArg(args, io.cwd);
  const format = outputFormat(options, io.env);
  const ci: CiTargets = {
    junit: folderFlag(io, options.junit),
    stepSummary: format === 'github' && io.env.GITHUB_STEP_SUMMARY ? io.env.GITHUB_STEP_SUMMARY : undefined,
  };
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
    webhooks: webhookListen(options),
    webhookFallbackMs: webhookFallbackMs(io.env),
    crashpoint: crashpointOf(io.env),
    tools: ffmpegTools(io),
    signal: io.signal,
    redact,
  };
  // GitHub's log is never a live terminal: plain lines, with the annotations beside them.
  const view = format === 'github' ? createGithubView(io, createPlainView(io, redact), file.shown, redact) : await chooseView(io, format === 'json', redact);
  let result: RunResult;
  try {
    result = await renderStoryboard(renderOptions, view);
  } catch (error) {
    await view.abort();
    if (isRenderError(error)) {
      const problems = error instanceof RenderErrors ? error.problems : [error];
      if (format === 'github') for (const problem of problems) io.stdout(`${problemAnnotation(problem, redact)}\n`);
      // The reports are extra: failing to write one must not hide the error that stopped the run.
      await writeStopReports({ file: file.shown, problems }, ci, redact).catch(() => undefined);
    }
    throw error;
  }
  if (result.webhooks) view.note(webhookNote(result.webhooks));
  const code = exitCodeOf(io.signal.aborted ? { ...result, outcome: 'interrupted' } : result, renderOptions.stitch, view);
  await view.finish(result.summary);
  await writeRunReports({ name: path.basename(result.outDir), result }, ci, redact);
  return code;
}

function webhookListen(options: RenderFlags): WebhookListen | undefined {
  if (options.webhooks === undefined) {
    if (options.webhookUrl !== undefined) throw new RenderError('USAGE', '--webhook-url needs --webhooks [HOST:]PORT', { hint: '--webhooks says where this machine listens; --webhook-url is the public address that reaches it' });
    return undefined;
  }
  return parseWebhookListen(String(options.webhooks), textFlag(options.webhookUrl));
}

function webhookNote(counts: NonNullable<RunResult['webhooks']>): string {
  return `webhooks: ${counts.verified} verified, ${counts.duplicates} duplicate${counts.duplicates === 1 ? '' : 's'} dropped, ${counts.refused} refused (bad signature or unplaceable)`;
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
