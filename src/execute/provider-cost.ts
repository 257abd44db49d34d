// Provider-reported costs against the budget (docs/executor.md "Costs the provider reports"). Reservations are the
// catalog price times the provider's cost margin; a provider's own estimate above the hold raises it at once; the
// charge it reports is what is booked; a charge above the estimate raises the margin of every later reservation.
import { formatUsd } from '../common/money.js';
import type { VideoJob } from '../providers/provider.js';
import { emitBudget, recordBestEffort, type RunContext } from './context.js';
import { providerOf } from './provider-group.js';
import type { ExecShot } from './types.js';

/** Default cost margins: OpenRouter bills what the upstream model used, known only once the job ends. */
export const defaultCostMargins: Readonly<Record<string, number>> = { openrouter: 1.25 };

/** What a paid call for this shot reserves: its price times the provider's current margin, rounded up. Pure. */
export function reservationOf(shot: Pick<ExecShot, 'provider' | 'costMicroUsd'>, margins: ReadonlyMap<string, number>): number {
  const margin = margins.get(providerOf(shot)) ?? 1;
  return Math.ceil(shot.costMicroUsd * Math.max(1, margin));
}

/** The margin after a settled job: raised to the observed charge/estimate ratio when that is higher. Pure. */
export function nextMargin(current: number, estimateMicroUsd: number, chargedMicroUsd: number): number {
  if (estimateMicroUsd <= 0) return current;
  return Math.max(current, chargedMicroUsd / estimateMicroUsd);
}

/**
 * The provider's estimate for a job just created (Runway's `estimatedCost`): above the hold, the hold is raised at
 * once (the job exists, so this is accounting, not a choice). Past a cap, submitting stops.
 */
export async function holdProviderEstimate(ctx: RunContext, shotId: string, intentId: string, job: VideoJob): Promise<void> {
  const estimate = job.billing?.estimatedMicroUsd;
  const hold = ctx.ledger.hold(intentId);
  if (estimate === undefined || !hold || estimate <= hold.amount) return;
  const withinCap = ctx.ledger.raise(intentId, estimate);
  await recordBestEffort(ctx, { type: 'held', intentId, reservedMicroUsd: estimate });
  await ctx.daily?.set(intentId, estimate).catch(() => undefined);
  ctx.emit({ type: 'warning', shot: shotId, message: `the provider estimates job ${job.id} at ${formatUsd(estimate)}, above the ${formatUsd(hold.amount)} reserved: the hold is raised to it` });
  emitBudget(ctx);
  if (!withinCap) ctx.control.stop('budget', `budget: job ${job.id} is estimated by the provider at ${formatUsd(estimate)}, which passes the cap; no new jobs are submitted`);
}

/** After a job's charge is known: later reservations for its provider cover the ratio it was charged at. */
export function learnMargin(ctx: RunContext, shot: ExecShot, chargedMicroUsd: number): void {
  const provider = providerOf(shot);
  const current = ctx.costMargins.get(provider) ?? 1;
  const next = nextMargin(current, shot.costMicroUsd, chargedMicroUsd);
  if (next <= current) return;
  ctx.costMargins.set(provider, next);
  ctx.emit({ type: 'warning', shot: shot.id, message: `${provider} charged ${formatUsd(chargedMicroUsd)} for a shot estimated at ${formatUsd(shot.costMicroUsd)}: later ${provider} shots reserve ${next.toFixed(2)}× their estimate` });
}
