// Start one paid generation for a shot: reserve (synchronously), journal the intent and fsync, only then send;
// classify the answer and reconcile anything ambiguous. An outcome that stays unknown keeps its money held and is
// never sent again unless the user opted in. See docs/executor.md "Reconciliation".
import { sha256Hex } from '../cache/key.js';
import { formatUsd } from '../common/money.js';
import type { VideoJob } from '../providers/provider.js';
import { awaitPaidSlot, backOffCreate, callCreate } from './create-call.js';
import { emitBudget, messageOf, record, recordBestEffort, type RunContext } from './context.js';
import type { IntentRecord } from './journal-records.js';
import { holdProviderEstimate, reservationOf } from './provider-cost.js';
import { providerOf } from './provider-group.js';
import { reconcile } from './reconcile.js';
import { unknownOutcome } from './unknown-outcome.js';
import { refusal } from './shot-errors.js';
import { BudgetRefusedError, LeaseLostError } from './shared.js';
import type { ExecShot, ShotError } from './types.js';

export type SubmitResult =
  /** `createdAtMs`: when the paid call that made the job went out, if this run knows (not for an adopted job). */
  | { kind: 'job'; job: VideoJob; intentId: string; createdAtMs?: number }
  /** `held`: the reservation stays counted (the outcome is unknown). */
  | { kind: 'failed'; error: ShotError; held: boolean }
  | { kind: 'skipped'; reason: string }
  | { kind: 'interrupted' };

export interface SubmitSpec {
  shot: ExecShot;
  key: string;
  parentJobId: string | null;
  attempt: number;
  /** Why not to send after all (a derived shot whose parent has since failed); checked before anything is reserved. */
  sourceLost?: (() => string | undefined) | undefined;
}

const notSubmitted = (ctx: RunContext): string => `not submitted: ${ctx.control.stopped?.message ?? 'run stopped'}`;

function budgetMessage(ctx: RunContext, cost: number): string {
  const { spentMicroUsd, reservedMicroUsd, capMicroUsd } = ctx.ledger.snapshot();
  const cap = capMicroUsd === undefined ? 'the daily cap' : `the cap ${formatUsd(capMicroUsd)}`;
  return `budget: ${formatUsd(cost)} more would pass ${cap} (spent ${formatUsd(spentMicroUsd)}, held ${formatUsd(reservedMicroUsd)})`;
}

function newIntent(ctx: RunContext, spec: SubmitSpec): IntentRecord {
  const { shot } = spec;
  return {
    type: 'intent',
    intentId: ctx.newId(),
    shotId: shot.id,
    shotKey: spec.key,
    kind: spec.parentJobId === null ? 'create' : shot.kind === 'extend' ? 'extend' : 'remix',
    model: shot.model,
    size: shot.size,
    seconds: shot.seconds,
    promptSha256: sha256Hex(shot.prompt),
    parentJobId: spec.parentJobId,
    reservedMicroUsd: reservationOf(shot, ctx.costMargins),
    notBefore: Math.floor(ctx.clock.now() / 1000),
    attempt: spec.attempt,
  };
}

/** Reserve, then make the intent durable ("no journal, no spend"). Returns a reason when nothing may be sent. */
async function openIntent(ctx: RunContext, intent: IntentRecord): Promise<string | undefined> {
  if (!ctx.control.canSubmit()) return notSubmitted(ctx);
  // Check and reserve in one synchronous step (no await in between).
  if (!ctx.ledger.tryReserve(intent.intentId, intent.reservedMicroUsd)) {
    ctx.control.stop('budget', budgetMessage(ctx, intent.reservedMicroUsd));
    return budgetMessage(ctx, intent.reservedMicroUsd);
  }
  try {
    await record(ctx, intent);
    if (!ctx.daily?.holdsWithIntent) await ctx.daily?.set(intent.intentId, intent.reservedMicroUsd);
  } catch (error) {
    ctx.ledger.release(intent.intentId);
    // A batch worker's intent refused by the org budget or after its lease passed to another worker: nothing was
    // recorded or reserved there, and nothing is sent.
    if (error instanceof BudgetRefusedError) {
      ctx.control.stop('budget', `budget: ${messageOf(ctx, error)}`);
      return `budget: ${messageOf(ctx, error)}`;
    }
    if (error instanceof LeaseLostError) {
      ctx.control.stop('interrupted', messageOf(ctx, error));
      return `not submitted: ${messageOf(ctx, error)}`;
    }
    ctx.control.stop('journal', `${messageOf(ctx, error)}; no paid call was made`);
    return `not submitted: ${ctx.control.stopped?.message ?? messageOf(ctx, error)}`;
  }
  ctx.emit({ type: 'intent', shot: intent.shotId, intentId: intent.intentId, attempt: intent.attempt, kind: intent.kind, reservedMicroUsd: intent.reservedMicroUsd });
  emitBudget(ctx);
  return undefined;
}

