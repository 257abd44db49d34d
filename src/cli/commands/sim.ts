// `render sim`: the local simulator in the foreground; prints eval-able OPENAI_* and fal lines, stops on Ctrl-C.
import { randomBytes } from 'node:crypto';
import { RenderError } from '../../common/errors.js';
import { ExitCode } from '../../common/exit-codes.js';
import { formatUsd } from '../../common/money.js';
import { startSimulator, type RequestLogEntry, type Simulator, type SimulatorOptions } from '../../sim/index.js';
import type { CliIo, CommandContext } from '../io.js';
import type { SimFlags } from './options.js';
import { numberFlag, type NumberRange } from '../number-flag.js';

function invalidOption(flag: string, detail: string): RenderError {
  return new RenderError('SIM_OPTION', `--${flag}: ${detail}`, { hint: "Run 'render sim --help' for the flags and their ranges." });
}

function numberOption(raw: unknown, flag: string, range: NumberRange): number | undefined {
  const expected = `${range.integer ? 'an integer' : 'a number'} from ${range.min}${range.max === undefined ? ' up' : ` to ${range.max}`}`;
  return numberFlag(raw, range, (given) => invalidOption(flag, `expected ${expected}, got '${given}'`));
}

/** `--rpm 5` for every model, or `--rpm sora-2=5,sora-2-pro=2` per model. */
export function parseRpm(raw: unknown): SimulatorOptions['rpm'] {
  if (raw === undefined) return undefined;
  if (typeof raw === 'number' || /^\d+$/.test(String(raw))) return numberOption(raw, 'rpm', { min: 1, integer: true });
  const entries = String(raw).split(',').map((pair) => pair.split('='));
  const perModel: Record<string, number> = {};
  for (const [model, value] of entries) {
    if (!model || value === undefined || !/^\d+$/.test(value) || Number(value) < 1) throw invalidOption('rpm', `expected N or MODEL=N,MODEL=N, got '${String(raw)}'`);
    perModel[model] = Number(value);
  }
  return perModel;
}

const rate = { min: 0, max: 1 };

function falValidateAt(raw: unknown): SimulatorOptions['falValidateAt'] {
  if (raw === undefined || raw === 'submit' || raw === 'result') return raw;
  throw invalidOption('fal-validate-at', `expected 'submit' or 'result', got '${String(raw)}'`);
}

