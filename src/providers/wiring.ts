// Build the run's one VideoProvider from the providers a storyboard's shots use, their `providers:` settings and the
// environment: a routing provider over an OpenAI-protocol adapter and the fal adapter, each made only when a shot
// needs it, each with its key from its own environment variable. The run stage calls createRunProviders().
import { RenderError } from '../common/errors.js';
import { providerIdentity, resolveBaseUrl } from './base-url.js';
import { createFalProvider } from './fal/fal-provider.js';
import { falQueueOrigin, resolveFalBaseUrl } from './fal/hosts.js';
import { createOpenAIVideosProvider } from './openai-videos.js';
import type { VideoProvider } from './provider.js';
import { createRoutingProvider, type ProviderName, type ProviderSet } from './routing.js';

export interface ProviderSettingsInput {
  baseUrl?: string | undefined;
  apiKeyEnv?: string | undefined;
}

export interface RunProvidersInput {
  /** The providers the storyboard's shots use (`shot.provider`). */
  used: ReadonlySet<ProviderName>;
  /** The storyboard's `providers:` block, plus its legacy `provider.base-url` for openai. */
  settings: Partial<Record<ProviderName, ProviderSettingsInput>>;
  legacyOpenAIBaseUrl?: string | undefined;
  /** `--base-url` (openai only). */
  baseUrlFlag?: string | undefined;
  env: Readonly<Record<string, string | undefined>>;
  /** The simulator (`--provider sim`): both faces of one server, its own key; no environment key is read. */
  sim?: { baseURL: string; falBaseURL: string; apiKey: string };
}

export interface RunProviders {
  provider: VideoProvider;
  /** Per provider: what cache keys record (normalised base URL, or 'sim'). */
  identities: Partial<Record<ProviderName, string>>;
  /** Per provider: the origin it is reached at (for the report). */
  endpoints: Partial<Record<ProviderName, string>>;
  /** Every key in use, for the run's redactor. */
  secrets: string[];
}

const defaultKeyEnv: Record<ProviderName, string> = { openai: 'OPENAI_API_KEY', fal: 'FAL_KEY' };

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

/** Where each used provider is reached and with which key; the key is checked only when `withKeys`. */
function resolveProviders(input: RunProvidersInput, withKeys: boolean): Partial<Record<ProviderName, Resolved>> {
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
  return resolved;
}

/** Per provider, what cache keys record, without reading any key or making any adapter (for `render plan`). Pure. */
export function runProviderIdentities(input: RunProvidersInput): Partial<Record<ProviderName, string>> {
  return Object.fromEntries(Object.entries(resolveProviders(input, false)).map(([name, r]) => [name, r.identity]));
}

export function createRunProviders(input: RunProvidersInput): RunProviders {
  const resolved = resolveProviders(input, true);
  const providers: ProviderSet = {};
  if (resolved.openai) providers.openai = createOpenAIVideosProvider({ apiKey: resolved.openai.apiKey, baseURL: resolved.openai.endpoint });
  if (resolved.fal) providers.fal = createFalProvider({ apiKey: resolved.fal.apiKey, baseURL: resolved.fal.baseURL });
  const entries = Object.entries(resolved) as Array<[ProviderName, Resolved]>;
  return {
    provider: createRoutingProvider(providers),
    identities: Object.fromEntries(entries.map(([name, r]) => [name, r.identity])),
    endpoints: Object.fromEntries(entries.map(([name, r]) => [name, r.endpoint])),
    secrets: entries.map(([, r]) => r.apiKey),
  };
}
