// Build the run's one VideoProvider from the providers a storyboard's shots use, their `providers:` settings and the
// environment: a routing provider over an OpenAI-protocol adapter, the fal, Runway and OpenRouter adapters, each
// made only when a shot needs it, each with its key from its own environment variable. The run stage calls
// createRunProviders(). Each adapter (and so its SDK: OpenRouter's alone is a thousand modules) is imported only when
// a shot uses its provider: a run on one provider does not pay the others' memory and start-up time.
import { RenderError } from '../common/errors.js';
import { providerIdentity, resolveBaseUrl, resolveEndpoint } from './base-url.js';
import { falQueueOrigin, resolveFalBaseUrl } from './fal/hosts.js';
import { openRouterDefaultBaseUrl } from './openrouter/origin.js';
import type { OpenRouterModelData } from '../catalog/openrouter-types.js';
import { runwayDefaultBaseUrl } from './runway/origin.js';
import type { VideoProvider } from './provider.js';
import { createRoutingProvider, type ProviderName, type ProviderSet } from './routing.js';

export interface ProviderSettingsInput {
  baseUrl?: string | undefined;
  apiKeyEnv?: string | undefined;
}

export interface RunProvidersInput {
  /** The providers the storyboard's shots use (`shot.provider`); a name not listed here is refused. */
  used: ReadonlySet<string>;
  /** The storyboard's `providers:` block, plus its legacy `provider.base-url` for openai. */
  settings: Partial<Record<string, ProviderSettingsInput>>;
  legacyOpenAIBaseUrl?: string | undefined;
  /** `--base-url` (openai only). */
  baseUrlFlag?: string | undefined;
  env: Readonly<Record<string, string | undefined>>;
  /** OpenRouter's models from a catalog file (`providers.openrouter.catalog`), so a run sends what the plan priced. */
  openRouterModels?: readonly OpenRouterModelData[] | undefined;
  /** The run's webhook receiver (`render --webhooks`): where fal and OpenRouter post, per provider. */
  webhooks?: { fal?: string | undefined; openrouter?: string | undefined } | undefined;
  /** The simulator (`--provider sim`): both faces of one server, its own key; no environment key is read. */
  sim?: { baseURL: string; falBaseURL: string; runwayBaseURL: string; openRouterBaseURL: string; apiKey: string; timeScale?: number | undefined };
}

export interface RunProviders {
  provider: VideoProvider;
  /** Per provider: what cache keys record (normalised base URL, or 'sim'). */
  identities: Record<string, string>;
  /** Per provider: the origin it is reached at (for the report). */
  endpoints: Record<string, string>;
  /** Every key in use, for the run's redactor. */
  secrets: string[];
}

const defaultKeyEnv: Record<ProviderName, string> = { openai: 'OPENAI_API_KEY', fal: 'FAL_KEY', runway: 'RUNWAYML_API_SECRET', openrouter: 'OPENROUTER_API_KEY' };
const knownProviders = Object.keys(defaultKeyEnv) as ProviderName[];
/** Runway: "should not expect updates more frequent than once every five seconds" (the adapter's default hint). */
const runwayPollAfterMs = 5_000;

function keyFor(name: ProviderName, input: RunProvidersInput): string {
  const variable = input.settings[name]?.apiKeyEnv ?? defaultKeyEnv[name];
  const key = input.env[variable];
  if (key) return key;
  throw new RenderError('API_KEY_MISSING', `${variable} is not set (a shot uses provider ${name})`, {
    hint: `export ${variable}=... (the key is read from the environment only), or try offline with --provider sim`,
  });
}

interface Resolved {
  apiKey: string;
  /** undefined: the provider's own hosts (fal). */
  baseURL: string | undefined;
  identity: string;
  endpoint: string;
}

function refuseUnknown(used: ReadonlySet<string>): void {
  const unknown = [...used].find((name) => !(knownProviders as string[]).includes(name));
  if (unknown !== undefined) {
    throw new RenderError('USAGE', `unknown provider '${unknown}'`, { hint: `a shot's provider is one of ${knownProviders.join(', ')}` });
  }
}

/** One origin, one key: `providers.<name>.base-url` > RENDER_<NAME>_BASE_URL > the SDK's default. */
function resolveOneOrigin(input: RunProvidersInput, name: 'runway' | 'openrouter', key: string): Resolved {
  const envName = name === 'runway' ? 'RENDER_RUNWAY_BASE_URL' : 'RENDER_OPENROUTER_BASE_URL';
  const simURL = name === 'runway' ? input.sim?.runwayBaseURL : input.sim?.openRouterBaseURL;
  const fallback = name === 'runway' ? runwayDefaultBaseUrl : openRouterDefaultBaseUrl;
  const baseURL = simURL ?? resolveEndpoint([[input.settings[name]?.baseUrl, `the storyboard's providers.${name}.base-url`], [input.env[envName], envName]], fallback);
  return { apiKey: key, baseURL, identity: input.sim ? 'sim' : `${name}:${providerIdentity(baseURL)}`, endpoint: baseURL };
}

