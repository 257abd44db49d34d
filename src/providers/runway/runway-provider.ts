// The VideoProvider for Runway: the only importer of @runwayml/sdk (with ./client.ts, ./errors.ts and
// ./organization.ts). The paid create is one SDK call with retries off and a finite timeout: Runway has no
// idempotency key and no task list, so a create resent by the SDK would be a second billed task that nothing could
// find again. Reads (retrieve, delete) keep the SDK's retries. Job ids are `runway:<task id>` (./job-id.ts).
import type RunwayML from '@runwayml/sdk';
import type { ImageToVideoCreateParams, TextToVideoCreateParams, VideoToVideoCreateParams } from '@runwayml/sdk/resources';
import { creditsToMicroUsd, runwayModels } from '../../catalog/runway-catalog.js';
import type { RunwayEndpointName, RunwayModelData } from '../../catalog/runway-types.js';
import type { CallOptions, ContentVariant, CreateRequest, DownloadResult, PaidCallOptions, RetrieveResult, VideoJob, VideoProvider } from '../provider.js';
import { ProviderError } from '../provider.js';
import { downloadParts } from '../read-body.js';
import { runwayClient, runwayRedactor } from './client.js';
import { classifyRunwayError } from './errors.js';
import { planRunwayCreate, planRunwayRemix, remixable, type RunwayCreatePlan } from './input.js';
import { parseRunwayJobId, runwayJobId } from './job-id.js';
import { runwayPollAfterMs, type ProgressSample } from './poll-hint.js';
import { taskState, type RunwayTaskFacts } from './task-state.js';

export { runwayJobPrefix } from './job-id.js';
export { readRunwayOrganization, type RunwayOrganization } from './organization.js';

export interface RunwayProviderOptions {
  /** From RUNWAYML_API_SECRET (or the variable the storyboard names); never logged, never in an error. */
  apiKey: string;
  /** `https://api.dev.runwayml.com` (the default) or a stand-in such as the simulator's `…/runway`. */
  baseURL?: string | undefined;
  /** Finite timeout of the paid create; default 120 s. A timeout there is ambiguous, never retried here. */
  paidTimeoutMs?: number;
  readTimeoutMs?: number;
  downloadTimeoutMs?: number;
  /** SDK retries of reads (default 2). */
  readRetries?: number;
  /**
   * A fixed poll hint while a task waits or runs. Default: 5 s (Runway: "should not expect updates more frequent than
   * once every five seconds"), and once a RUNNING task's progress moves, aimed just after its expected end (./poll-hint.ts).
   */
  pollAfterMs?: number;
  models?: readonly RunwayModelData[];
  now?: () => number;
}

type Recipe = Pick<VideoJob, 'model' | 'size' | 'seconds' | 'prompt' | 'createdAt' | 'remixedFromId'>;

class RunwayVideos implements VideoProvider {
  readonly #o: RunwayProviderOptions;
  readonly #client: RunwayML;
  readonly #redact: (text: string) => string;
  readonly #models: readonly RunwayModelData[];
  /** What each job asked for (a task does not repeat it), and when it was first seen ended. */
  readonly #recipes = new Map<string, Recipe>();
  readonly #endedAt = new Map<string, number>();
  /** The first check that saw each task RUNNING: the base of its progress rate. */
  readonly #runningSince = new Map<string, ProgressSample>();
  /** The output URL the check that saw a task SUCCEEDED returned, used once by the download that follows. */
  readonly #freshOutput = new Map<string, { url: string; atMs: number }>();

  constructor(options: RunwayProviderOptions) {
    this.#o = options;
    this.#models = options.models ?? runwayModels;
    this.#redact = runwayRedactor(options.apiKey);
    this.#client = runwayClient({ apiKey: options.apiKey, baseURL: options.baseURL, maxRetries: options.readRetries ?? 2, timeoutMs: options.readTimeoutMs ?? 60_000 });
  }

  #now(): number {
    return (this.#o.now ?? Date.now)();
  }

