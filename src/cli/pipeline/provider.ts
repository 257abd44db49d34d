// Which backend a run talks to. `--provider sim` starts the simulator in-process on a free loopback port and points
// the same OpenAI-protocol implementation at it: one code path, whatever the backend.
import { RenderError } from '../../common/errors.js';
import type { VideoProvider } from '../../providers/provider.js';

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

export interface ProviderChoice {
  kind: string | undefined;
  baseUrlFlag: string | undefined;
  storyboardBaseUrl: string | undefined;
  env: Readonly<Record<string, string | undefined>>;
}

export function parseProviderKind(kind: string | undefined): ProviderKind {
  if (kind === undefined || kind === 'openai') return 'openai';
  if (kind === 'sim') return 'sim';
  throw new RenderError('USAGE', `unknown provider '${kind}'`, { hint: "use --provider openai or --provider sim" });
}

/** The provider part of every cache key, without contacting or starting anything (for `render plan`). */
export async function providerIdentityFor(choice: ProviderChoice): Promise<string> {
  if (parseProviderKind(choice.kind) === 'sim') return 'sim';
  const { providerIdentity, resolveBaseUrl } = await import('../../providers/base-url.js');
  return providerIdentity(resolveBaseUrl({ flag: choice.baseUrlFlag, storyboard: choice.storyboardBaseUrl, env: choice.env.OPENAI_BASE_URL }));
}

export async function openProvider(choice: ProviderChoice): Promise<ProviderHandle> {
  const { createOpenAIVideosProvider } = await import('../../providers/openai-videos.js');
  const { providerIdentity, resolveBaseUrl } = await import('../../providers/base-url.js');
  if (parseProviderKind(choice.kind) === 'sim') {
    const { startSimulator } = await import('../../sim/index.js');
    const timeScale = Number(choice.env.RENDER_SIM_TIME_SCALE ?? 0.1);
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
  const apiKey = choice.env.OPENAI_API_KEY;
  if (!apiKey) {
    throw new RenderError('API_KEY_MISSING', 'OPENAI_API_KEY is not set', {
      hint: 'export OPENAI_API_KEY=... (the key is read from the environment only), or try offline with --provider sim',
    });
  }
  const baseUrl = resolveBaseUrl({ flag: choice.baseUrlFlag, storyboard: choice.storyboardBaseUrl, env: choice.env.OPENAI_BASE_URL });
  return {
    kind: 'openai',
    provider: createOpenAIVideosProvider({ apiKey, baseURL: baseUrl }),
    identity: providerIdentity(baseUrl),
    baseUrl,
    apiKey,
    close: async () => {},
  };
}