/** Where each used provider is reached and with which key; the key is checked only when `withKeys`. */
function resolveProviders(input: RunProvidersInput, withKeys: boolean): Partial<Record<ProviderName, Resolved>> {
  refuseUnknown(input.used);
  const resolved: Partial<Record<ProviderName, Resolved>> = {};
  const key = (name: ProviderName) => input.sim?.apiKey ?? (withKeys ? keyFor(name, input) : '');
  if (input.used.has('openai')) {
    const baseURL = input.sim?.baseURL ?? resolveBaseUrl({ flag: input.baseUrlFlag, storyboard: input.settings.openai?.baseUrl ?? input.legacyOpenAIBaseUrl, env: input.env.OPENAI_BASE_URL ?? input.env.RENDER_OPENAI_BASE_URL });
    resolved.openai = { apiKey: key('openai'), baseURL, identity: input.sim ? 'sim' : providerIdentity(baseURL), endpoint: baseURL };
  }
  if (input.used.has('fal')) {
    const baseURL = input.sim?.falBaseURL ?? resolveFalBaseUrl({ storyboard: input.settings.fal?.baseUrl, env: input.env.RENDER_FAL_BASE_URL });
    resolved.fal = { apiKey: key('fal'), baseURL, identity: input.sim ? 'sim' : `fal:${providerIdentity(baseURL ?? falQueueOrigin)}`, endpoint: baseURL ?? falQueueOrigin };
  }
  if (input.used.has('runway')) resolved.runway = resolveOneOrigin(input, 'runway', key('runway'));
  if (input.used.has('openrouter')) resolved.openrouter = resolveOneOrigin(input, 'openrouter', key('openrouter'));
  return resolved;
}

/** Per provider, what cache keys record, without reading any key or making any adapter (for `render plan`). Pure. */
export function runProviderIdentities(input: RunProvidersInput): Record<string, string> {
  return Object.fromEntries(Object.entries(resolveProviders(input, false)).map(([name, r]) => [name, r.identity]));
}

export async function createRunProviders(input: RunProvidersInput): Promise<RunProviders> {
  const resolved = resolveProviders(input, true);
  const providers: ProviderSet = {};
  if (resolved.openai) {
    const { createOpenAIVideosProvider } = await import('./openai-videos.js');
    providers.openai = createOpenAIVideosProvider({ apiKey: resolved.openai.apiKey, baseURL: resolved.openai.endpoint });
  }
  if (resolved.fal) {
    const { createFalProvider } = await import('./fal/fal-provider.js');
    providers.fal = createFalProvider({ apiKey: resolved.fal.apiKey, baseURL: resolved.fal.baseURL, webhookUrl: input.webhooks?.fal });
  }
  if (resolved.runway) {
    const { createRunwayProvider } = await import('./runway/runway-provider.js');
    // Runway asks for polls no more often than every 5 s; the simulator runs that clock faster, so its hint shrinks too.
    const runwayPoll = input.sim?.timeScale === undefined ? {} : { pollAfterMs: Math.max(20, Math.round(runwayPollAfterMs * input.sim.timeScale)) };
    providers.runway = createRunwayProvider({ apiKey: resolved.runway.apiKey, baseURL: resolved.runway.endpoint, ...runwayPoll });
  }
  if (resolved.openrouter) {
    const { createOpenRouterProvider } = await import('./openrouter/openrouter-provider.js');
    providers.openrouter = createOpenRouterProvider({ apiKey: resolved.openrouter.apiKey, baseURL: resolved.openrouter.endpoint, ...(input.openRouterModels ? { models: input.openRouterModels } : {}), ...(input.webhooks?.openrouter ? { callbackUrl: input.webhooks.openrouter } : {}) });
  }
  const entries = Object.entries(resolved) as Array<[ProviderName, Resolved]>;
  return {
    provider: createRoutingProvider(providers),
    identities: Object.fromEntries(entries.map(([name, r]) => [name, r.identity])),
    endpoints: Object.fromEntries(entries.map(([name, r]) => [name, r.endpoint])),
    secrets: entries.map(([, r]) => r.apiKey),
  };
}
