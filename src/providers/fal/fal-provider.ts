// The VideoProvider for fal.ai: the only importer of @fal-ai/client. The paid submit is one direct POST
// (./submit.ts); status, result, cancel and uploads go through the SDK, whose retries are safe for them. Job ids are
// `fal:<endpoint id>:<request id>` (./job-id.ts), so nothing else is needed to follow a job, even after a restart.
import { createFalClient, type FalClient } from '@fal-ai/client';
import { falEndpoints, falModels } from '../../catalog/fal-catalog.js';
import type { FalModelData } from '../../catalog/types.js';
import { createRedactor } from '../../common/redact.js';
import type { CallOptions, ContentVariant, CreateRequest, DownloadResult, ListPage, ListQuery, PaidCallOptions, ReferenceImage, RetrieveResult, VideoJob, VideoProvider } from '../provider.js';
import { ProviderError } from '../provider.js';
import { downloadParts } from '../read-body.js';
import { ServerClock } from '../server-clock.js';
import { classifyFalError, falDetailText, falErrorType } from './errors.js';
import { falPlatformOrigin, falQueueOrigin, falUrlVia } from './hosts.js';
import { planFalExtend, planFalSubmit, withImages } from './input.js';
import { falJobId, parseFalJobId, type FalJobRef } from './job-id.js';
import { listRequests } from './listing.js';
import { falPollAfterMs, type FalPollHints } from './poll-hint.js';
import { awaitStatusChange, type StatusEvent, type StatusStream } from './status-wait.js';
import { submitOnce } from './submit.js';

export interface FalProviderOptions {
  /** From FAL_KEY (or the variable `providers.fal.api-key-env` names); never logged, never in an error. */
  apiKey: string;
  /** One origin standing in for all of fal's hosts (resolveFalBaseUrl); undefined = fal itself. */
  baseURL?: string | undefined;
  /** Finite timeout of the paid submit; default 120 s. A timeout there is ambiguous, never retried here. */
  paidTimeoutMs?: number;
  readTimeoutMs?: number;
  downloadTimeoutMs?: number;
  /** The catalog's fal models (default: the built-ins); `list` searches every endpoint they have. */
  models?: readonly FalModelData[];
  pollHints?: Partial<FalPollHints>;
  /** How long one retrieve may hold the status stream open waiting for a change (default 30 s; 0 = plain polling). */
  streamWaitMs?: number;
  /**
   * The run's webhook receiver for fal (`render --webhooks`): each submit asks fal to POST the result to
   * `<webhookUrl>/<endpoint id>`, so the delivery names the whole job id. The wait is then the executor's (woken by
   * the delivery): a retrieve reads the status once instead of holding the stream open.
   */
  webhookUrl?: string | undefined;
  now?: () => number;
}

type Recipe = Pick<VideoJob, 'model' | 'size' | 'seconds' | 'prompt' | 'createdAt'>;

const extensionOf: Record<ReferenceImage['mime'], string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp' };

class FalVideos implements VideoProvider {
  readonly #o: FalProviderOptions;
  readonly #client: FalClient;
  readonly #redact: (text: string) => string;
  readonly #clock = new ServerClock();
  readonly #via: (url: string) => string;
  /** What each job asked for, as learnt from create or list (the status call does not repeat it). */
  readonly #recipes = new Map<string, Recipe>();
  readonly #models: readonly FalModelData[];
  /** Output video URL → the job that made it: a listed extension names its source by URL only. */
  readonly #sources = new Map<string, string>();

  constructor(options: FalProviderOptions) {
    this.#o = options;
    this.#models = options.models ?? falModels;
    this.#redact = createRedactor([options.apiKey]);
    this.#via = falUrlVia(options.baseURL);
    const via = this.#via;
    this.#client = createFalClient({ credentials: options.apiKey, requestMiddleware: async (request) => ({ ...request, url: via(request.url) }) });
  }

  #now(): number {
    return (this.#o.now ?? Date.now)();
  }

  serverClockOffsetMs(): number | undefined {
    return this.#clock.offsetMs();
  }

