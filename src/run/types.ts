// The run stage's public contract: plain options in, events out through a sink, a typed result back. The CLI and a
// library user (a service, a worker, a test) call the same two functions with the same options.
import type { CrashPointSpec } from '../execute/crashpoints.js';
import type { ExecEvent } from '../execute/events.js';
import type { ExecuteResult, RunOutcome, ShotResult } from '../execute/types.js';
import type { CutRecord, TimelineRecord } from '../report/types.js';
import type { ShotKind } from '../common/shot-kind.js';
import type { FfmpegTools } from '../stitch/types.js';
import type { Storyboard } from '../storyboard/model.js';
import type { WebhookListen } from './webhook-listen.js';

/** Which backend, and how to reach it. Nothing is read from the environment: the caller passes what it has. */
export interface ProviderSettings {
  /** 'openai' (the default: each shot's own provider, live) or 'sim' (the simulator, started in process, for every shot). */
  kind?: string | undefined;
  /** Beats the storyboard's provider.base-url. */
  baseUrl?: string | undefined;
  /** Used when neither the option nor the storyboard names a base URL (the CLI passes OPENAI_BASE_URL). */
  defaultBaseUrl?: string | undefined;
  /** The OpenAI-protocol key (else `env.OPENAI_API_KEY`); never written anywhere. */
  apiKey?: string | undefined;
  /**
   * Where every other provider's key and endpoint override is read from, by variable name (`FAL_KEY`,
   * `RENDER_FAL_BASE_URL`, or the name `providers.<name>.api-key-env` gives). The CLI passes its environment; a
   * library user passes what it has. Never process.env implicitly.
   */
  env?: Readonly<Record<string, string | undefined>> | undefined;
  /** Speed of the in-process simulator (default 0.1). */
  simTimeScale?: number | undefined;
}

interface CommonOptions {
  /** A storyboard file, or one already loaded with loadStoryboard. */
  storyboard: string | Storyboard;
  /** How the report names the storyboard file (default: the path given). */
  displayPath?: string | undefined;
  provider?: ProviderSettings | undefined;
  /** Cache and journal folder (default: .render/ beside the storyboard). */
  cacheDir?: string | undefined;
  /** Output root (default: out/ beside the storyboard); the run writes into <outDir>/<storyboard name>/. */
  outDir?: string | undefined;
  /** ffmpeg and ffprobe, located once and only when first needed (default: FFMPEG_PATH/FFPROBE_PATH, else PATH). */
  tools?: (() => Promise<FfmpegTools>) | undefined;
  /** Abort to stop gracefully: in-flight jobs are journaled, the report is written, the next run resumes. */
  signal?: AbortSignal | undefined;
  /** Applied to every message and the report (default: removes the API key). */
  redact?: ((text: string) => string) | undefined;
}

export interface RenderOptions extends CommonOptions {
  /** Spending cap for this run in US dollars; the lower of this and budget.max-usd wins. */
  maxUsd?: number | undefined;
  /** Jobs in flight at once (default: the storyboard's concurrency). */
  concurrency?: number | undefined;
  /** Stitch the final cut once every shot completed (default true). */
  stitch?: boolean | undefined;
  regenerateExpired?: boolean | undefined;
  /** How long to look for the job of a create whose answer was lost (default 180 s). */
  reconcileWindowSeconds?: number | undefined;
  resendUnknown?: boolean | undefined;
  /** Largest clip download accepted (default: from each shot's size and seconds). */
  maxClipBytes?: number | undefined;
  /** Lower bound of the adaptive poll interval, in ms (tests and fast gateways). */
  pollMinMs?: number | undefined;
  /**
   * Receive fal's and OpenRouter's signed webhooks here (`render --webhooks`) and poll those jobs only as a slow
   * fallback. Runway and the OpenAI protocol are polled as always.
   */
  webhooks?: WebhookListen | undefined;
  /** With webhooks: the fallback poll interval in ms (default 60 s; the simulator's scaled by its time scale). */
  webhookFallbackMs?: number | undefined;
  /** Write `<storyboard>.lock` beside the storyboard after the run (default true; docs/lockfile.md). */
  lockfile?: boolean | undefined;
  /** Tests only: kill this process at a named boundary. */
  crashpoint?: CrashPointSpec | undefined;
}

