// The VideoProvider for OpenRouter's video API: the only importer of @openrouter/sdk. The paid submit goes through the
// SDK's `videoGeneration.generate` with retries off and a finite deadline, so it leaves exactly once; OpenRouter has no
// job list and no idempotency key, so a lost answer stays ambiguous ('server' / 'transport') for the executor to settle.
// Polls use the SDK too; content and model discovery use plain fetch (./http.ts says why).
import { OpenRouter } from '@openrouter/sdk';
import type { VideoGenerationRequest } from '@openrouter/sdk/models';
import { openRouterModels } from '../../catalog/openrouter-catalog.js';
import type { OpenRouterModelData } from '../../catalog/openrouter-types.js';
import { createRedactor } from '../../common/redact.js';
import type { CallOptions, ContentVariant, CreateRequest, DownloadResult, PaidCallOptions, RetrieveResult, VideoJob, VideoProvider } from '../provider.js';
import { ProviderError } from '../provider.js';
import { downloadParts } from '../read-body.js';
import { openRouterDefaultBaseUrl } from './discovery.js';
import { classifyOpenRouterError } from './errors.js';
import { readCall } from './http.js';
import { planOpenRouterSubmit, type OpenRouterSubmit } from './input.js';
import { openRouterJobId, parseOpenRouterJobId } from './job-id.js';
import { openRouterState } from './status.js';

export interface OpenRouterProviderOptions {
  /** From OPENROUTER_API_KEY (or the variable the storyboard names); never logged, never in an error. */
  apiKey: string;
  /** Includes `/api/v1`; default `https://openrouter.ai/api/v1`. */
  baseURL?: string | undefined;
  /** Finite deadline of the paid submit; default 120 s. Running out there is ambiguous, never retried here. */
  paidTimeoutMs?: number;
  readTimeoutMs?: number;
  downloadTimeoutMs?: number;
  /** The catalog's OpenRouter models (default: the built-ins). */
  models?: readonly OpenRouterModelData[];
  /** Sent as `callback_url` on every submit (HTTPS): OpenRouter POSTs each terminal status there. */
  callbackUrl?: string;
  /** Returned as `pollAfterMs` while a job waits (OpenRouter suggests 10-30 s); default: the executor's own cadence. */
  pollIntervalMs?: number;
  now?: () => number;
}

type Recipe = Pick<VideoJob, 'model' | 'size' | 'seconds' | 'prompt' | 'createdAt'>;

// Retries off for every call: the SDK's default resends even the paid POST on 5xx for up to an hour.
const noRetries = { strategy: 'none' } as const;

class OpenRouterVideos implements VideoProvider {
  readonly #o: OpenRouterProviderOptions;
  readonly #sdk: OpenRouter;
  readonly #redact: (text: string) => string;
  readonly #base: string;
  readonly #models: readonly OpenRouterModelData[];
  /** What each job asked for (the poll answer does not repeat it). */
  readonly #recipes = new Map<string, Recipe>();

  constructor(options: OpenRouterProviderOptions) {
    this.#o = options;
    this.#models = options.models ?? openRouterModels;
    this.#redact = createRedactor([options.apiKey]);
    this.#base = (options.baseURL ?? openRouterDefaultBaseUrl).replace(/\/+$/, '');
    this.#sdk = new OpenRouter({ apiKey: options.apiKey, serverURL: this.#base, retryConfig: noRetries, appTitle: 'storyboard-render' });
  }

  #now(): number {
    return (this.#o.now ?? Date.now)();
  }

