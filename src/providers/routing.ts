// One VideoProvider over several: a create goes to the provider its request names (or, when it names none, the one
// whose catalog holds the model), everything else to the provider whose job id it is (`fal:`, `runway:`,
// `openrouter:` → that provider, otherwise openai). A storyboard can mix providers without the executor knowing.
import { falFamily } from '../catalog/fal-catalog.js';
import { falJobPrefix } from './fal/job-id.js';
import { openRouterJobPrefix } from './openrouter/job-id.js';
import { runwayJobPrefix } from './runway/job-id.js';
import type { CallOptions, ContentVariant, CreateRequest, DownloadResult, ListPage, ListQuery, PaidCallOptions, RetrieveResult, VideoJob, VideoProvider } from './provider.js';
import { ProviderError } from './provider.js';

export type ProviderName = 'openai' | 'fal' | 'runway' | 'openrouter';
export type ProviderSet = Partial<Record<ProviderName, VideoProvider>>;

/** Every provider whose job ids carry a prefix; openai's ids (`video_…`) carry none. */
const jobPrefixes: ReadonlyArray<readonly [string, ProviderName]> = [
  [falJobPrefix, 'fal'],
  [runwayJobPrefix, 'runway'],
  [openRouterJobPrefix, 'openrouter'],
];

/** The provider a job id belongs to. Pure. */
export function providerOfJob(jobId: string): ProviderName {
  return jobPrefixes.find(([prefix]) => jobId.startsWith(prefix))?.[1] ?? 'openai';
}

/** The provider a create goes to: the request's own choice, else a fal family's, else openai. Pure. */
export function providerOfRequest(request: Pick<CreateRequest, 'provider' | 'model'>): string {
  return request.provider ?? (falFamily(request.model) ? 'fal' : 'openai');
}

// A merged listing pages each provider on its own cursor; the pair travels as one opaque `after`.
type Cursors = Partial<Record<ProviderName, string | null>>;
const cursorPrefix = 'routed:';
const encodeCursors = (cursors: Cursors) => `${cursorPrefix}${Buffer.from(JSON.stringify(cursors)).toString('base64url')}`;

function decodeCursors(after: string | undefined): Cursors | undefined {
  if (!after?.startsWith(cursorPrefix)) return undefined;
  try {
    return JSON.parse(Buffer.from(after.slice(cursorPrefix.length), 'base64url').toString('utf8')) as Cursors;
  } catch {
    return undefined;
  }
}

class RoutingProvider implements VideoProvider {
  readonly #providers: ProviderSet;

  constructor(providers: ProviderSet) {
    this.#providers = providers;
  }

  #named(name: string, what: string): VideoProvider {
    const provider = (this.#providers as Record<string, VideoProvider | undefined>)[name];
    if (!provider) throw new ProviderError({ kind: 'invalid', message: `no '${name}' provider is configured for ${what}`, code: 'provider_not_configured' });
    return provider;
  }

  async create(request: CreateRequest, o: PaidCallOptions): Promise<VideoJob> {
    const name = providerOfRequest(request);
    return this.#named(name, `model '${request.model}'`).create(request, o);
  }

  async remix(parentJobId: string, prompt: string, o: PaidCallOptions, extension?: { seconds: number }): Promise<VideoJob> {
    return this.#named(providerOfJob(parentJobId), parentJobId).remix(parentJobId, prompt, o, extension);
  }

  async retrieve(jobId: string, o: CallOptions): Promise<RetrieveResult> {
    return this.#named(providerOfJob(jobId), jobId).retrieve(jobId, o);
  }

  async download(jobId: string, variant: ContentVariant, o: CallOptions): Promise<DownloadResult> {
    return this.#named(providerOfJob(jobId), jobId).download(jobId, variant, o);
  }

  async recogniseDerivedFrom(parentJobId: string, o: CallOptions): Promise<void> {
    const provider = (this.#providers as Record<string, VideoProvider | undefined>)[providerOfJob(parentJobId)];
    await provider?.recogniseDerivedFrom?.(parentJobId, o);
  }

  offers(jobId: string, variant: ContentVariant): boolean {
    const provider = (this.#providers as Record<string, VideoProvider | undefined>)[providerOfJob(jobId)];
    return provider?.offers?.(jobId, variant) ?? true;
  }

  async delete(jobId: string, o: CallOptions): Promise<void> {
    return this.#named(providerOfJob(jobId), jobId).delete(jobId, o);
  }

  lists(provider: string): boolean {
    return (this.#providers as Record<string, VideoProvider | undefined>)[provider]?.list !== undefined;
  }

  /** Newest first across providers; each provider pages on its own cursor until it has no more. */
  async list(query: ListQuery, o: CallOptions): Promise<ListPage> {
    const listed = (Object.entries(this.#providers) as Array<[ProviderName, VideoProvider]>).filter(([, provider]) => provider.list);
    const cursors = decodeCursors(query.after) ?? {};
    const next: Cursors = {};
    const jobs: VideoJob[] = [];
    for (const [name, provider] of listed) {
      const cursor = cursors[name];
      // null: this provider's listing ended on an earlier page.
      if (cursor === null) {
        next[name] = null;
        continue;
      }
      const page = await provider.list!({ ...query, ...(cursor ? { after: cursor } : { after: undefined }) }, o);
      jobs.push(...page.jobs);
      next[name] = page.hasMore && page.lastId ? page.lastId : null;
    }
    jobs.sort((a, b) => (query.order === 'desc' ? b.createdAt - a.createdAt : a.createdAt - b.createdAt));
    const hasMore = Object.values(next).some((cursor) => cursor !== null);
    return { jobs, hasMore, ...(hasMore ? { lastId: encodeCursors(next) } : {}) };
  }

  /** The clock of the one provider that knows it (a mixed run's providers are usually all near our clock). */
  serverClockOffsetMs(): number | undefined {
    return Object.values(this.#providers).map((provider) => provider?.serverClockOffsetMs?.()).find((offset) => offset !== undefined);
  }
}

export function createRoutingProvider(providers: ProviderSet): VideoProvider {
  return new RoutingProvider(providers);
}