/** After an ambiguous answer (or a claimed twin id): adopt the job this intent made, or hold its money as unknown. */
async function settleAmbiguous(ctx: RunContext, shot: ExecShot, intent: IntentRecord, reason: string): Promise<SubmitResult> {
  await recordBestEffort(ctx, { type: 'ambiguous', intentId: intent.intentId, reason });
  const result = await reconcile(ctx, intent.shotId, intent, reason, providerOf(shot));
  if (result.kind === 'adopted') {
    await holdProviderEstimate(ctx, intent.shotId, intent.intentId, result.job);
    return { kind: 'job', job: result.job, intentId: intent.intentId };
  }
  return { kind: 'failed', held: true, error: unknownOutcome(intent, reason, result.searched) };
}

/** A create refused for good or for now: its hold dropped and the refusal journaled (proof that nothing was billed). */
async function closeRejected(ctx: RunContext, intent: IntentRecord, error: ShotError): Promise<void> {
  ctx.ledger.release(intent.intentId);
  await recordBestEffort(ctx, { type: 'rejected', intentId: intent.intentId, code: error.code, message: error.message });
  await ctx.daily?.remove(intent.intentId).catch(() => undefined);
  emitBudget(ctx);
}

export async function submit(ctx: RunContext, spec: SubmitSpec): Promise<SubmitResult> {
  // `round`: sends of a shot whose outcome stayed unknown (only with --resend-unknown); `refusals`: creates refused for
  // now (429, refused connection), each its own intent, retried after the wait the provider asked for.
  for (let round = 1, refusals = 0; round <= ctx.settings.createRounds; ) {
    if (ctx.signal.aborted) return { kind: 'interrupted' };
    const lost = spec.sourceLost?.();
    if (lost !== undefined) return { kind: 'skipped', reason: lost };
    if (!ctx.control.canSubmit()) return { kind: 'skipped', reason: notSubmitted(ctx) };
    const waited = await awaitPaidSlot(ctx, spec.shot);
    if (waited !== undefined) return ctx.signal.aborted ? { kind: 'interrupted' } : { kind: 'skipped', reason: waited };
    // The wait may have been long: the parent may have failed meanwhile.
    const lostSince = spec.sourceLost?.();
    if (lostSince !== undefined) return { kind: 'skipped', reason: lostSince };
    const intent = newIntent(ctx, spec);
    const blocked = await openIntent(ctx, intent);
    if (blocked !== undefined) return { kind: 'skipped', reason: blocked };
    ctx.crashpoints.reach('after-intent-fsync');
    const outcome = await callCreate(ctx, spec.shot, intent, refusals);
    if (outcome.kind === 'created') ctx.crashpoints.reach('after-create-response');
    if (outcome.kind === 'created' && !ctx.state.claimed.has(outcome.job.id)) {
      ctx.control.createSucceeded();
      await recordBestEffort(ctx, { type: 'created', intentId: intent.intentId, jobId: outcome.job.id });
      ctx.emit({ type: 'created', shot: spec.shot.id, intentId: intent.intentId, jobId: outcome.job.id });
      await holdProviderEstimate(ctx, spec.shot.id, intent.intentId, outcome.job);
      return { kind: 'job', job: outcome.job, intentId: intent.intentId, createdAtMs: outcome.sentAtMs };
    }
    if (outcome.kind === 'not-created') {
      const error = refusal(outcome.error, spec.parentJobId !== null, spec.shot.provider);
      await closeRejected(ctx, intent, error);
      if (outcome.retryable) {
        const stopped = await backOffCreate(ctx, spec.shot, outcome.error, refusals);
        if (stopped !== undefined) return ctx.signal.aborted ? { kind: 'interrupted' } : { kind: 'skipped', reason: stopped };
        refusals += 1;
        continue;
      }
      if (error.code === 'AUTH') ctx.control.stop('auth', error.message);
      if (error.code === 'QUOTA') ctx.control.stop('quota', error.message);
      return { kind: 'failed', error, held: false };
    }
    // Ambiguous, or our job id was already adopted by an identical twin: find the job this intent made.
    const reason = outcome.kind === 'ambiguous' ? outcome.error.message : `job ${outcome.job.id} was already adopted by an identical shot`;
    const settled = await settleAmbiguous(ctx, spec.shot, intent, reason);
    // The breaker guards against a backend that is failing, not one whose answers get lost: an unanswered create
    // whose job reconciliation found proves the provider works, so only a create that may have made nothing counts.
    if (outcome.kind === 'ambiguous') {
      if (settled.kind === 'job') ctx.control.createSucceeded();
      else ctx.control.createFailed(reason);
    }
    // Unknown: the money stays held. Only a user who opted in sends again, and the first attempt stays counted.
    if (settled.kind !== 'failed' || !ctx.settings.resendUnknown || round === ctx.settings.createRounds) return settled;
    ctx.emit({ type: 'retry', shot: spec.shot.id, what: 'create', attempt: round, delayMs: 0, reason: 'outcome unknown; sending again because --resend-unknown is set (the first attempt stays counted)' });
    round += 1;
  }
  return { kind: 'failed', held: false, error: { code: 'CREATE_FAILED', message: `no job after ${ctx.settings.createRounds} create attempts` } };
}