/** Flags (as cac parsed them) and environment → simulator options. Throws a RenderError (exit 2) on a bad value. */
export function simOptionsFrom(options: SimFlags, env: CliIo['env']): SimulatorOptions & { webhookSecretGenerated: boolean } {
  const webhookUrl = options.webhookUrl === undefined ? undefined : String(options.webhookUrl);
  if (webhookUrl !== undefined && !/^https?:\/\//.test(webhookUrl)) throw invalidOption('webhook-url', `expected an http(s) URL, got '${webhookUrl}'`);
  // The webhook secret is a secret: taken from the environment, never from a flag (visible in ps and shell history).
  const envSecret = env.RENDER_SIM_WEBHOOK_SECRET;
  const secret = envSecret ?? `whsec_${randomBytes(24).toString('base64')}`;
  const defined = <T extends object>(value: T) => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
  return {
    ...defined({
      port: numberOption(options.port, 'port', { min: 0, max: 65_535, integer: true }),
      apiKey: options.apiKey === undefined ? undefined : String(options.apiKey),
      timeScale: numberOption(options.timeScale, 'time-scale', { min: 0 }),
      rpm: parseRpm(options.rpm),
      failRate: numberOption(options.failRate, 'fail-rate', rate),
      errorRate: numberOption(options.errorRate, 'error-rate', rate),
      dropRate: numberOption(options.dropRate, 'drop-rate', rate),
      slowRate: numberOption(options.slowRate, 'slow-rate', rate),
      slowMs: numberOption(options.slowMs, 'slow-ms', { min: 0 }),
      listLagMs: numberOption(options.listLagMs, 'list-lag-ms', { min: 0 }),
      listOmitsPrompt: options.listOmitsPrompt === true ? true : undefined,
      clockSkewMs: numberOption(options.clockSkewMs, 'clock-skew-ms', { min: -Infinity }),
      ttlSeconds: numberOption(options.ttl, 'ttl', { min: 0 }),
      seed: numberOption(options.seed, 'seed', { min: 0, integer: true }),
      mediaCacheDir: options.mediaCacheDir === undefined ? undefined : String(options.mediaCacheDir),
      falConcurrency: numberOption(options.falConcurrency, 'fal-concurrency', { min: 1, max: 10_000, integer: true }),
      falValidateAt: falValidateAt(options.falValidateAt),
      webhook: webhookUrl === undefined ? undefined : { url: webhookUrl, secret },
    }),
    extended: options.extended === true,
    childEnv: { PATH: env.PATH ?? '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' },
    webhookSecretGenerated: webhookUrl !== undefined && envSecret === undefined,
  };
}

function logLine(entry: RequestLogEntry): string {
  const fault = entry.fault === 'none' ? '' : ` [fault: ${entry.fault}]`;
  const video = entry.videoId ? ` ${entry.videoId}` : '';
  return `${new Date(entry.atMs).toISOString()} ${entry.method} ${entry.path} ${entry.status} ${entry.durationMs ?? 0}ms${video}${fault}\n`;
}

async function start(options: SimulatorOptions): Promise<Simulator> {
  try {
    return await startSimulator(options);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new RenderError('SIM_PORT_IN_USE', `port ${options.port} on 127.0.0.1 is already in use`, { hint: 'Stop the other process, or pass --port 0 to pick a free port.', cause: error });
    }
    if (error instanceof RangeError) throw new RenderError('SIM_OPTION', error.message, { cause: error });
    throw error;
  }
}

export async function run({ options, io }: CommandContext<SimFlags>): Promise<number> {
  const { webhookSecretGenerated, ...simOptions } = simOptionsFrom(options, io.env);
  if (options.verbose === true) simOptions.onRequest = (entry) => io.stderr(logLine(entry));
  const sim = await start(simOptions);
  const secretLine = webhookSecretGenerated && simOptions.webhook ? `OPENAI_WEBHOOK_SECRET=${simOptions.webhook.secret}\n` : '';
  // One origin stands in for every fal host (queue, storage, Platform API); every face takes the same key.
  const lines = [
    `OPENAI_BASE_URL=${sim.baseURL}`, `OPENAI_API_KEY=${sim.apiKey}`,
    `RENDER_FAL_BASE_URL=${sim.falBaseURL}`, `FAL_KEY=${sim.apiKey}`,
    `RENDER_RUNWAY_BASE_URL=${sim.runwayBaseURL}`, `RUNWAYML_API_SECRET=${sim.apiKey}`,
    `RENDER_OPENROUTER_BASE_URL=${sim.openRouterBaseURL}`, `OPENROUTER_API_KEY=${sim.apiKey}`,
  ];
  io.stdout(`${lines.join('\n')}\n${secretLine}`);
  io.stderr(`render sim: serving the Videos API at ${sim.baseURL}, fal's queue API at ${sim.falBaseURL}, Runway's API at ${sim.runwayBaseURL} and OpenRouter's at ${sim.openRouterBaseURL} (time scale ${simOptions.timeScale ?? 1}); Ctrl-C stops it.\n`);
  if (!io.signal.aborted) await new Promise<void>((resolve) => io.signal.addEventListener('abort', () => resolve(), { once: true }));
  const { billed, requests } = sim.stats();
  await sim.close();
  io.stderr(`render sim: stopped after ${requests.total} requests; ${billed.jobs} jobs, ${billed.seconds} s, ${formatUsd(billed.microUsd)} simulated spend.\n`);
  return ExitCode.ok;
}
