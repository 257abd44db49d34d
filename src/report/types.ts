// The run record the executor fills in, and the report built from it: plain data, the contract between stages.
import type { ShotRequest } from '../plan/plan.js';
import type { MicroUsd } from '../common/money.js';
import type { TransitionType } from '../storyboard/model.js';

export type RunOutcome = 'completed' | 'failed' | 'budget' | 'interrupted';
export type ShotStatus = 'completed' | 'failed' | 'skipped';
/** `hit`: served from the cache, nothing paid; `paid`: generated (and billed) this run; `none`: never generated. */
export type CacheState = 'hit' | 'paid' | 'none';

/** What a shot asked for (the plan's ShotRequest) and how it ended: the same in the run record and in the report. */
export interface ShotBasics extends Omit<ShotRequest, 'remixOf'> {
  cache: CacheState;
  /** Paid calls made this run for the shot (0 for a cache hit or a skipped shot). */
  attempts: number;
  status: ShotStatus;
}

export interface ShotRecord extends ShotBasics, Pick<ShotRequest, 'remixOf'> {
  /** Provider job id of the generation (also for a cache hit, the job that made the cached clip). */
  jobId?: string;
  error?: { code: string; message: string };
  /** Why a skipped shot was not generated (e.g. the shot it remixes failed, the budget ran out). */
  skipReason?: string;
  /** Billed for the paid calls this run made for the shot, every attempt included. */
  costMicroUsd: MicroUsd;
  /** This run's paid calls for the shot whose outcome is not settled (unknown, or in flight when stopped). */
  possiblyBilledMicroUsd: MicroUsd;
  /** Paid calls an earlier run made for the shot, confirmed billed by this run (not spent again). */
  earlierRunsMicroUsd: MicroUsd;
  /** What a cache hit saved (the price the shot would have cost). */
  savedMicroUsd: MicroUsd;
  /** The catalog price of this run's paid calls for the shot that ended; absent when none ended. */
  estimateMicroUsd?: MicroUsd;
  /** What the provider said those calls charged (Runway's cost, OpenRouter's usage.cost); absent when it said nothing. */
  chargedMicroUsd?: MicroUsd;
  /** Relative to the report's folder, e.g. `shots/<id>.mp4`. */
  file?: string;
  /** Relative to the report's folder, e.g. `shots/<id>.webp`. */
  thumbnail?: string;
  sha256?: string;
}

export interface CutEntryRecord {
  shotId: string;
  startSeconds: number;
  endSeconds: number;
}

export interface CutRecord {
  /** Relative to the report's folder, e.g. `final.mp4`. */
  file: string;
  sha256: string;
  durationSeconds: number;
  transition: { type: TransitionType; seconds: number };
  entries: CutEntryRecord[];
}

/** Where the shots were generated: the live providers they name, or the simulator. */
export interface ProviderRecord {
  kind: 'openai' | 'sim';
  /** The OpenAI-protocol base URL ('' when no shot uses it). */
  baseUrl: string;
  /** Per provider used (`openai`, `fal`): the origin it was reached at. */
  endpoints?: Record<string, string>;
}

/**
 * What a shot was doing over a stretch of the run: waiting (for a slot, its remix source, or in the provider's queue),
 * generating at the provider, downloading its clip, checking it (ftyp, ffprobe) and storing it; or served from the cache.
 */
export type ShotPhase = 'queued' | 'generating' | 'downloading' | 'checking' | 'cached';
/** After the shots: clips published (and posters drawn), the cut stitched, the contact sheet drawn. */
export type FinishPhase = 'publishing' | 'stitching' | 'contact-sheet';

/** One stretch of a timeline row, in ms since the epoch (the executor's clock). */
export interface PhaseSpanRecord<P extends string> {
  phase: P;
  startMs: number;
  endMs: number;
}

