// Finish by hand what reconciliation could not: attach a job id the user found in the provider's dashboard to a
// shot's open intent (checked against the job before it is adopted), or record the user's word that no job was
// created. Either is journaled; the next run re-attaches to the job, or treats the shot as never paid.
import { acquireCacheLock, type LockOptions } from '../cache/lock.js';
import { cacheLayout } from '../cache/store.js';
import { RenderError } from '../common/errors.js';
import type { VideoJob, VideoProvider } from '../providers/provider.js';
import { readFile } from 'node:fs/promises';
import { Journal } from './journal.js';
import { parseJournal, type IntentRecord } from './journal-records.js';
import { isUnresolved, replayJournal, type IntentState } from './journal-state.js';
import { matchIntent } from './reconcile-match.js';

/** An intent whose paid call may have made a job nobody has found. */
export interface OpenIntent {
  intentId: string;
  shotId: string;
  kind: IntentRecord['kind'];
  model: string;
  size: string;
  seconds: number;
  /** ISO 8601, our clock. */
  sentAt: string;
  reservedMicroUsd: number;
}

export interface ResolveOptions {
  cacheDir: string;
  shotId: string;
  /** Needed when the shot has more than one open intent. */
  intentId?: string | undefined;
  /** Adopt this job (read from the provider and checked first); or, with `notCreated`, declare there is none. */
  jobId?: string | undefined;
  notCreated?: boolean | undefined;
  /** Required with `jobId`. */
  provider?: VideoProvider | undefined;
  signal: AbortSignal;
  now?: () => number;
  lockOptions?: LockOptions | undefined;
}

export type Resolution = { intent: OpenIntent; kind: 'adopted'; jobId: string } | { intent: OpenIntent; kind: 'not-created' };

function describe(state: IntentState): OpenIntent {
  const { intent } = state;
  return {
    intentId: intent.intentId,
    shotId: intent.shotId,
    kind: intent.kind,
    model: intent.model,
    size: intent.size,
    seconds: intent.seconds,
    sentAt: new Date(intent.notBefore * 1000).toISOString(),
    reservedMicroUsd: intent.reservedMicroUsd,
  };
}

async function withJournal<T>(options: Pick<ResolveOptions, 'cacheDir' | 'lockOptions'>, work: (journal: Journal, states: IntentState[], claimed: ReadonlySet<string>) => Promise<T>): Promise<T> {
  const layout = cacheLayout(options.cacheDir);
  const lock = await acquireCacheLock(layout.lock, options.lockOptions);
  try {
    const { journal, lines } = await Journal.open(layout.journal);
    try {
      const state = replayJournal(lines.map((line) => line.rec));
      return await work(journal, [...state.intents.values()], state.claimed);
    } finally {
      await journal.close();
    }
  } finally {
    await lock.release();
  }
}

/**
 * Open intents per shot key, read without the lock (the journal is append-only, a torn tail is ignored): for
 * `render plan`, which must not wait for a running render. Empty when there is no journal.
 */
export async function readOpenIntentsByKey(cacheDir: string): Promise<Map<string, OpenIntent[]>> {
  const text = await readFile(cacheLayout(cacheDir).journal, 'utf8').catch(() => '');
  const parsed = parseJournal(text);
  const byKey = new Map<string, OpenIntent[]>();
  if (!parsed.ok) return byKey;
  for (const state of replayJournal(parsed.lines.map((line) => line.rec)).intents.values()) {
    if (!isUnresolved(state)) continue;
    byKey.set(state.intent.shotKey, [...(byKey.get(state.intent.shotKey) ?? []), describe(state)]);
  }
  return byKey;
}

/** Every open intent in a cache folder's journal, oldest first. */
export function listOpenIntents(options: Pick<ResolveOptions, 'cacheDir' | 'lockOptions'>): Promise<OpenIntent[]> {
  return withJournal(options, async (_journal, states) => states.filter(isUnresolved).map(describe));
}

function pickIntent(states: IntentState[], shotId: string, intentId: string | undefined): IntentState {
  const open = states.filter((s) => isUnresolved(s) && s.intent.shotId === shotId && (intentId === undefined || s.intent.intentId === intentId));
  if (open.length === 1) return open[0]!;
  const hint = 'run `render resolve <storyboard>` without --shot to list the open intents';
  if (open.length === 0) throw new RenderError('USAGE', `shot '${shotId}' has no open intent${intentId ? ` ${intentId}` : ''}: nothing to resolve`, { hint });
  throw new RenderError('USAGE', `shot '${shotId}' has ${open.length} open intents: name one with --intent`, { hint });
}

/** Why a job cannot be the one an intent made, or undefined when it can. Pure. */
export function mismatch(job: VideoJob, intent: IntentRecord, claimed: ReadonlySet<string>): string | undefined {
  if (claimed.has(job.id)) return `job ${job.id} is already recorded for another shot or attempt`;
  // A job whose answer names no recipe (a Runway task or an OpenRouter job read by a process that did not create it):
  // nothing to compare, the user's word stands.
  if (job.model === '' && job.remixedFromId === null) return undefined;
  // Any created_at is accepted: the user looked it up, and clocks may disagree.
  if (matchIntent(job, intent, { offsetSeconds: 0, marginSeconds: Number.POSITIVE_INFINITY }) === 'none') {
    const asked = intent.parentJobId ? `a remix of ${intent.parentJobId}` : `${intent.model} ${intent.size} ${intent.seconds}s`;
    const found = job.remixedFromId ? `a remix of ${job.remixedFromId}` : `${job.model} ${job.size} ${job.seconds}s`;
    return `job ${job.id} does not match the shot's request (asked for ${asked}${job.prompt === null ? '' : ' with its prompt'}; the job is ${found})`;
  }
  return undefined;
}

export async function resolveIntent(options: ResolveOptions): Promise<Resolution> {
  if ((options.jobId === undefined) === (options.notCreated !== true)) {
    throw new RenderError('USAGE', 'give exactly one of --job <id> and --not-created');
  }
  const now = options.now ?? Date.now;
  return withJournal(options, async (journal, states, claimed) => {
    const state = pickIntent(states, options.shotId, options.intentId);
    const intent = describe(state);
    if (options.notCreated) {
      await journal.append({ type: 'released', intentId: intent.intentId, reason: 'declared not created by the user (render resolve --not-created)', at: now() });
      return { intent, kind: 'not-created' };
    }
    const jobId = options.jobId!;
    if (!options.provider) throw new RenderError('USAGE', 'a provider is needed to check the job');
    const { job } = await options.provider.retrieve(jobId, { signal: options.signal });
    const wrong = mismatch(job, state.intent, claimed);
    if (wrong) throw new RenderError('USAGE', `not adopted: ${wrong}`, { hint: 'check the job id in the provider\'s dashboard' });
    await journal.append({ type: 'adopted', intentId: intent.intentId, jobId: job.id, at: now() });
    return { intent, kind: 'adopted', jobId: job.id };
  });
}
