// Which backends a run talks to. The storyboard's shots name their providers (openai, fal, runway, openrouter); `--provider sim` starts
// the simulator in-process on a free loopback port and points the very same adapters at its faces: one code path,
// whatever the backend. Keys and endpoint overrides come from the `env` the caller passes, never from process.env.
import { randomBytes } from 'node:crypto';
import { RenderError } from '../common/errors.js';
import { falDefaultJwksUrl } from '../providers/fal/jwks.js';
import type { VideoProvider } from '../providers/provider.js';
import type { WebhookTrust } from '../providers/webhooks/receiver.js';
import type { Storyboard } from '../storyboard/model.js';
import type { ProviderSettings } from './types.js';

/** `openai`: the live providers the shots name (the historical name of the default); `sim`: the simulator. */
export type ProviderKind = 'openai' | 'sim';

export interface ProviderHandle {
  kind: ProviderKind;
  provider: VideoProvider;
  /** What the cache key records as a shot's provider: a normalised origin, or 'sim' (its port changes per run). */
  identityOf: (shot: { provider?: string | undefined }) => string;
  /** The OpenAI-protocol base URL ('' when no shot uses it). */
  baseUrl: string;
  /** Per provider used: the origin it is reached at. */
  endpoints: Record<string, string>;
  /** Every key in use, for the run's redactor. */
  secrets: string[];
  /** What webhook deliveries are checked against (with `--webhooks`). */
  webhookTrust: WebhookTrust;
  close(): Promise<void>;
}

/** Where providers post webhooks, per provider (`render --webhooks`); none: polling only. */
export type WebhookUrls = { fal?: string | undefined; openrouter?: string | undefined };

/** The environment variable holding OpenRouter's workspace signing secret (a key: never printed). */
export const openRouterWebhookSecretEnv = 'OPENROUTER_WEBHOOK_SECRET';
/** Where fal's webhook keys are fetched from, instead of fal's own JWKS. */
export const falJwksUrlEnv = 'RENDER_FAL_JWKS_URL';

/** Live: fal's JWKS (or RENDER_FAL_JWKS_URL) and OpenRouter's secret from the environment, refused when it is missing. */
function liveTrust(env: Readonly<Record<string, string | undefined>>, urls: WebhookUrls | undefined): WebhookTrust {
  const secret = env[openRouterWebhookSecretEnv];
  if (urls?.openrouter && !secret) {
    throw new RenderError('USAGE', `--webhooks with OpenRouter shots needs ${openRouterWebhookSecretEnv}`, {
      hint: `export ${openRouterWebhookSecretEnv}=... (the signing secret of your OpenRouter workspace), or run without --webhooks to poll`,
    });
  }
  return { falJwksUrl: urls?.fal ? (env[falJwksUrlEnv] ?? falDefaultJwksUrl) : undefined, openRouterSecret: secret };
}

/** Where a run's keys and settings come from: the storyboard's shots and `providers:` block. */
export interface ProviderUse {
  shots: ReadonlyArray<{ provider?: string | undefined }>;
  /** Keyed by provider name as the storyboard spells it (names arrive as strings, so new providers need no change here). */
  providers: Partial<Record<string, { baseUrl?: string | undefined; apiKeyEnv?: string | undefined }>>;
  /** The storyboard's legacy `provider.base-url` (openai). */
  legacyBaseUrl?: string | undefined;
  /** Models read from catalog files, per provider (`providers.openrouter.catalog`). */
  catalogs?: Storyboard['catalogs'];
}

/** What of a storyboard decides its providers. */
export function providerUse(storyboard: Pick<Storyboard, 'shots' | 'providers' | 'provider' | 'catalogs'>): ProviderUse {
  return { shots: storyboard.shots, providers: storyboard.providers, legacyBaseUrl: storyboard.provider.baseUrl, catalogs: storyboard.catalogs };
}

export function parseProviderKind(kind: string | undefined): ProviderKind {
  if (kind === undefined || kind === 'openai' || kind === 'live') return 'openai';
  if (kind === 'sim') return 'sim';
  throw new RenderError('USAGE', `unknown provider '${kind}'`, {
    hint: 'use --provider sim to run offline; without it each shot goes to the provider it names (openai, fal, runway, openrouter)',
  });
}

/** The provider a shot names; absent means openai (storyboards written before providers were a choice). */
const nameOf = (shot: { provider?: string | undefined }): string => shot.provider ?? 'openai';

export function usedProviders(use: ProviderUse): Set<string> {
  const used = new Set(use.shots.map(nameOf));
  if (used.size === 0) used.add('openai');
  return used;
}

/** The environment a run reads keys and endpoints from: the caller's, with `apiKey`/`defaultBaseUrl` for openai. */
function envOf(choice: ProviderSettings): Record<string, string | undefined> {
  return {
    ...choice.env,
    ...(choice.apiKey !== undefined ? { OPENAI_API_KEY: choice.apiKey } : {}),
    ...(choice.defaultBaseUrl !== undefined ? { OPENAI_BASE_URL: choice.defaultBaseUrl } : {}),
  };
}

