// `render enqueue FILE...`: every file loaded, validated and planned exactly as `render plan` does (same errors,
// same exit codes); if any is invalid nothing is enqueued. Then one batch on the database: its storyboards, its
// units (one per cache key: a shot two storyboards share, or a storyboard enqueued twice, is one unit) and a
// pg-boss job for each unit that can start now. Prints the batch id and a summary (text, or --json).
import path from 'node:path';
import { isRenderError, RenderError, RenderErrors } from '../../common/errors.js';
import { ExitCode } from '../../common/exit-codes.js';
import { formatUsd, usdToMicro } from '../../common/money.js';
import type { CommandContext } from '../io.js';
import type { EnqueueFlags } from './options.js';
import { ffmpegTools, numberOption, providerSettings } from '../settings.js';
import { textFlag } from './options.js';
import { requireDatabaseUrl, withDatabase } from '../database.js';
import type { KeyedStoryboard } from '../../batch/enqueue-plan.js';
import type { RecordedBatch } from '../../batch/enqueue.js';

export async function run({ args, options, io }: CommandContext<EnqueueFlags>): Promise<number> {
  if (args.length === 0) throw new RenderError('USAGE', 'no storyboard given', { hint: 'render enqueue storyboards/*.yaml (see render enqueue --help)' });
  const capUsd = numberOption(options.maxUsd, '--max-usd');
  const entries = await keyedStoryboards(args, { provider: textFlag(options.provider) }, io);
  const { chainPriorities, enqueueRows, newBatchId } = await import('../../batch/enqueue-plan.js');
  const rows = enqueueRows(entries);
  const url = await requireDatabaseUrl(options.databaseUrl, io.env, 'render enqueue');
  const { openBoss } = await import('../../batch/boss.js');
  const { recordBatch, sendShotJobs } = await import('../../batch/enqueue.js');
  const outcome = await withDatabase(url, 'render enqueue', async (db) => {
    // The queue first: a database that cannot hold pg-boss's schema fails before any batch is recorded.
    const boss = await openBoss(url, { applicationName: 'render enqueue' });
    try {
      const recorded = await recordBatch(db.pool, { id: newBatchId(new Date()), capMicroUsd: capUsd === undefined ? undefined : usdToMicro(capUsd) }, rows);
      return { recorded, jobs: await sendShotJobs(boss, recorded.toSend, chainPriorities(rows.units)) };
    } finally {
      await boss.stop({ graceful: false, close: true }).catch(() => undefined);
    }
  });
  const summary = summaryOf(outcome.recorded, outcome.jobs, rows, capUsd);
  io.stdout(options.json ? `${JSON.stringify(summary, null, 2)}\n` : formatSummary(summary));
  return ExitCode.ok;
}

/** Each file prepared as `render plan` prepares it; every file's problems are reported before any refusal. */
async function keyedStoryboards(files: readonly string[], flags: { provider: string | undefined }, io: CommandContext<EnqueueFlags>['io']): Promise<KeyedStoryboard[]> {
  const { prepareRun } = await import('../../run/prepare.js');
  const { providerIdentitiesFor, providerUse } = await import('../../run/provider.js');
  const { computeShotKeys } = await import('../../cache/key.js');
  const entries: KeyedStoryboard[] = [];
  const problems: RenderError[] = [];
  for (const file of files) {
    try {
      const prepared = await prepareRun(path.resolve(io.cwd, file), { tools: ffmpegTools(io), signal: io.signal, displayPath: file });
      const identityOf = await providerIdentitiesFor(providerSettings(io, flags), providerUse(prepared.storyboard));
      const keys = computeShotKeys(prepared.shots, identityOf);
      entries.push({
        sourcePath: file,
        prepared,
        keys: new Map([...keys].map(([id, value]) => [id, value.key])),
        identities: new Map(prepared.shots.map((shot) => [shot.id, identityOf(shot)])),
      });
    } catch (error) {
      if (!isRenderError(error)) throw error;
      problems.push(...(error instanceof RenderErrors ? error.problems : [error]));
    }
  }
  if (problems.length === 1) throw problems[0]!;
  if (problems.length > 1) throw new RenderErrors(problems, `${problems.length} problems; nothing was enqueued`);
  return entries;
}

interface EnqueueSummary {
  batch: string;
  storyboards: Array<{ name: string; sourcePath: string; shots: number }>;
  shots: number;
  units: number;
  newUnits: number;
  requeuedUnits: number;
  /** Units another batch had already, by state (queued, running, stored, failed, unknown). */
  existingUnits: Record<string, number>;
  jobsSent: number;
  /** Units due now whose job pg-boss already had (queued or active). */
  jobsAlreadyQueued: number;
  /** What this batch's new and re-queued units cost if every one is generated once. */
  estimatedUsd: number;
  capUsd: number | null;
}

function summaryOf(recorded: RecordedBatch, jobs: { sent: number; alreadyQueued: number }, rows: import('../../batch/enqueue-plan.js').EnqueueRows, capUsd: number | undefined): EnqueueSummary {
  const paying = new Set([...recorded.newUnits, ...recorded.requeuedUnits]);
  const estimate = rows.units.filter((unit) => paying.has(unit.key)).reduce((sum, unit) => sum + unit.costMicroUsd, 0);
  return {
    batch: recorded.id,
    storyboards: rows.storyboards.map((s) => ({ name: s.name, sourcePath: s.sourcePath, shots: s.plan.shots.length })),
    shots: rows.batchShots.length,
    units: rows.units.length,
    newUnits: recorded.newUnits.length,
    requeuedUnits: recorded.requeuedUnits.length,
    existingUnits: Object.fromEntries(Object.entries(recorded.existingUnits).map(([state, keys]) => [state, keys.length])),
    jobsSent: jobs.sent,
    jobsAlreadyQueued: jobs.alreadyQueued,
    estimatedUsd: estimate / 1_000_000,
    capUsd: capUsd ?? null,
  };
}

function formatSummary(summary: EnqueueSummary): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const existing = Object.entries(summary.existingUnits).map(([state, n]) => `${n} ${state}`);
  const lines = [
    `batch ${summary.batch}`,
    `  ${plural(summary.storyboards.length, 'storyboard')} (${summary.storyboards.map((s) => s.name).join(', ')}), ${plural(summary.shots, 'shot')}, ${plural(summary.units, 'unit')} of work`,
    `  new units: ${summary.newUnits}${summary.requeuedUnits ? `, queued again: ${summary.requeuedUnits}` : ''}${existing.length ? `; already in another batch: ${existing.join(', ')}` : ''}`,
    `  shot jobs sent: ${summary.jobsSent}${summary.jobsAlreadyQueued ? ` (${summary.jobsAlreadyQueued} already queued)` : ''}`,
    `  estimated cost: ${formatUsd(usdToMicro(summary.estimatedUsd))}${summary.capUsd === null ? '' : ` (batch cap ${formatUsd(usdToMicro(summary.capUsd))})`}`,
    `next: render worker --cache-url URL on each machine; render batch status ${summary.batch}`,
  ];
  return `${lines.join('\n')}\n`;
}
