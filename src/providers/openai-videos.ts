// The VideoProvider for any server speaking the OpenAI Videos API, through the official SDK: the only importer of
// `openai`. Paid calls go out with SDK retries off (docs/design/money-safety.md#paid-calls-without-sdk-retries);
// failures leave here classified.
import OpenAI, { APIConnectionTimeoutError, APIError, APIUserAbortError, toFile } from 'openai';
import type { Video, VideoCreateParams } from 'openai/resources/videos';
import { createRedactor, stripControl } from '../common/redact.js';
import { causeCodes, classifyFailure } from './classify.js';
import { shortenErrorText } from './error-text.js';
import { downloadParts } from './read-body.js';
import type { CallOptions, ContentVariant, CreateRequest, DownloadResult, ListPage, ListQuery, PaidCallOptions, RetrieveResult, VideoJob, VideoProvider } from './provider.js';
import { ProviderError } from './provider.js';
import { ServerClock } from './server-clock.js';

export interface OpenAIVideosOptions {
  /** From OPENAI_API_KEY (the CLI reads it); never logged, never part of any error this module throws. */
  apiKey: string;
  /** Resolved with resolveBaseUrl(). */
  baseURL: string;
  /** Finite timeout of a paid call (create, remix); default 120 s. A timeout there is ambiguous, never retried here. */
  paidTimeoutMs?: number;
  /** Timeout of a read (retrieve, list, delete); default 60 s. */
  readTimeoutMs?: number;
  /** SDK retries for reads (retrieve, list, delete); default 0: the executor keeps one retry budget per call. */
  readMaxRetries?: number;
  /** Timeout for a content download (headers and body); default 10 min. */
  downloadTimeoutMs?: number;
  /** Wall clock for HTTP-date Retry-After values; default Date.now. */
  now?: () => number;
}

const extensionOf: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp' };

export function toVideoJob(video: Video): VideoJob {
  const seconds = Number(video.seconds);
  return {
    id: video.id,
    status: video.status,
    progress: typeof video.progress === 'number' ? video.progress : 0,
    model: video.model,
    size: video.size,
    seconds: Number.isFinite(seconds) ? seconds : 0,
    prompt: video.prompt ?? null,
    createdAt: video.created_at,
    completedAt: video.completed_at ?? null,
    expiresAt: video.expires_at ?? null,
    remixedFromId: video.remixed_from_video_id ?? null,
    error: video.error ? { code: String(video.error.code), message: String(video.error.message) } : null,
  };
}

/** Plain facts off an SDK error (the only place SDK error classes are looked at), message already redacted. */
function classifySdkError(error: unknown, signal: AbortSignal, redact: (text: string) => string, nowMs: number): ProviderError {
  if (error instanceof ProviderError) return error;
  // Redacted before it is shortened, so a cut can never leave part of a secret behind.
  const message = shortenErrorText(redact(stripControl(error instanceof Error ? error.message : String(error))));
  const aborted = error instanceof APIUserAbortError || (signal.aborted && !(error instanceof APIError && error.status));
  if (!(error instanceof APIError)) return classifyFailure({ message, causeCodes: causeCodes(error), aborted }, nowMs);
  const timedOut = error instanceof APIConnectionTimeoutError;
  const facts = { status: error.status, code: error.code, type: error.type, message, headers: error.headers, causeCodes: causeCodes(error.cause), timedOut, aborted };
  return classifyFailure(facts, nowMs);
}

class OpenAIVideos implements VideoProvider {
  readonly #client: OpenAI;
  readonly #options: OpenAIVideosOptions;
  readonly #redact: (text: string) => string;
  readonly #serverClock = new ServerClock();

  constructor(options: OpenAIVideosOptions) {
    this.#options = options;
    this.#redact = createRedactor([options.apiKey]);
    this.#client = new OpenAI({ apiKey: options.apiKey, baseURL: options.baseURL, maxRetries: options.readMaxRetries ?? 0, timeout: options.readTimeoutMs ?? 60_000 });
  }

