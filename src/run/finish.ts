// The part of a run after the shots, shared by renderStoryboard and stitchFromCache: publish the clips, stitch the
// cut when every shot is there, draw the contact sheet, and write report.json and report.html whatever happened.
import { version } from '../common/version.js';
import type { Clock } from '../execute/clock.js';
import type { FfmpegTools } from '../stitch/types.js';
import { drawContactSheet, stitchFinalCut, type CutOutcome } from './final-cut.js';
import type { CrashPoints } from '../execute/crashpoints.js';
import type { PreparedRun } from './prepare.js';
import type { FinishPhase, PhaseSpanRecord, ProviderRecord } from '../report/types.js';
import { withPosters } from './posters.js';
import { publishClips, removeStaleTemps, type PublishedClip } from './publish.js';
import { buildRunRecord, type RecordPlan, type ShotsOutcome } from './record.js';
import type { RunEvent, RunResult, RunSink, RunSummary } from './types.js';

/** What of a prepared run finishing needs: a batch worker's cut builds it from the plan `render enqueue` stored. */
export interface FinishPrepared {
  storyboard: Pick<PreparedRun['storyboard'], 'name' | 'sourceSha256'>;
  plan: Pick<PreparedRun['plan'], 'cut'> & RecordPlan;
  capMicroUsd: number | undefined;
}

export interface FinishInput {
  prepared: FinishPrepared;
  result: ShotsOutcome;
  outDir: string;
  /** The storyboard file as the report names it. */
  shownFile: string;
  provider: ProviderRecord;
  /** Stitch only when every shot completed and the caller did not turn the stitch off. */
  stitch: boolean;
  /** Reuse the cut on disk when its inputs are unchanged (a render); a stitch from the cache always encodes again. */
  reuseCut: boolean;
  skipReason: string;
  tools: FfmpegTools;
  sink: RunSink;
  signal: AbortSignal;
  redact: (text: string) => string;
  startedAt: Date;
  /** The clock the events were stamped with: it also times the finishing steps and the run's end. */
  clock: Pick<Clock, 'now'>;
  /** The run's events, for the report's timeline (phase changes are enough: see TimelineEvents). */
  events: readonly RunEvent[];
  /** A test's kill -9 at a named point (`mid-stitch`); none by default. */
  crashpoints?: Pick<CrashPoints, 'reach'>;
}

export async function finishRun(input: FinishInput): Promise<RunResult> {
  const { prepared, outDir, sink } = input;
  const { storyboard, plan } = prepared;
  const { clock } = input;
  const finish: Array<PhaseSpanRecord<FinishPhase>> = [];
  const timed = async <T>(phase: FinishPhase, work: () => Promise<T>): Promise<T> => {
    const startMs = clock.now();
    try {
      return await work();
    } finally {
      finish.push({ phase, startMs, endMs: clock.now() });
    }
  };
  const published = await timed('publishing', () => publish(input));
  const clips = new Map(published.map((clip) => [clip.id, clip]));
  let cut: CutOutcome = { cut: null, cutError: input.skipReason };
  if (input.stitch) cut = await timed('stitching', () => stitchFinalCut({ cut: plan.cut, clips, outDir, tools: input.tools, view: sink, signal: input.signal, reuse: input.reuseCut, ...(input.crashpoints ? { crashpoints: input.crashpoints } : {}) }));
  else sink.stitch({ phase: 'skipped', message: input.skipReason });
  const contactSheet = await timed('contact-sheet', () => drawContactSheet({ shots: plan.shots, clips: published, outDir, tools: input.tools, signal: input.signal }));
  if (contactSheet) cut.contactSheet = contactSheet;
  // A signal during the stitch or the contact sheet interrupts the run even though every shot completed.
  const result: ShotsOutcome = input.signal.aborted ? { ...input.result, outcome: 'interrupted' } : input.result;
  const record = buildRunRecord({
    plan,
    result,
    clips,
    outDir,
    cut,
    storyboard: { name: storyboard.name, file: input.shownFile, sha256: storyboard.sourceSha256 },
    provider: input.provider,
    capMicroUsd: prepared.capMicroUsd,
    startedAt: input.startedAt,
    finishedAt: new Date(clock.now()),
    toolVersion: version,
    timeline: { events: input.events, finish },
  });
  const { buildReport } = await import('../report/build.js');
  const { writeReport } = await import('../report/write.js');
  const report = await writeReport(outDir, buildReport(record), input.redact);
  return {
    ...result,
    outDir,
    cut: cut.cut,
    ...(cut.output ? { cutFile: cut.output } : {}),
    ...(cut.cutError ? { cutError: cut.cutError } : {}),
    ...(cut.stitchFailed ? { stitchFailed: true } : {}),
    ...(record.timeline ? { timeline: record.timeline } : {}),
    report,
    summary: summarise(result, cut, report.html, prepared.capMicroUsd),
  };
}

/** Completed shots' clips copied into the output folder, each with a thumbnail or a poster drawn from it. */
async function publish(input: FinishInput): Promise<PublishedClip[]> {
  await removeStaleTemps(input.outDir);
  const copied = await publishClips(
    input.outDir,
    input.result.shots.flatMap((shot) =>
      shot.status === 'completed' && shot.file ? [{ id: shot.id, file: shot.file, thumbnail: shot.thumbnail, sha256: shot.sha256, probe: shot.probe }] : [],
    ),
  );
  return withPosters(copied, input.tools, input.signal);
}

/** The providers' own charges and the estimate of the same shots, when any provider reported one. */
function charges(result: ShotsOutcome): Pick<RunSummary, 'chargedMicroUsd' | 'chargedEstimateMicroUsd'> {
  const charged = result.shots.filter((shot) => shot.cache !== 'hit' && shot.chargedMicroUsd !== undefined);
  if (charged.length === 0) return {};
  return {
    chargedMicroUsd: charged.reduce((sum, shot) => sum + shot.chargedMicroUsd!, 0),
    chargedEstimateMicroUsd: charged.reduce((sum, shot) => sum + (shot.estimateMicroUsd ?? 0), 0),
  };
}

function summarise(result: ShotsOutcome, cut: CutOutcome, report: string, capMicroUsd: number | undefined): RunSummary {
  const count = (status: string) => result.shots.filter((shot) => shot.status === status).length;
  return {
    ...charges(result),
    outcome: result.outcome,
    done: count('completed'),
    cached: result.shots.filter((shot) => shot.cache === 'hit').length,
    failed: count('failed'),
    skipped: count('skipped'),
    spentMicroUsd: result.totals.spentMicroUsd,
    savedMicroUsd: result.totals.savedMicroUsd,
    reservedMicroUsd: result.totals.reservedMicroUsd,
    possiblyBilledMicroUsd: result.totals.possiblyBilledMicroUsd,
    earlierRunsMicroUsd: result.totals.earlierRunsMicroUsd,
    ...(capMicroUsd === undefined ? {} : { capMicroUsd }),
    ...(cut.output ? { output: cut.output } : {}),
    report,
  };
}
