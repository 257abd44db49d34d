// Flags and environment → the run stage's plain options: the one place where the CLI reads run-time knobs.
import { isAbsolute, resolve } from 'node:path';
import { RenderError } from '../common/errors.js';
import { parseCrashpoint, type CrashPointSpec } from '../execute/crashpoints.js';
import { lazyFfmpeg } from '../run/tools.js';
import type { ProviderSettings } from '../run/types.js';
import type { FfmpegTools } from '../stitch/types.js';
import { textFlag } from './commands/options.js';
import type { CliIo } from './io.js';
import { numberFlag } from './number-flag.js';
export { keysInEnv } from './keys.js';

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
  return lazyFfmpeg(io.env, io.signal);
}

/** A folder flag, resolved against the working folder; undefined (the run's default) when not given. */
export function folderFlag(io: CliIo, flag: unknown): string | undefined {
  return typeof flag === 'string' && flag !== '' ? resolve(io.cwd, flag) : undefined;
}

export function providerSettings(io: CliIo, flags: { provider?: string | number | undefined; baseUrl?: string | number | undefined }): ProviderSettings {
  return {
    kind: textFlag(flags.provider),
    baseUrl: textFlag(flags.baseUrl),
    defaultBaseUrl: io.env.OPENAI_BASE_URL,
    apiKey: io.env.OPENAI_API_KEY,
    env: io.env,
    simTimeScale: Number(io.env.RENDER_SIM_TIME_SCALE ?? 0.1),
  };
}

/** RENDER_WEBHOOK_FALLBACK_MS: the poll interval of webhook-announced jobs (tests; default 30 s). */
export function webhookFallbackMs(env: CliIo['env']): number | undefined {
  const ms = Number(env.RENDER_WEBHOOK_FALLBACK_MS);
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}

/** RENDER_POLL_MIN_MS lowers the poll floor (tests and fast gateways). */
export function pollMinMs(env: CliIo['env']): number | undefined {
  const min = Number(env.RENDER_POLL_MIN_MS);
  return Number.isFinite(min) && min > 0 ? min : undefined;
}

export function crashpointOf(env: CliIo['env']): CrashPointSpec | undefined {
  try {
    return parseCrashpoint(env.RENDER_CRASHPOINT);
  } catch (error) {
    throw new RenderError('USAGE', `RENDER_CRASHPOINT: ${(error as Error).message}`);
  }
}
