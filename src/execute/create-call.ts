// One paid call for one journaled intent, classified (docs/design/money-safety.md#classifying-a-failed-call): created,
// not created (a definite refusal, or the connection never carried it), or ambiguous. Each intent is sent once: a
// rate limit or a refused connection closes it as rejected and the next try opens a new one after its own wait;
// nothing that may have reached the server is ever re-sent from here.
import { createOutcome, isProviderError, ProviderError, type VideoJob } from '../providers/provider.js';
import { fullJitter } from './backoff.js';
import { messageOf, type RunContext } from './context.js';
import type { IntentRecord } from './journal-records.js';
import { pauseForRateLimit, RunStoppedError } from './read-retry.js';
import { providerOf } from './provider-group.js';
import type { ExecShot } from './types.js';

export type CallOutcome =
  /** `sentAtMs`: when the call that made it went out (the server creates the job on arrival). */
  | { kind: 'created'; job: VideoJob; sentAtMs: number }
  /** `retryable`: refused for now (a rate limit, a refused connection) with tries left: a fresh intent may try again. */
  | { kind: 'not-created'; error: ProviderError; retryable: boolean }
  | { kind: 'ambiguous'; error: ProviderError };

function send(ctx: RunContext, shot: ExecShot, intent: IntentRecord): Promise<VideoJob> {
  // Not the run's signal: a first Ctrl-C must let an in-flight create finish so its job id gets journaled.
  const options = { signal: new AbortController().signal, idempotencyKey: `render-${intent.intentId}` };
  if (intent.parentJobId !== null) {
    return ctx.provider.remix(intent.parentJobId, shot.prompt, options, shot.kind === 'extend' ? { seconds: shot.seconds } : undefined);
  }
  const { provider, model, size, seconds, prompt, reference, lastFrame, references } = shot;
  return ctx.provider.create(
    { model, size, seconds, prompt, ...(provider ? { provider } : {}), ...(reference ? { reference } : {}), ...(lastFrame ? { lastFrame } : {}), ...(references?.length ? { references } : {}) },
    options,
  );
}

function asProviderError(ctx: RunContext, error: unknown): ProviderError {
  return isProviderError(error) ? error : new ProviderError({ kind: 'transport', message: messageOf(ctx, error) });
}

/**
 * Wait for the rate gate's slot for one paid call. Taken before the intent is journaled, so a worker killed while it
 * waits (a shared limit can make that seconds) leaves nothing behind: an intent is only ever written just before its
 * call leaves, and the window in which a crash turns a shot into an unknown outcome stays a few milliseconds.
 */
export async function awaitPaidSlot(ctx: RunContext, shot: ExecShot): Promise<string | undefined> {
  try {
    await ctx.gate.acquire(ctx.signal, 'paid', providerOf(shot), shot.model);
    return undefined;
  } catch {
    return 'interrupted before sending';
  }
}

/** Send the intent's call once (the slot already taken) and classify what came back. */
/** `refusals`: earlier tries of this shot refused for now, which bounds how many more are allowed. */
export async function callCreate(ctx: RunContext, shot: ExecShot, intent: IntentRecord, refusals: number): Promise<CallOutcome> {
  let error: ProviderError;
  try {
    const sentAtMs = ctx.clock.now();
    return { kind: 'created', job: await send(ctx, shot, intent), sentAtMs };
  } catch (caught) {
    error = asProviderError(ctx, caught);
  }
  if (createOutcome(error) === 'ambiguous') return { kind: 'ambiguous', error };
  const retryable =
    (error.kind === 'rate-limited' && refusals < ctx.settings.readAttempts * 4) ||
    (error.kind === 'unreachable' && refusals + 1 < ctx.settings.readAttempts);
  return { kind: 'not-created', error, retryable };
}

/** Before another try of a create refused for now (429, or a connection that never carried it): pause or back off. */
export async function backOffCreate(ctx: RunContext, shot: ExecShot, error: ProviderError, failures: number): Promise<string | undefined> {
  try {
    if (error.kind === 'rate-limited') {
      pauseForRateLimit(ctx, error, failures, shot.id);
    } else {
      const delayMs = fullJitter(failures, ctx.settings.retryBackoff, ctx.random);
      ctx.emit({ type: 'retry', shot: shot.id, what: 'create', attempt: failures + 1, delayMs, reason: error.message });
      await ctx.clock.sleep(delayMs, ctx.signal);
    }
    return undefined;
  } catch (stop) {
    return stop instanceof RunStoppedError ? stop.message : 'interrupted before sending';
  }
}
