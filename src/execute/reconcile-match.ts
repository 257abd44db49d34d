// Which listed job an unanswered paid call made, decided without I/O. A job matches when it has the intent's
// recipe and was created after the intent was sent (on the server's clock). The contract allows a job without its
// prompt (`prompt: null`): such a job matches on the rest, but is adopted only when nothing else could claim it, so
// a wrong clip is never filed under a shot's key. See docs/executor.md "Reconciliation".
import { sha256Hex } from '../cache/key.js';
import type { VideoJob } from '../providers/provider.js';
import type { IntentRecord } from './journal-records.js';

export type MatchStrength = 'exact' | 'no-prompt' | 'none';

/** How created_at is compared: the server's clock offset from ours, and the margin allowed around it. */
export interface TimeWindow {
  /** Server clock minus ours, in seconds (0 when unknown). */
  offsetSeconds: number;
  /** Slack either way for an offset measured to the second, or not measured at all. */
  marginSeconds: number;
}

/** The earliest created_at (server clock) a job made for this intent can carry. Pure. */
export function earliestCreatedAt(intent: IntentRecord, window: TimeWindow): number {
  return intent.notBefore + window.offsetSeconds - window.marginSeconds;
}

/** A gateway may answer with the dated snapshot of the alias it was asked for (sora-2 → sora-2-2025-12-08). */
function sameModel(answered: string, asked: string): boolean {
  return answered === asked || (answered.startsWith(`${asked}-`) && /^\d{4}-\d{2}-\d{2}$/.test(answered.slice(asked.length + 1)));
}

function sameRecipe(job: VideoJob, intent: IntentRecord): boolean {
  if (intent.parentJobId !== null) return job.remixedFromId === intent.parentJobId;
  if (job.remixedFromId !== null) return false;
  return sameModel(job.model, intent.model) && job.size === intent.size && job.seconds === intent.seconds;
}

/** Does this job look like the one the intent asked for, and how sure can we be? Pure. */
export function matchIntent(job: VideoJob, intent: IntentRecord, window: TimeWindow): MatchStrength {
  if (job.createdAt < earliestCreatedAt(intent, window)) return 'none';
  if (!sameRecipe(job, intent)) return 'none';
  if (job.prompt === null) return 'no-prompt';
  return sha256Hex(job.prompt) === intent.promptSha256 ? 'exact' : 'none';
}

export type Pick =
  | { kind: 'adopt'; job: VideoJob }
  | { kind: 'none' }
  /** Jobs fit, but more than one intent or job could be the pair: adopting would be a guess. */
  | { kind: 'ambiguous'; candidates: number };

const byAge = (a: VideoJob, b: VideoJob) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The job this intent made, if it can be told. An exact match (prompt included) wins, oldest first, so identical
 * twins get distinct jobs in created_at order. Without a prompt to compare, exactly one unclaimed job must fit and no
 * other open intent may fit it too. Pure.
 */
export function pickCandidate(
  jobs: readonly VideoJob[],
  intent: IntentRecord,
  claimed: ReadonlySet<string>,
  window: TimeWindow,
  rivals: readonly IntentRecord[] = [],
): Pick {
  const open = jobs.filter((job) => !claimed.has(job.id));
  const exact = open.filter((job) => matchIntent(job, intent, window) === 'exact').sort(byAge);
  if (exact.length > 0) return { kind: 'adopt', job: exact[0]! };
  const weak = open.filter((job) => matchIntent(job, intent, window) === 'no-prompt');
  if (weak.length === 0) return { kind: 'none' };
  const job = weak[0]!;
  const contested = rivals.some((other) => other.intentId !== intent.intentId && matchIntent(job, other, window) !== 'none');
  if (weak.length > 1 || contested) return { kind: 'ambiguous', candidates: weak.length };
  return { kind: 'adopt', job };
}
