// Which backend a run talks to. `--provider sim` starts the simulator in-process on a free loopback port and points
// the same OpenAI-protocol implementation at it: one code path, whatever the backend.
import { RenderError } from '../common/errors.js';
import type { VideoProvider } from '../providers/provider.js';
import type { ProviderSettings } from './types.js';

export type ProviderKind = 'openai' | 'sim';

export interface ProviderHandle {
  kind: ProviderKind;
  provider: VideoProvider;
  /** What the cache key records as the provider: the normalised base URL, or 'sim' (its port changes per run). */
  identity: string;
  baseUrl: string;
  apiKey: string;
  close(): Promise<void>;
}


export function parseProviderKind(kind: string | undefined): ProviderKind {
  if (kind === undefined || kind === 'openai') return 'openai';
  if (kind === 'sim') return 'sim';
  throw new RenderError('USAGE', `unknown provider '${kind}'`, { hint: "use --provider openai or --provider sim" });
}

/** The provider part of every cache key, without contacting or starting anything (for `render plan`). */
export async function providerIdentityFor(choice: ProviderSettings, storyboardBaseUrl: string | undefined): Promise<string> {
  if (parseProviderKind(choice.kind) === 'sim') return 'sim';
  const { providerIdentity, resolveBaseUrl } = await import('../providers/base-url.js');
  return providerIdentity(resolveBaseUrl({ flag: choice.baseUrl, storyboard: storyboardBaseUrl, env: choice.defaultBaseUrl }));
}

export async function openProvider(choice: ProviderSettings, storyboardBaseUrl: string | undefined): Promise<ProviderHandle> {
  const { createOpenAIVideosProvider } = await import('../providers/openai-videos.js');
  const { providerIdentity, resolveBaseUrl } = await import('../providers/base-url.js');
  if (parseProviderKind(choice.kind) === 'sim') {
    const { startSimulator } = await import('../sim/index.js');
    const timeScale = choice.simTimeScale ?? 0.1;
    const sim = await startSimulator({ port: 0, timeScale: Number.isFinite(timeScale) && timeScale > 0 ? timeScale : 0.1 });
    return {
      kind: 'sim',
      provider: createOpenAIVideosProvider({ apiKey: sim.apiKey, baseURL: sim.baseURL }),
      identity: 'sim',
      baseUrl: sim.baseURL,
      apiKey: sim.apiKey,
      close: () => sim.close(),
    };
  }
  const apiKey = choice.apiKey;
  if (!apiKey) {
    throw new RenderError('API_KEY_MISSING', 'OPENAI_API_KEY is not set', {
      hint: 'export OPENAI_API_KEY=... (the key is read from the environment only), or try offline with --provider sim',
    });
  }
  const baseUrl = resolveBaseUrl({ flag: choice.baseUrl, storyboard: storyboardBaseUrl, env: choice.defaultBaseUrl });
  return {
    kind: 'openai',
    provider: createOpenAIVideosProvider({ apiKey, baseURL: baseUrl }),
    identity: providerIdentity(baseUrl),
    baseUrl,
    apiKey,
    close: async () => {},
  };
}