export interface StitchOptions extends CommonOptions {
  /** A shared cache (file:///folder or s3://bucket/prefix) to pull the plan's clips from into cacheDir first. */
  cacheUrl?: string;
  /** Where the shared cache's S3 settings and credentials come from (default: process.env). */
  env?: Readonly<Record<string, string | undefined>>;
}

/** A shot as a view lists it before anything runs. */
export interface ViewShot {
  id: string;
  kind: ShotKind;
  model: string;
  size: string;
  seconds: number;
  costMicroUsd: number;
  /** The line of the shot's mapping in the storyboard (where an annotation about the shot points). */
  line?: number;
}

export interface StitchProgress {
  phase: 'start' | 'progress' | 'done' | 'failed' | 'skipped';
  fraction?: number;
  etaSeconds?: number;
  message?: string;
}

/** What `render stitch` finds in the cache for each shot of the plan (no provider is asked). */
export type CacheLookupEvent =
  | { type: 'clip-found'; shot: string; file: string; at: number }
  | { type: 'clip-missing'; shot: string; reason: string; at: number };

export type RunEvent = ExecEvent | CacheLookupEvent;

/** Where a run's events go: a terminal view, NDJSON, a log, a test's array. */
export interface RunSink {
  start(shots: readonly ViewShot[]): void;
  event(event: RunEvent): void;
  stitch(progress: StitchProgress): void;
}

export interface RunSummary {
  outcome: string;
  done: number;
  cached: number;
  failed: number;
  skipped: number;
  /** Billed for the paid calls this run made. */
  spentMicroUsd: number;
  savedMicroUsd: number;
  /** This run's paid calls whose outcome is not settled (unknown, or in flight when stopped). */
  possiblyBilledMicroUsd: number;
  /** Earlier runs' paid calls confirmed by this run (not spent again). */
  earlierRunsMicroUsd: number;
  /** Every hold at the end, this run's and earlier runs' (counted against the cap). */
  reservedMicroUsd: number;
  /** The run's spending cap (the lower of --max-usd and budget.max-usd), when there is one. */
  capMicroUsd?: number;
  /** What the providers said they charged for this run's shots, where they said so (Runway, OpenRouter). */
  chargedMicroUsd?: number;
  /** The catalog estimate of those same shots, to compare the charge with. */
  chargedEstimateMicroUsd?: number;
  output?: string;
  report?: string;
}

export interface RunResult {
  /** 'interrupted' whenever the signal fired, even during the stitch. */
  outcome: RunOutcome;
  stop?: ExecuteResult['stop'];
  shots: ShotResult[];
  totals: ExecuteResult['totals'];
  /** <outDir>/<storyboard name>, where the clips, the cut and the report are. */
  outDir: string;
  /** The final cut, or null with the reason in cutError. */
  cut: CutRecord | null;
  /** Absolute path of the final cut, when there is one. */
  cutFile?: string;
  cutError?: string;
  /** The stitch ran and failed (cutError says why); absent when it was skipped or made the cut. */
  stitchFailed?: boolean;
  /** Where the run's time went (the report's timeline), in ms of the executor's clock. */
  timeline?: TimelineRecord;
  /** Absolute path of the lockfile written beside the storyboard (a render, unless turned off). */
  lockfile?: string;
  /** Absolute paths of report.json and report.html. */
  report: { json: string; html: string };
  /** The figures a view prints at the end. */
  summary: RunSummary;
  /** With `webhooks`: what the receiver did with the deliveries it got. */
  webhooks?: { verified: number; duplicates: number; refused: number };
}
