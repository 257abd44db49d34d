// Turns flags and environment into the executor's settings: the one place where run-time knobs are read.
import { isAbsolute, join, resolve } from 'node:path';
import { RenderError } from '../../common/errors.js';
import { systemClock } from '../../execute/clock.js';
import { parseCrashpoint } from '../../execute/crashpoints.js';
import { defaultPollPolicy, type PollPolicy } from '../../execute/backoff.js';
import type { ExecuteOptions } from '../../execute/types.js';
import type { FfmpegTools } from '../../stitch/types.js';
import type { CliIo } from '../io.js';
import { numberFlag } from '../number-flag.js';
import type { PreparedRun } from './prepare.js';
import type { ProviderHandle } from './provider.js';

export function storyboardArg(args: readonly string[], cwd: string): { abs: string; shown: string } {
  const shown = args[0];
  if (!shown) {
    throw new RenderError('USAGE', 'no storyboard given', { hint: 'render storyboard.yaml (see render --help)' });
  }
  return { abs: isAbsolute(shown) ? shown : resolve(cwd, shown), shown };
}

const numberKinds = {
  usd: { min: 0, what: 'a number of US dollars, 0 or more' },
  count: { min: 1, integer: true, what: 'a whole number, 1 or more' },
  seconds: { min: 0, what: 'a number of seconds, 0 or more' },
} as const;

/** A numeric flag, or a usage error (exit 2) quoting what was given. */
export function numberOption(value: unknown, flag: string, kind: keyof typeof numberKinds = 'usd'): number | undefined {
  const rule = numberKinds[kind];
  return numberFlag(value, rule, (given) => new RenderError('USAGE', `${flag} must be ${rule.what} (got ${JSON.stringify(given)})`));
}

/** ffmpeg is located once per command and only when first needed. */
export function ffmpegTools(io: CliIo): () => Promise<FfmpegTools> {
  let located: Promise<FfmpegTools> | undefined;
  return () => {
    located ??= import('../../stitch/tools.js').then(({ locateFfmpeg }) => locateFfmpeg(io.env, io.signal));
    return located;
  };
}

export function outDirOf(io: CliIo, storyboard: { dir: string; name: string }, flag: unknown): string {
  const root = typeof flag === 'string' && flag !== '' ? resolve(io.cwd, flag) : join(storyboard.dir, 'out');
  return join(root, storyboard.name);
}

export function cacheDirOf(io: CliIo, storyboardDir: string, flag: unknown): string {
  return typeof flag === 'string' && flag !== '' ? resolve(io.cwd, flag) : join(storyboardDir, '.render');
}

/** RENDER_POLL_MIN_MS lowers the poll floor (tests and fast gateways); the policy still backs off on its own. */
function pollPolicy(env: CliIo['env']): PollPolicy {
  const min = Number(env.RENDER_POLL_MIN_MS);
  if (!Number.isFinite(min) || min <= 0) return defaultPollPolicy;
  return { ...defaultPollPolicy, minMs: min, initialMs: Math.min(defaultPollPolicy.initialMs, min * 2) };
}

type Settings = Omit<ExecuteOptions, 'onEvent' | 'redact'>;

/** --max-clip-mb in whole MiB; unset, the executor derives a limit per shot from its size and seconds. */
function maxClipBytesOf(flag: string | number | undefined): number | undefined {
  const mib = numberOption(flag, '--max-clip-mb', 'count');
  return mib === undefined ? undefined : mib * 1024 ** 2;
}

export async function executorSettings(
  io: CliIo,
  prepared: PreparedRun,
  options: { cacheDir?: string | number; concurrency?: string | number; regenerateExpired?: boolean; reconcileWindow?: string | number; resendUnknown?: boolean; maxClipMb?: string | number },
  handle: ProviderHandle,
  tools: FfmpegTools,
): Promise<Settings> {
  const { verifyVideoFile } = await import('../../stitch/verify.js');
  const { storyboard } = prepared;
  let crashpoint;
  try {
    crashpoint = parseCrashpoint(io.env.RENDER_CRASHPOINT);
  } catch (error) {
    throw new RenderError('USAGE', `RENDER_CRASHPOINT: ${(error as Error).message}`);
  }
  return {
    shots: prepared.shots,
    provider: handle.provider,
    cacheDir: cacheDirOf(io, storyboard.dir, options.cacheDir),
    providerIdentity: handle.identity,
    capMicroUsd: prepared.capMicroUsd,
    dailyCapMicroUsd: storyboard.budget.maxUsdPerDay,
    countFailed: storyboard.budget.countFailed,
    concurrency: numberOption(options.concurrency, '--concurrency', 'count') ?? storyboard.concurrency,
    rpm: prepared.rpm,
    pollPolicy: pollPolicy(io.env),
    clock: systemClock,
    random: Math.random,
    signal: io.signal,
    verifyClip: async (file, expect, signal) => {
      await verifyVideoFile(tools, file, expect, signal);
    },
    // The in-process simulator dies with the CLI, so its jobs never outlive a run and cost nothing: a resumed sim run
    // regenerates them instead of reporting them lost.
    regenerateExpired: options.regenerateExpired === true || handle.kind === 'sim',
    reconcileWindowMs: (numberOption(options.reconcileWindow, '--reconcile-window', 'seconds') ?? 180) * 1000,
    // Likewise nothing the in-process simulator made survives it: an unknown outcome there is safe to send again.
    resendUnknown: options.resendUnknown === true || handle.kind === 'sim',
    maxClipBytes: maxClipBytesOf(options.maxClipMb),
    crashpoint,
    // A crash point is a test's kill -9 of this very process at a chosen boundary.
    crash: () => process.kill(process.pid, 'SIGKILL'),
  };
}