  async #call<T>(signal: AbortSignal, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw classifyFalError(error, signal, this.#redact, this.#now());
    }
  }

  #ref(jobId: string): FalJobRef {
    const ref = parseFalJobId(jobId);
    if (!ref) throw new ProviderError({ kind: 'not-found', message: `'${jobId}' is not a fal job id`, status: 404 });
    return ref;
  }

  #readSignal(signal: AbortSignal, ms = this.#o.readTimeoutMs ?? 60_000): AbortSignal {
    return AbortSignal.any([signal, AbortSignal.timeout(ms)]);
  }

  async #upload(image: ReferenceImage, name: string, signal: AbortSignal): Promise<string> {
    const blob = new Blob([image.bytes], { type: image.mime });
    const file = new File([blob], `${name}.${extensionOf[image.mime]}`, { type: image.mime });
    signal.throwIfAborted();
    return this.#client.storage.upload(file);
  }

  async create(request: CreateRequest, o: PaidCallOptions): Promise<VideoJob> {
    // Refused here (nothing sent) when the catalog says the model cannot do it.
    const plan = planFalSubmit(request, this.#models);
    const urls = await this.#call(o.signal, async () => ({
      ...(request.reference ? { firstFrame: await this.#upload(request.reference, 'first-frame', o.signal) } : {}),
      ...(request.lastFrame ? { lastFrame: await this.#upload(request.lastFrame, 'last-frame', o.signal) } : {}),
      ...(request.references?.length ? { references: await Promise.all(request.references.map((image, i) => this.#upload(image, `reference-${i + 1}`, o.signal))) } : {}),
    }));
    return this.#submit(plan.endpoint.id, withImages(plan, urls), { model: request.model, size: request.size, seconds: request.seconds, prompt: request.prompt }, o);
  }

  async #submit(endpointId: string, input: Record<string, unknown>, asked: Omit<Recipe, 'createdAt'>, o: PaidCallOptions, parentJobId?: string): Promise<VideoJob> {
    const answer = await submitOnce({
      url: this.#via(`${falQueueOrigin}/${endpointId}`) + (this.#o.webhookUrl ? `?fal_webhook=${encodeURIComponent(`${this.#o.webhookUrl}/${endpointId}`)}` : ''),
      apiKey: this.#o.apiKey,
      input,
      tags: { render: o.idempotencyKey },
      timeoutMs: this.#o.paidTimeoutMs ?? 120_000,
      signal: o.signal,
      redact: this.#redact,
      now: () => this.#now(),
    });
    this.#clock.observe(answer.date, this.#now());
    const id = falJobId({ endpointId, requestId: answer.requestId });
    this.#recipes.set(id, { ...asked, createdAt: Math.floor((this.#now() + (this.#clock.offsetMs() ?? 0)) / 1000) });
    return this.#job(id, { status: 'queued', remixedFromId: parentJobId ?? null, ...(answer.queuePosition !== undefined ? { queuePosition: answer.queuePosition } : {}) });
  }

  #job(id: string, state: Partial<VideoJob>): VideoJob {
    const ref = parseFalJobId(id);
    const family = ref ? falEndpoints(ref.endpointId, this.#models)[0]?.model.family : undefined;
    const recipe = this.#recipes.get(id) ?? { model: family ?? '', size: '', seconds: 0, prompt: null, createdAt: 0 };
    return { id, status: 'queued', progress: 0, ...recipe, completedAt: null, expiresAt: null, remixedFromId: null, error: null, ...state };
  }

  /**
   * fal has no remix: a derived shot continues its parent's clip on the family's extend endpoint, adding
   * `extension.seconds` (else that endpoint's default; Veo 3.1: 7). The job's seconds are the ones added (what fal
   * bills and its request listing shows). The paid submit leaves once, as for create.
   */
  async remix(parentJobId: string, prompt: string, o: PaidCallOptions, extension?: { seconds: number }): Promise<VideoJob> {
    const parent = this.#ref(parentJobId);
    const video = await this.#call(o.signal, () => this.#videoOf(parent, o.signal));
    const plan = planFalExtend(parent.endpointId, prompt, video.url, this.#models, extension?.seconds);
    const known = this.#recipes.get(parentJobId);
    const recipe = { model: plan.model.family, size: known?.size || video.size, seconds: plan.addedSeconds, prompt };
    return this.#submit(plan.endpoint.id, plan.input, recipe, o, parentJobId);
  }

  async #videoOf(ref: FalJobRef, signal: AbortSignal): Promise<{ url: string; size: string; seconds: number }> {
    const { data } = await this.#client.queue.result(ref.endpointId, { requestId: ref.requestId, abortSignal: this.#readSignal(signal) });
    const video = (data as { video?: { url?: unknown; width?: unknown; height?: unknown; duration?: unknown } } | undefined)?.video;
    if (typeof video?.url !== 'string') throw new ProviderError({ kind: 'not-found', message: `the result of ${falJobId(ref)} has no video URL`, status: 404 });
    this.#sources.set(video.url, falJobId(ref));
    const size = typeof video.width === 'number' && typeof video.height === 'number' ? `${video.width}x${video.height}` : '';
    return { url: video.url, size, seconds: typeof video.duration === 'number' ? Math.round(video.duration) : 0 };
  }

  retrieve(jobId: string, o: CallOptions): Promise<RetrieveResult> {
    return this.#call(o.signal, async () => {
      const ref = this.#ref(jobId);
      const polled = (await this.#client.queue.status(ref.endpointId, { requestId: ref.requestId, logs: false, abortSignal: this.#readSignal(o.signal) })) as unknown as StatusEvent;
      // Still waiting: hear the change as it happens instead of polling for it (one request, not one per second).
      const open = () => this.#client.queue.streamStatus(ref.endpointId, { requestId: ref.requestId, logs: false }) as Promise<StatusStream>;
      const status = polled.status === 'COMPLETED' ? polled : await awaitStatusChange(open, polled, this.#o.webhookUrl ? 0 : (this.#o.streamWaitMs ?? 30_000), o.signal);
      const queuePosition = typeof status.queue_position === 'number' ? status.queue_position : undefined;
      const hint = falPollAfterMs(String(status.status), queuePosition, this.#o.pollHints);
      if (status.status === 'IN_QUEUE') return { job: this.#job(jobId, { status: 'queued', ...(queuePosition !== undefined ? { queuePosition } : {}) }), pollAfterMs: hint };
      if (status.status === 'IN_PROGRESS') return { job: this.#job(jobId, { status: 'in_progress' }), pollAfterMs: hint };
      const completedAt = Math.floor(this.#now() / 1000);
      if (status.error === undefined || status.error === null) return { job: this.#job(jobId, { status: 'completed', progress: 100, completedAt }) };
      // fal bills successful requests only (https://fal.ai/docs/documentation/model-apis/pricing): the job's own
      // failed end is the provider's word that it cost nothing, as a refunded Runway task is.
      return { job: this.#job(jobId, { status: 'failed', progress: 100, completedAt, error: await this.#failure(ref, status, o.signal), billing: { chargedMicroUsd: 0 } }) };
    });
  }

  /** A failed request's real error comes from its result call: fal's own detail and error type. */
  async #failure(ref: FalJobRef, status: Record<string, unknown>, signal: AbortSignal): Promise<{ code: string; message: string }> {
    const fallback = { code: typeof status.error_type === 'string' ? status.error_type : 'failed', message: this.#redact(String(status.error)) };
    try {
      await this.#client.queue.result(ref.endpointId, { requestId: ref.requestId, abortSignal: this.#readSignal(signal) });
      return fallback;
    } catch (error) {
      const body = (error as { body?: unknown }).body;
      const message = falDetailText(body);
      return { code: falErrorType(body) ?? fallback.code, message: message ? this.#redact(message) : fallback.message };
    }
  }

  /** The parent's output URL, which is all fal's listing says of an extension's source. */
  async recogniseDerivedFrom(parentJobId: string, o: CallOptions): Promise<void> {
    const ref = parseFalJobId(parentJobId);
    if (!ref || [...this.#sources.values()].includes(parentJobId)) return;
    await this.#call(o.signal, () => this.#videoOf(ref, o.signal));
  }

  /** A fal result is the video alone: no thumbnail or spritesheet is made. */
  offers(_jobId: string, variant: ContentVariant): boolean {
    return variant === 'video';
  }

  download(jobId: string, variant: ContentVariant, o: CallOptions): Promise<DownloadResult> {
    return this.#call(o.signal, async () => {
      const ref = this.#ref(jobId);
      if (variant !== 'video') throw new ProviderError({ kind: 'not-found', message: `fal makes no ${variant} for ${jobId}`, status: 404 });
      const { url } = await this.#videoOf(ref, o.signal);
      // The CDN is public: the key is never sent there.
      const response = await fetch(this.#via(url), { signal: this.#readSignal(o.signal, this.#o.downloadTimeoutMs ?? 600_000) });
      if (!response.ok) throw new ProviderError({ kind: response.status === 404 ? 'not-found' : 'server', message: `video download answered HTTP ${response.status}`, status: response.status });
      if (!response.body) throw new ProviderError({ kind: 'transport', message: `empty video body for job ${jobId}` });
      return downloadParts(response, response.body);
    });
  }

  list(query: ListQuery, o: CallOptions): Promise<ListPage> {
    return this.#call(o.signal, async () => {
      const endpointIds = [...new Set(this.#models.flatMap((model) => model.endpoints.map((endpoint) => endpoint.id)))];
      const page = await listRequests({
        url: this.#via(`${falPlatformOrigin}/v1/models/requests/by-endpoint`),
        apiKey: this.#o.apiKey,
        endpointIds,
        limit: query.limit,
        ...(query.after ? { cursor: query.after } : {}),
        signal: o.signal,
        timeoutMs: this.#o.readTimeoutMs ?? 60_000,
        redact: this.#redact,
        now: () => this.#now(),
        models: this.#models,
      });
      this.#clock.observe(page.date, this.#now());
      const jobs = page.jobs.map((job) => (job.sourceVideoUrl === undefined ? job : { ...job, remixedFromId: this.#sources.get(job.sourceVideoUrl) ?? null }));
      for (const job of jobs) this.#recipes.set(job.id, { model: job.model, size: job.size, seconds: job.seconds, prompt: job.prompt, createdAt: job.createdAt });
      return { jobs: jobs.map(({ sourceVideoUrl: _url, ...job }) => job), hasMore: page.hasMore, ...(page.lastId ? { lastId: page.lastId } : {}) };
    });
  }

  /** Cancel a job still queued (never run, never charged); a running or finished one is left alone. */
  delete(jobId: string, o: CallOptions): Promise<void> {
    return this.#call(o.signal, async () => {
      const ref = this.#ref(jobId);
      const status = await this.#client.queue.status(ref.endpointId, { requestId: ref.requestId, abortSignal: this.#readSignal(o.signal) });
      if (status.status === 'IN_QUEUE') await this.#client.queue.cancel(ref.endpointId, { requestId: ref.requestId, abortSignal: this.#readSignal(o.signal) });
    });
  }
}

export function createFalProvider(options: FalProviderOptions): VideoProvider {
  return new FalVideos(options);
}