  async #call<T>(signal: AbortSignal, run: () => Promise<T>, createOf?: string): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw classifyRunwayError(error, { signal, redact: this.#redact, nowMs: this.#now(), ...(createOf !== undefined ? { createOf } : {}) });
    }
  }

  #taskId(jobId: string): string {
    const taskId = parseRunwayJobId(jobId);
    if (!taskId) throw new ProviderError({ kind: 'not-found', message: `'${jobId}' is not a Runway job id`, status: 404 });
    return taskId;
  }

  /** The one paid call: sent once (SDK retries off), bounded in time. */
  #send(endpoint: RunwayEndpointName, body: Record<string, unknown>, o: PaidCallOptions) {
    const request = { maxRetries: 0, timeout: this.#o.paidTimeoutMs ?? 120_000, signal: o.signal };
    if (endpoint === 'text_to_video') return this.#client.textToVideo.create(body as unknown as TextToVideoCreateParams, request);
    if (endpoint === 'image_to_video') return this.#client.imageToVideo.create(body as unknown as ImageToVideoCreateParams, request);
    return this.#client.videoToVideo.create(body as unknown as VideoToVideoCreateParams, request);
  }

  async #submit(plan: RunwayCreatePlan, recipe: Omit<Recipe, 'createdAt'>, o: PaidCallOptions): Promise<VideoJob> {
    const answer = await this.#call(o.signal, async () => {
      o.signal.throwIfAborted();
      return this.#send(plan.endpoint.name, plan.body, o);
    }, plan.model.model);
    if (typeof answer?.id !== 'string') {
      // Accepted but unreadable: a task exists and cannot be named, so the outcome is unknown.
      throw new ProviderError({ kind: 'server', message: 'Runway accepted the task but its answer has no id' });
    }
    const id = runwayJobId(answer.id);
    this.#recipes.set(id, { ...recipe, createdAt: Math.floor(this.#now() / 1000) });
    const estimate = answer.estimatedCost?.credits;
    return this.#job(id, { status: 'queued', ...(typeof estimate === 'number' ? { billing: { estimatedMicroUsd: creditsToMicroUsd(estimate) } } : {}) });
  }

  #job(id: string, state: Partial<VideoJob>): VideoJob {
    const recipe = this.#recipes.get(id) ?? { model: '', size: '', seconds: 0, prompt: null, createdAt: 0, remixedFromId: null };
    return { id, status: 'queued', progress: 0, ...recipe, completedAt: null, expiresAt: null, error: null, ...state };
  }

  async create(request: CreateRequest, o: PaidCallOptions): Promise<VideoJob> {
    // Refused here (nothing sent) when the catalog says the model cannot do it.
    const plan = planRunwayCreate(request, this.#models);
    return this.#submit(plan, { model: plan.model.model, size: request.size, seconds: request.seconds, prompt: request.prompt, remixedFromId: null }, o);
  }

  /** A derived shot: video_to_video of the parent's clip on the parent's model, where that model has it. */
  async remix(parentJobId: string, prompt: string, o: PaidCallOptions): Promise<VideoJob> {
    this.#taskId(parentJobId);
    const parent = this.#recipes.get(parentJobId);
    if (!parent?.model) throw new ProviderError({ kind: 'invalid', message: `the model of ${parentJobId} is not known to this run, so it cannot be remixed on Runway`, code: 'invalid_request' });
    if (!remixable(parent.model, this.#models)) throw new ProviderError({ kind: 'invalid', message: `${parent.model} has no video_to_video on Runway, so a shot derived from it cannot be made there`, code: 'invalid_request' });
    const videoUrl = await this.#outputUrl(parentJobId, o.signal);
    const plan = planRunwayRemix(parent, prompt, videoUrl, this.#models);
    return this.#submit(plan, { model: parent.model, size: parent.size, seconds: parent.seconds, prompt, remixedFromId: parentJobId }, o);
  }

  async #task(jobId: string, signal: AbortSignal): Promise<RunwayTaskFacts> {
    const taskId = this.#taskId(jobId);
    return (await this.#client.tasks.retrieve(taskId, { signal })) as RunwayTaskFacts;
  }

  retrieve(jobId: string, o: CallOptions): Promise<RetrieveResult> {
    return this.#call(o.signal, async () => {
      const task = await this.#task(jobId, o.signal);
      const { ended, ...state } = taskState(task, this.#redact);
      const createdMs = task.createdAt ? Date.parse(task.createdAt) : Number.NaN;
      if (ended && !this.#endedAt.has(jobId)) this.#endedAt.set(jobId, Math.floor(this.#now() / 1000));
      const job = this.#job(jobId, { ...state, ...(Number.isFinite(createdMs) ? { createdAt: Math.floor(createdMs / 1000) } : {}), completedAt: ended ? (this.#endedAt.get(jobId) ?? null) : null });
      if (ended) {
        this.#runningSince.delete(jobId);
        const url = firstOutput(task);
        if (task.status === 'SUCCEEDED' && url) this.#freshOutput.set(jobId, { url, atMs: this.#now() });
        return { job };
      }
      return { job, pollAfterMs: this.#o.pollAfterMs ?? this.#pollAfterMs(jobId, task) };
    });
  }

  #pollAfterMs(jobId: string, task: RunwayTaskFacts): number {
    const progress = task.status === 'RUNNING' && typeof task.progress === 'number' && Number.isFinite(task.progress) ? task.progress : undefined;
    if (progress === undefined) return runwayPollAfterMs(undefined, undefined);
    const latest = { atMs: this.#now(), progress };
    const first = this.#runningSince.get(jobId);
    if (!first) this.#runningSince.set(jobId, latest);
    return runwayPollAfterMs(first, latest);
  }

  /** The first output URL of a SUCCEEDED task, fresh: Runway's URLs expire, a new retrieve mints new ones. */
  async #outputUrl(jobId: string, signal: AbortSignal): Promise<string> {
    // The URL of the check that just saw the task succeed: signed for a day or more, so minting another a moment
    // later would be one more request per shot. Used once: a failed download asks again and gets a new one.
    const fresh = this.#freshOutput.get(jobId);
    this.#freshOutput.delete(jobId);
    if (fresh && this.#now() - fresh.atMs < freshOutputMs) return fresh.url;
    const task = await this.#call(signal, () => this.#task(jobId, signal));
    const url = firstOutput(task);
    if (task.status !== 'SUCCEEDED' || !url) throw new ProviderError({ kind: 'not-found', message: `Runway task ${jobId} has no output (status ${task.status})`, status: 404 });
    return url;
  }

  async download(jobId: string, variant: ContentVariant, o: CallOptions): Promise<DownloadResult> {
    if (variant !== 'video') throw new ProviderError({ kind: 'not-found', message: `Runway makes no ${variant} for ${jobId}`, status: 404 });
    const url = await this.#outputUrl(jobId, o.signal);
    return this.#call(o.signal, async () => {
      // A signed URL: the key is never sent there.
      const response = await fetch(url, { signal: AbortSignal.any([o.signal, AbortSignal.timeout(this.#o.downloadTimeoutMs ?? 600_000)]) });
      if (!response.ok) {
        await response.body?.cancel().catch(() => undefined);
        const gone = response.status === 403 || response.status === 404 || response.status === 410;
        throw new ProviderError({ kind: gone ? 'not-found' : 'server', message: `Runway output download answered HTTP ${response.status}`, status: response.status });
      }
      if (!response.body) throw new ProviderError({ kind: 'transport', message: `empty video body for job ${jobId}` });
      return downloadParts(response, response.body);
    });
  }

  /** Cancels a task still waiting or running (Runway refunds it); deletes an ended one and its output. */
  delete(jobId: string, o: CallOptions): Promise<void> {
    return this.#call(o.signal, async () => {
      await this.#client.tasks.delete(this.#taskId(jobId), { signal: o.signal });
    });
  }
}

/** How long the output URL of a succeeding check is used instead of a new retrieve (Runway signs them for 24-48 h). */
const freshOutputMs = 60_000;

function firstOutput(task: RunwayTaskFacts): string | undefined {
  const output = (task as { output?: unknown }).output;
  return Array.isArray(output) && typeof output[0] === 'string' ? output[0] : undefined;
}

export function createRunwayProvider(options: RunwayProviderOptions): VideoProvider {
  return new RunwayVideos(options);
}
