// `render batch list | status [BATCH] | cancel BATCH | caps [--per-day USD] [--provider NAME=USD ...]`: what the
// batch database holds, as tables or --json (shapes in docs/batch.md).
import { RenderError } from '../../common/errors.js';
import { ExitCode } from '../../common/exit-codes.js';
import { usdToMicro } from '../../common/money.js';
import type { CommandContext } from '../io.js';
import { requireDatabaseUrl, withDatabase } from '../database.js';
import { numberOption } from '../settings.js';
import type { BatchFlags } from './options.js';

const actions = ['list', 'status', 'cancel', 'caps'] as const;
type Action = (typeof actions)[number];

const usageHint = "render batch list | status [BATCH] | cancel BATCH | caps [--per-day USD] [--provider NAME=USD]";

function actionOf(args: readonly string[]): { action: Action; batch: string | undefined } {
  const [given, batch, ...extra] = args;
  if (!actions.includes(given as Action)) throw new RenderError('USAGE', `unknown batch action '${given ?? ''}'`, { hint: usageHint });
  const action = given as Action;
  if (action === 'cancel' && batch === undefined) throw new RenderError('USAGE', 'render batch cancel needs the batch id', { hint: 'render batch list shows them' });
  if ((action === 'list' || action === 'caps') && batch !== undefined) throw new RenderError('USAGE', `render batch ${action} takes no batch id (got '${batch}')`, { hint: usageHint });
  if (extra.length > 0) throw new RenderError('USAGE', `too many arguments: ${extra.join(' ')}`, { hint: usageHint });
  return { action, batch };
}

/** The caps asked for by --per-day and --provider (repeatable), checked before the database is opened. */
async function capsAsked(options: BatchFlags): Promise<Array<{ scope: string; capMicroUsd: number }>> {
  const { parseProviderCap } = await import('../../batch/caps.js');
  const caps: Array<{ scope: string; capMicroUsd: number }> = [];
  const perDay = numberOption(options.perDay, '--per-day');
  if (perDay !== undefined) caps.push({ scope: 'day', capMicroUsd: usdToMicro(perDay) });
  const providers: unknown[] = Array.isArray(options.provider) ? options.provider : options.provider === undefined ? [] : [options.provider];
  for (const text of providers) caps.push(parseProviderCap(String(text)));
  return caps;
}

export async function run({ args, options, io }: CommandContext<BatchFlags>): Promise<number> {
  const { action, batch } = actionOf(args);
  if (action !== 'caps' && (options.perDay !== undefined || options.provider !== undefined)) {
    throw new RenderError('USAGE', '--per-day and --provider go with render batch caps', { hint: usageHint });
  }
  const caps = action === 'caps' ? await capsAsked(options) : [];
  const url = await requireDatabaseUrl(options.databaseUrl, io.env, `render batch ${action}`);
  const view = await import('../../batch/batch-view.js');
  const print = (json: unknown, text: string) => io.stdout(options.json ? `${JSON.stringify(json, null, 2)}\n` : text);
  return withDatabase(url, `render batch ${action}`, async ({ pool }) => {
    if (action === 'list') {
      const { listBatches } = await import('../../batch/batch-read.js');
      const batches = await listBatches(pool);
      print({ batches }, view.formatList(batches));
    } else if (action === 'status') {
      const { readBatchStatus } = await import('../../batch/batch-read.js');
      const status = await readBatchStatus(pool, batch);
      print(status, view.formatStatus(status));
    } else if (action === 'cancel') {
      const { cancelBatch } = await import('../../batch/batch-cancel.js');
      const outcome = await cancelBatch(pool, batch!);
      const text = outcome.alreadyCancelled
        ? `batch ${outcome.batch} was already cancelled\n`
        : `cancelled batch ${outcome.batch}: ${outcome.cancelledUnits} queued units cancelled, ${outcome.runningUnits} running units will finish (their paid calls have left), ${outcome.keptUnits} queued units kept for other batches, ${outcome.skippedCuts} cuts skipped\n`;
      print(outcome, text);
    } else {
      const { readCaps, setCaps } = await import('../../batch/caps.js');
      await setCaps(pool, caps);
      const now = await readCaps(pool);
      const text = now.length === 0
        ? 'no org caps set (render batch caps --per-day USD --provider NAME=USD)\n'
        : `${view.columns([['SCOPE', 'CAP', 'USED TODAY (UTC)'], ...now.map((c) => [c.scope, `$${c.capUsd.toFixed(2)}`, `$${c.usedTodayUsd.toFixed(2)}`])])}\n`;
      print({ caps: now }, text);
    }
    return ExitCode.ok;
  });
}
