// A render's options and its prepared plan → the executor's settings: the one place where run-time knobs meet.
import { defaultPollPolicy, type PollPolicy } from '../execute/backoff.js';
import { systemClock } from '../execute/clock.js';
import { defaultCostMargins } from '../execute/provider-cost.js';
import type { ExecuteOptions } from '../execute/types.js';
import type { FfmpegTools } from '../stitch/types.js';
import type { PreparedRun } from './prepare.js';
import type { ProviderHandle } from './provider.js';
import type { RenderOptions } from './types.js';

/** A lower poll floor (tests and fast gateways); the policy still backs off on its own. */
function pollPolicy(minMs: number | undefined): PollPolicy {
  if (minMs === undefined || !Number.isFinite(minMs) || minMs <= 0) return defaultPollPolicy;
  return { ...defaultPollPolicy, minMs, initialMs: Math.min(defaultPollPolicy.initialMs, minMs * 2) };
}

/**
 * The `providers:` block's concurrency and rpm, per provider that sets them, and each provider's cost margin (the
 * defaults until the storyboard can set `providers.<name>.cost-margin`).
 */
function providerLimits(storyboard: PreparedRun['storyboard']): ExecuteOptions['providerLimits'] {
  const limits: Record<string, { concurrency?: number | undefined; rpm?: number | undefined; costMargin?: number | undefined }> = Object.fromEntries(
    Object.entries(storyboard.providers).map(([name, settings]) => [name, { concurrency: settings?.concurrency, rpm: settings?.rpm }]),
  );
  for (const [name, costMargin] of Object.entries(defaultCostMargins)) limits[name] = { ...limits[name], costMargin };
  // Per model, as the scheduler's `<provider>:<model>` groups (modelGroupOf).
  for (const [name, settings] of Object.entries(storyboard.providers)) {
    for (const [model, concurrency] of Object.entries(settings?.modelConcurrency ?? {})) limits[`${name}:${model}`] = { concurrency };
  }
  return limits;
}

export type ExecutorSettings = Omit<ExecuteOptions, 'onEvent' | 'redact'>;

export async function executorSettings(
  prepared: PreparedRun,
  options: RenderOptions,
  run: { handle: ProviderHandle; tools: FfmpegTools; cacheDir: string; signal: AbortSignal },
): Promise<ExecutorSettings> {
  const { verifyVideoFile } = await import('../stitch/verify.js');
  const { storyboard } = prepared;
  const { handle, tools } = run;
  return {
    shots: prepared.shots,
    provider: handle.provider,
    cacheDir: run.cacheDir,
    providerIdentity: handle.identityOf,
    providerLimits: providerLimits(storyboard),
    capMicroUsd: prepared.capMicroUsd,
    dailyCapMicroUsd: storyboard.budget.maxUsdPerDay,
    countFailed: storyboard.budget.countFailed,
    concurrency: options.concurrency ?? storyboard.concurrency,
    rpm: prepared.rpm,
    pollPolicy: pollPolicy(options.pollMinMs),
    clock: systemClock,
    random: Math.random,
    signal: run.signal,
    verifyClip: clipVerifier(tools, verifyVideoFile),
    // The in-process simulator dies with the run, so its jobs never outlive it and cost nothing: a resumed sim run
    // regenerates them instead of reporting them lost.
    regenerateExpired: options.regenerateExpired === true || handle.kind === 'sim',
    reconcileWindowMs: (options.reconcileWindowSeconds ?? 180) * 1000,
    // Likewise nothing the in-process simulator made survives it: an unknown outcome there is safe to send again.
    resendUnknown: options.resendUnknown === true || handle.kind === 'sim',
    maxClipBytes: options.maxClipBytes,
    crashpoint: options.crashpoint,
    // A crash point is a test's kill -9 of this very process at a chosen boundary.
    crash: () => process.kill(process.pid, 'SIGKILL'),
  };
}

/** The executor's clip check: ffprobe the download as expected and keep what it measured (a worker uses it too). */
export function clipVerifier(tools: FfmpegTools, verifyVideoFile: typeof import('../stitch/verify.js').verifyVideoFile): ExecuteOptions['verifyClip'] {
  return async (file, expect, signal) => {
    const { info } = await verifyVideoFile(tools, file, expect, signal);
    const { file: _probed, ...facts } = info;
    return facts;
  };
}