  #now(): number {
    return (this.#options.now ?? Date.now)();
  }

  #noted<T>(answer: { data: T; response: Response }): T {
    this.#serverClock.observe(answer.response.headers.get('date'), this.#now());
    return answer.data;
  }

  serverClockOffsetMs(): number | undefined {
    return this.#serverClock.offsetMs();
  }

  async #call<T>(signal: AbortSignal, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw classifySdkError(error, signal, this.#redact, (this.#options.now ?? Date.now)());
    }
  }

  // Paid calls: no SDK retry (its retry of a timed-out create can start a second paid job), a finite timeout.
  #paid(o: PaidCallOptions) {
    return { signal: o.signal, maxRetries: 0, timeout: this.#options.paidTimeoutMs ?? 120_000, headers: { 'Idempotency-Key': o.idempotencyKey } };
  }

  create(request: CreateRequest, o: PaidCallOptions): Promise<VideoJob> {
    return this.#call(o.signal, async () => {
      const body: VideoCreateParams = {
        prompt: request.prompt,
        model: request.model,
        size: request.size as VideoCreateParams['size'],
        seconds: String(request.seconds) as VideoCreateParams['seconds'],
      };
      if (request.reference) {
        const { bytes, mime } = request.reference;
        body.input_reference = await toFile(bytes, `reference.${extensionOf[mime] ?? 'bin'}`, { type: mime });
      }
      return toVideoJob(this.#noted(await this.#client.videos.create(body, this.#paid(o)).withResponse()));
    });
  }

  remix(parentJobId: string, prompt: string, o: PaidCallOptions): Promise<VideoJob> {
    return this.#call(o.signal, async () => toVideoJob(this.#noted(await this.#client.videos.remix(parentJobId, { prompt }, this.#paid(o)).withResponse())));
  }

  retrieve(jobId: string, o: CallOptions): Promise<RetrieveResult> {
    return this.#call(o.signal, async () => {
      const { data, response } = await this.#client.videos.retrieve(jobId, { signal: o.signal }).withResponse();
      this.#serverClock.observe(response.headers.get('date'), this.#now());
      const hint = Number(response.headers.get('openai-poll-after-ms'));
      return { job: toVideoJob(data), ...(hint > 0 && Number.isFinite(hint) ? { pollAfterMs: hint } : {}) };
    });
  }

  download(jobId: string, variant: ContentVariant, o: CallOptions): Promise<DownloadResult> {
    return this.#call(o.signal, async () => {
      const timeout = this.#options.downloadTimeoutMs ?? 600_000;
      // No SDK retries: the executor's download loop is the one retry budget (nested loops sent 75 requests).
      const response = await this.#client.videos.downloadContent(jobId, { variant }, { signal: o.signal, timeout, maxRetries: 0 });
      if (!response.body) throw new ProviderError({ kind: 'transport', message: `empty ${variant} body for job ${jobId}` });
      return downloadParts(response, response.body);
    });
  }

  list(query: ListQuery, o: CallOptions): Promise<ListPage> {
    return this.#call(o.signal, async () => {
      const params = { limit: query.limit, order: query.order, ...(query.after ? { after: query.after } : {}) };
      const { data: page, response } = await this.#client.videos.list(params, { signal: o.signal }).withResponse();
      this.#serverClock.observe(response.headers.get('date'), this.#now());
      return { jobs: page.data.map(toVideoJob), hasMore: page.has_more, ...(page.last_id ? { lastId: page.last_id } : {}) };
    });
  }

  delete(jobId: string, o: CallOptions): Promise<void> {
    return this.#call(o.signal, async () => {
      await this.#client.videos.delete(jobId, { signal: o.signal });
    });
  }
}

export function createOpenAIVideosProvider(options: OpenAIVideosOptions): VideoProvider {
  return new OpenAIVideos(options);
}
