// Maps what happened (plan, executor result, published clips, cut) onto the report's RunRecord: plain data.
import { relative } from 'node:path';
import type { ExecuteResult, RunOutcome } from '../execute/types.js';
import { requestOf, type ShotRequest } from '../plan/plan.js';
import type { FinishPhase, PhaseSpanRecord, ProviderRecord, RunRecord, ShotRecord } from '../report/types.js';
import type { CutOutcome } from './final-cut.js';
import type { PublishedClip } from './publish.js';
import { shotTimelines } from './timeline.js';
import type { RunEvent } from './types.js';

/** What the shots came to: the executor's result, or what `render stitch` found in the cache. */
export type ShotsOutcome = Pick<ExecuteResult, 'outcome' | 'shots' | 'totals'>;

/** What of a plan the report needs (a batch worker's cut has no full Plan, only what was enqueued). */
export interface RecordPlan {
  shots: ReadonlyArray<ShotRequest & { costMicroUsd: number }>;
}

export interface RecordInput {
  plan: RecordPlan;
  result: ShotsOutcome;
  clips: ReadonlyMap<string, PublishedClip>;
  outDir: string;
  cut: CutOutcome;
  storyboard: { name: string; file: string; sha256: string };
  provider: ProviderRecord;
  capMicroUsd: number | undefined;
  startedAt: Date;
  finishedAt: Date;
  toolVersion: string;
  /** The run's events (phase changes are enough) and the finishing steps' times, for the timeline. */
  timeline: { events: readonly RunEvent[]; finish: Array<PhaseSpanRecord<FinishPhase>> };
}

export function reportOutcome(outcome: RunOutcome): RunRecord['outcome'] {
  return outcome === 'stopped' ? 'failed' : outcome;
}

export function buildRunRecord(input: RecordInput): RunRecord {
  const results = new Map(input.result.shots.map((shot) => [shot.id, shot]));
  const shots = input.plan.shots.map((planned): ShotRecord => {
    const result = results.get(planned.id);
    const clip = input.clips.get(planned.id);
    const record: ShotRecord = {
      ...requestOf(planned),
      cache: result?.cache ?? 'none',
      attempts: result?.attempts ?? 0,
      status: result?.status ?? 'skipped',
      costMicroUsd: result?.cache === 'hit' ? 0 : (result?.costMicroUsd ?? 0),
      possiblyBilledMicroUsd: result?.possiblyBilledMicroUsd ?? 0,
      earlierRunsMicroUsd: result?.earlierRunsMicroUsd ?? 0,
      savedMicroUsd: result?.cache === 'hit' ? planned.costMicroUsd : 0,
    };
    if (result?.jobId) record.jobId = result.jobId;
    if (result?.error) record.error = { code: result.error.code, message: result.error.message };
    if (result?.skipReason) record.skipReason = result.skipReason;
    if (!result) record.skipReason = 'not run';
    if (clip) record.file = relative(input.outDir, clip.file);
    if (clip?.thumbnail) record.thumbnail = relative(input.outDir, clip.thumbnail);
    if (result?.sha256) record.sha256 = result.sha256;
    if (result?.cache !== 'hit' && result?.estimateMicroUsd !== undefined) record.estimateMicroUsd = result.estimateMicroUsd;
    if (result?.cache !== 'hit' && result?.chargedMicroUsd !== undefined) record.chargedMicroUsd = result.chargedMicroUsd;
    return record;
  });
  const record: RunRecord = {
    storyboard: input.storyboard,
    startedAt: input.startedAt.toISOString(),
    finishedAt: input.finishedAt.toISOString(),
    toolVersion: input.toolVersion,
    provider: input.provider,
    outcome: reportOutcome(input.result.outcome),
    shots,
    budget: {
      reservedMicroUsd: input.result.totals.reservedMicroUsd,
      ...(input.capMicroUsd === undefined ? {} : { capMicroUsd: input.capMicroUsd }),
    },
    cut: input.cut.cut,
    timeline: {
      shots: shotTimelines(input.timeline.events, input.plan.shots.map((shot) => shot.id), input.finishedAt.getTime()),
      finish: input.timeline.finish,
    },
  };
  if (input.cut.cutError) record.cutError = input.cut.cutError;
  if (input.cut.contactSheet) record.contactSheet = input.cut.contactSheet;
  return record;
}