export interface TimelineRecord {
  /** In storyboard order, one per shot of the plan (a shot that never ran has no phases). */
  shots: Array<{ shotId: string; phases: Array<PhaseSpanRecord<ShotPhase>> }>;
  finish: Array<PhaseSpanRecord<FinishPhase>>;
}

export interface RunRecord {
  storyboard: { name: string; /** As the user gave it. */ file: string; sha256: string };
  /** ISO 8601. */
  startedAt: string;
  finishedAt: string;
  toolVersion: string;
  provider: ProviderRecord;
  outcome: RunOutcome;
  shots: ShotRecord[];
  budget: {
    capMicroUsd?: MicroUsd;
    /** Still held at the end of the run: jobs whose outcome is unknown and may yet be billed. */
    reservedMicroUsd: MicroUsd;
  };
  cut: CutRecord | null;
  /** Why there is no cut (stitch failed, or no shot completed). */
  cutError?: string;
  /** Relative path of the contact sheet image, e.g. `contact-sheet.jpg`. */
  contactSheet?: string;
  /** Where the run's time went; absent from records made before it was kept. */
  timeline?: TimelineRecord;
}

/** Money in report.json: exact integer micro-dollars, plus the same amount as an exact decimal USD string. */
export interface Money {
  microUsd: number;
  /** e.g. `"1.20"`, `"0.123456"`: at least two decimals, never rounded. */
  usd: string;
}

export interface ReportShot extends ShotBasics {
  /** Always written (`openai` for shots that name none). */
  provider: string;
  remixOf: string | null;
  jobId: string | null;
  error: { code: string; message: string; moderation: boolean } | null;
  skipReason: string | null;
  cost: Money;
  /** The catalog price of this run's ended paid calls, or null when none ended. */
  estimate: Money | null;
  /** What the provider said it charged for them, or null when it said nothing. */
  charged: Money | null;
  possiblyBilled: Money;
  earlierRuns: Money;
  saved: Money;
  file: string | null;
  thumbnail: string | null;
  sha256: string | null;
}

export interface ReportCutEntry {
  shotId: string;
  startSeconds: number;
  endSeconds: number;
  /** `HH:MM:SS.mmm` */
  start: string;
  end: string;
}

export interface ReportCut {
  file: string;
  sha256: string;
  durationSeconds: number;
  duration: string;
  transition: { type: TransitionType; seconds: number };
  entries: ReportCutEntry[];
}

export interface ShotCounts {
  total: number;
  /** Completed shots, cache hits included. */
  completed: number;
  /** Completed shots served from the cache (a subset of `completed`). */
  cached: number;
  failed: number;
  skipped: number;
}

/** A stretch of a timeline row in report.json: seconds since the run started (`time.startedAt`), to the millisecond. */
export interface ReportSpan<P extends string> {
  phase: P;
  startSeconds: number;
  endSeconds: number;
}

export interface ReportTimeline {
  shots: Array<{ shotId: string; phases: Array<ReportSpan<ShotPhase>> }>;
  finish: Array<ReportSpan<FinishPhase>>;
}

export interface Report {
  schemaVersion: 1;
  tool: { name: 'storyboard-render'; version: string };
  storyboard: { name: string; file: string; sha256: string };
  provider: ProviderRecord;
  time: { startedAt: string; finishedAt: string; durationSeconds: number };
  outcome: RunOutcome;
  totals: {
    spent: Money;
    possiblyBilled: Money;
    earlierRuns: Money;
    savedByCache: Money;
    reserved: Money;
    cap: Money | null;
    /** Sum of the shots' estimates. */
    estimate: Money;
    /** Sum of the shots' provider charges, or null when no provider reported one. */
    charged: Money | null;
    /** Over the shots with a charge: charged minus their estimate (negative: refunds, or cheaper than listed). */
    chargedMinusEstimate: Money | null;
    shots: ShotCounts;
  };
  cut: ReportCut | null;
  cutError: string | null;
  contactSheet: string | null;
  shots: ReportShot[];
  timeline: ReportTimeline;
}