/** The provider part of every cache key, without contacting or starting anything (for `render plan`, `render stitch`). */
export async function providerIdentitiesFor(choice: ProviderSettings, use: ProviderUse): Promise<(shot: { provider?: string | undefined }) => string> {
  if (parseProviderKind(choice.kind) === 'sim') return () => 'sim';
  const { runProviderIdentities } = await import('../providers/wiring.js');
  const identities = runProviderIdentities(wiringInput(choice, use));
  return (shot) => identities[nameOf(shot)] ?? nameOf(shot);
}

function wiringInput(choice: ProviderSettings, use: ProviderUse) {
  return {
    used: usedProviders(use),
    settings: use.providers,
    legacyOpenAIBaseUrl: use.legacyBaseUrl,
    baseUrlFlag: choice.baseUrl,
    env: envOf(choice),
    openRouterModels: use.catalogs?.openrouter?.models,
  };
}

/** The simulator's speed, as the run asked for it (default 0.1). */
export function simTimeScaleOf(choice: ProviderSettings): number {
  const asked = choice.simTimeScale ?? 0.1;
  return Number.isFinite(asked) && asked > 0 ? asked : 0.1;
}

export async function openProvider(choice: ProviderSettings, use: ProviderUse, webhooks?: WebhookUrls): Promise<ProviderHandle> {
  const { createRunProviders } = await import('../providers/wiring.js');
  if (parseProviderKind(choice.kind) === 'sim') {
    const { startSimulator } = await import('../sim/index.js');
    const timeScale = simTimeScaleOf(choice);
    // Offline webhooks: the simulator signs OpenRouter callbacks with a secret made for this run, fal's with its own
    // key (published on its fal face's JWKS route).
    const callbackSecret = webhooks?.openrouter ? randomBytes(24).toString('hex') : undefined;
    const sim = await startSimulator({ port: 0, timeScale, ...(callbackSecret ? { openRouter: { callbackSecret } } : {}) });
    const run = await createRunProviders({ ...wiringInput(choice, use), webhooks, sim: { baseURL: sim.baseURL, falBaseURL: sim.falBaseURL, runwayBaseURL: sim.runwayBaseURL, openRouterBaseURL: sim.openRouterBaseURL, apiKey: sim.apiKey, timeScale } });
    const webhookTrust = { falJwksUrl: `${sim.falBaseURL}/.well-known/jwks.json`, openRouterSecret: callbackSecret };
    return { kind: 'sim', provider: run.provider, identityOf: () => 'sim', baseUrl: sim.baseURL, endpoints: run.endpoints, secrets: [...run.secrets, ...(callbackSecret ? [callbackSecret] : [])], webhookTrust, close: () => sim.close() };
  }
  const webhookTrust = liveTrust(envOf(choice), webhooks);
  const run = await createRunProviders({ ...wiringInput(choice, use), webhooks });
  return {
    webhookTrust,
    kind: 'openai',
    provider: run.provider,
    identityOf: (shot) => run.identities[nameOf(shot)] ?? nameOf(shot),
    baseUrl: run.endpoints.openai ?? '',
    endpoints: run.endpoints,
    secrets: [...run.secrets, ...(webhookTrust.openRouterSecret ? [webhookTrust.openRouterSecret] : [])],
    close: async () => {},
  };
}

/**
 * A batch worker's provider. `sim`: a simulator already running (`render sim`, shared by every worker so its account
 * is one), reached through the variables it prints (OPENAI_BASE_URL, RENDER_FAL_BASE_URL, …), keyed as 'sim' like the
 * enqueue that planned it; otherwise the live providers exactly as `render` builds them.
 */
export async function openWorkerProvider(choice: ProviderSettings, use: ProviderUse): Promise<ProviderHandle> {
  if (parseProviderKind(choice.kind) !== 'sim') return openProvider(choice, use);
  const env = envOf(choice);
  const baseURL = env.OPENAI_BASE_URL;
  if (!baseURL) {
    throw new RenderError('USAGE', 'render worker --provider sim needs a running simulator: OPENAI_BASE_URL is not set', {
      hint: "start one with 'render sim --port 0' on one machine and export the variables it prints on every worker",
    });
  }
  const { createRunProviders } = await import('../providers/wiring.js');
  const sim = {
    baseURL,
    falBaseURL: env.RENDER_FAL_BASE_URL ?? baseURL,
    runwayBaseURL: env.RENDER_RUNWAY_BASE_URL ?? baseURL,
    openRouterBaseURL: env.RENDER_OPENROUTER_BASE_URL ?? baseURL,
    apiKey: env.OPENAI_API_KEY ?? 'sk-sim-local',
    timeScale: simTimeScaleOf(choice),
  };
  const run = await createRunProviders({ ...wiringInput(choice, use), sim });
  const webhookTrust = { falJwksUrl: undefined, openRouterSecret: undefined };
  return { kind: 'sim', provider: run.provider, identityOf: () => 'sim', baseUrl: baseURL, endpoints: run.endpoints, secrets: [...run.secrets], webhookTrust, close: async () => {} };
}
