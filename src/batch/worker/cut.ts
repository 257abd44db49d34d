// A storyboard's cut, made by exactly one worker: claim it, decide (stitch, or skip with the reason when a shot
// failed), pull its clips from the shared cache, stitch and report with the code `render` uses (finishRun), then
// publish the cut and the report under cuts/<batch>/<storyboard>/ and record where they are.
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { blobPath, readEntry, type CacheEntry } from '../../cache/store.js';
import { systemClock } from '../../execute/clock.js';
import type { ShotResult } from '../../execute/types.js';
import { finishRun, type FinishPrepared } from '../../run/finish.js';
import type { RunSink } from '../../run/types.js';
import type { StoryboardPlanJson } from '../enqueue-plan.js';
import { decodeUnit } from '../payload.js';
import type { WorkerContext } from './context.js';
import { claimCut, endCut, releaseCut, renewCut, storyboardShots, type CutEnd, type StoryboardRef } from './cut-db.js';
import { cutDecision } from './decide.js';
import { leaseRenewMs, unitPayload } from './units-db.js';

const quietSink: RunSink = { start: () => undefined, event: () => undefined, stitch: () => undefined };

/** Where a storyboard's cut and report are published in the shared cache. Pure. */
export const cutFolder = (ref: StoryboardRef): string => `cuts/${ref.batchId}/${ref.name}`;

function shotResult(id: string, entry: CacheEntry | undefined, layout: WorkerContext['layout']): ShotResult {
  const none = { id, attempts: 0, costMicroUsd: 0, possiblyBilledMicroUsd: 0, earlierRunsMicroUsd: 0 };
  if (!entry) return { ...none, status: 'skipped', cache: 'none', skipReason: 'not in the shared cache' };
  return {
    ...none,
    status: 'completed',
    cache: 'hit',
    jobId: entry.jobId,
    file: blobPath(layout, entry.video),
    sha256: entry.video.sha256,
    ...(entry.thumbnail ? { thumbnail: blobPath(layout, entry.thumbnail) } : {}),
    ...(entry.probe ? { probe: entry.probe } : {}),
  };
}

/** The finishing input from what enqueue stored: the cut as planned, each shot's request from its unit's payload. */
async function preparedOf(ctx: WorkerContext, plan: StoryboardPlanJson): Promise<FinishPrepared> {
  const shots = await Promise.all(
    plan.shots.map(async (shot) => {
      const row = await unitPayload(ctx.db, shot.key);
      const payload = row ? decodeUnit(row.payload).shot : undefined;
      return { id: shot.id, kind: shot.kind as FinishPrepared['plan']['shots'][number]['kind'], provider: shot.provider, model: shot.model, size: shot.size, seconds: shot.seconds, prompt: payload?.prompt ?? '', take: payload?.take ?? 1, costMicroUsd: shot.costMicroUsd, ...(payload?.remixOf ? { remixOf: payload.remixOf } : {}), ...(payload?.extendOf ? { extendOf: payload.extendOf } : {}) };
    }),
  );
  return { storyboard: { name: plan.name, sourceSha256: plan.sourceSha256 }, plan: { cut: plan.cut, shots }, capMicroUsd: plan.capMicroUsd };
}

async function stitch(ctx: WorkerContext, ref: StoryboardRef, plan: StoryboardPlanJson, skipReason: string | undefined, signal: AbortSignal): Promise<CutEnd> {
  const keys = plan.shots.map((shot) => shot.key);
  const present = new Set(await ctx.cache.pull(ctx.layout, keys));
  const results = await Promise.all(plan.shots.map(async (shot) => shotResult(shot.id, present.has(shot.key) ? await readEntry(ctx.layout, shot.key) : undefined, ctx.layout)));
  const missing = results.filter((r) => r.status !== 'completed').map((r) => r.id);
  const reason = skipReason ?? (missing.length > 0 ? `not stitched: ${missing.join(', ')} not in the shared cache ${ctx.cache.url}` : undefined);
  const outDir = await mkdtemp(join(ctx.workDir, 'cut-'));
  try {
    const finished = await finishRun({
      prepared: await preparedOf(ctx, plan),
      result: { outcome: reason ? 'failed' : 'completed', shots: results, totals: { spentMicroUsd: 0, savedMicroUsd: 0, possiblyBilledMicroUsd: 0, earlierRunsMicroUsd: 0, earlierHeldMicroUsd: 0, reservedMicroUsd: 0, requests: 0 } },
      outDir,
      shownFile: plan.sourcePath,
      provider: { kind: 'openai', baseUrl: '' },
      stitch: reason === undefined,
      reuseCut: false,
      skipReason: reason ?? '',
      tools: await ctx.tools(),
      sink: quietSink,
      signal,
      redact: ctx.redact,
      startedAt: new Date(systemClock.now()),
      clock: systemClock,
      events: [],
    });
    const folder = cutFolder(ref);
    await ctx.cache.putFile(`${folder}/report.html`, finished.report.html);
    const reportPath = await ctx.cache.putFile(`${folder}/report.json`, finished.report.json);
    if (reason) return { state: 'skipped', error: reason, reportPath };
    if (!finished.cutFile) return { state: 'failed', error: finished.cutError ?? 'the stitch made no file', reportPath };
    const cutPath = await ctx.cache.putFile(`${folder}/${plan.cut.output}`, finished.cutFile);
    return { state: 'done', cutPath, reportPath };
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

/** The cut job: true when this worker ended the cut (or nobody needs to), false when it must be tried again. */
export async function runCut(ctx: WorkerContext, ref: StoryboardRef, signal: AbortSignal): Promise<void> {
  const claimed = await claimCut(ctx.db, ref, ctx.workerId);
  if (!claimed) return;
  const decision = cutDecision(await storyboardShots(ctx.db, ref));
  if (decision.kind === 'wait') {
    await releaseCut(ctx.db, ref, ctx.workerId);
    return;
  }
  const renew = setInterval(() => void renewCut(ctx.db, ref, ctx.workerId).catch(() => undefined), leaseRenewMs);
  try {
    const end = await stitch(ctx, ref, claimed.plan as StoryboardPlanJson, decision.kind === 'skip' ? decision.reason : undefined, signal);
    if (signal.aborted) {
      await releaseCut(ctx.db, ref, ctx.workerId);
      return;
    }
    await endCut(ctx.db, ref, ctx.workerId, end);
    ctx.log(`cut ${ref.batchId}/${ref.name}: ${end.state}${end.state === 'done' ? ` ${end.cutPath}` : ` (${end.error})`}`);
  } catch (error) {
    await releaseCut(ctx.db, ref, ctx.workerId).catch(() => undefined);
    throw error;
  } finally {
    clearInterval(renew);
  }
}