  async #call<T>(signal: AbortSignal, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw classifyOpenRouterError(error, signal, this.#redact, this.#now());
    }
  }

  #ref(jobId: string): string {
    const id = parseOpenRouterJobId(jobId);
    if (!id) throw new ProviderError({ kind: 'not-found', message: `'${jobId}' is not an OpenRouter job id`, status: 404 });
    return id;
  }

  #deadline(signal: AbortSignal, ms: number): AbortSignal {
    return AbortSignal.any([signal, AbortSignal.timeout(ms)]);
  }

  async create(request: CreateRequest, o: PaidCallOptions): Promise<VideoJob> {
    // Refused here (nothing sent) when the catalog says the model cannot do it.
    const plan = planOpenRouterSubmit(request, this.#models);
    return this.#submit(plan, { model: request.model, size: request.size, seconds: request.seconds, prompt: request.prompt }, o, null);
  }

  /** Continues a completed job on its own model (`previous_job_id`): the parent's size and length, a new prompt. */
  async remix(parentJobId: string, prompt: string, o: PaidCallOptions): Promise<VideoJob> {
    const parentId = this.#ref(parentJobId);
    const parent = this.#recipes.get(parentJobId);
    if (!parent?.model) throw new ProviderError({ kind: 'invalid', message: `cannot continue ${parentJobId}: its model is not known to this run (OpenRouter's job object does not name it)` });
    const plan = planOpenRouterSubmit({ model: parent.model, size: parent.size, seconds: parent.seconds, prompt }, this.#models);
    return this.#submit({ ...plan, previousJobId: parentId }, { ...parent, prompt }, o, parentJobId);
  }

  async #submit(plan: OpenRouterSubmit, asked: Omit<Recipe, 'createdAt'>, o: PaidCallOptions, parentJobId: string | null): Promise<VideoJob> {
    // `session_id` only groups requests in OpenRouter's observability; it is no idempotency key (there is none).
    // The SDK's enums are open (any string passes); the catalog already checked the values.
    const body = { ...plan, sessionId: o.idempotencyKey, ...(this.#o.callbackUrl ? { callbackUrl: this.#o.callbackUrl } : {}) } as VideoGenerationRequest;
    const answer = await this.#call(o.signal, () =>
      this.#sdk.videoGeneration.generate({ videoGenerationRequest: body }, { retries: noRetries, signal: this.#deadline(o.signal, this.#o.paidTimeoutMs ?? 120_000) }),
    );
    const id = openRouterJobId(answer.id);
    this.#recipes.set(id, { ...asked, createdAt: Math.floor(this.#now() / 1000) });
    return this.#job(id, { ...openRouterState(answer), remixedFromId: parentJobId });
  }

  #job(id: string, state: Partial<VideoJob>): VideoJob {
    const recipe = this.#recipes.get(id) ?? { model: '', size: '', seconds: 0, prompt: null, createdAt: 0 };
    return { id, status: 'queued', progress: 0, ...recipe, completedAt: null, expiresAt: null, remixedFromId: null, error: null, ...state };
  }

  retrieve(jobId: string, o: CallOptions): Promise<RetrieveResult> {
    return this.#call(o.signal, async () => {
      const id = this.#ref(jobId);
      const answer = await this.#sdk.videoGeneration.getGeneration({ jobId: id }, { retries: noRetries, signal: this.#deadline(o.signal, this.#o.readTimeoutMs ?? 60_000) });
      const state = openRouterState(answer);
      const finished = state.status === 'completed' || state.status === 'failed';
      const job = this.#job(jobId, { ...state, ...(finished ? { completedAt: Math.floor(this.#now() / 1000) } : {}) });
      return { job, ...(!finished && this.#o.pollIntervalMs !== undefined ? { pollAfterMs: this.#o.pollIntervalMs } : {}) };
    });
  }

  async download(jobId: string, variant: ContentVariant, o: CallOptions): Promise<DownloadResult> {
    const id = this.#ref(jobId);
    if (variant !== 'video') throw new ProviderError({ kind: 'not-found', message: `OpenRouter makes no ${variant} for ${jobId}`, status: 404 });
    // Content needs the key and is only ever fetched from the configured base URL, never from a URL an answer names.
    const response = await readCall({ url: `${this.#base}/videos/${encodeURIComponent(id)}/content?index=0`, apiKey: this.#o.apiKey, accept: 'video/mp4', timeoutMs: this.#o.downloadTimeoutMs ?? 600_000, signal: o.signal, redact: this.#redact, now: () => this.#now() });
    const type = response.headers.get('content-type') ?? '';
    if (!/^video\/mp4\b/i.test(type) || !response.body) {
      await response.body?.cancel().catch(() => undefined);
      throw new ProviderError({ kind: 'server', status: response.status, message: `OpenRouter content for ${jobId} came as ${type || 'no content type'}, not video/mp4` });
    }
    return downloadParts(response, response.body);
  }

  /** OpenRouter has no cancel or delete: a job runs to its end and its output expires on its own. */
  async delete(jobId: string): Promise<void> {
    this.#ref(jobId);
  }
}

export function createOpenRouterProvider(options: OpenRouterProviderOptions): VideoProvider {
  return new OpenRouterVideos(options);
}
