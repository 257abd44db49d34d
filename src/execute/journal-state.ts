// What the journal says happened to each paid intent, rebuilt by replay and kept current during a run. Pure.
import type { IntentRecord, JournalRecord } from './journal-records.js';

export interface IntentState {
  intent: IntentRecord;
  jobId?: string;
  /** What the create call ended as; 'pending' until an outcome was recorded (a crash, or still in flight). */
  outcome: 'pending' | 'ambiguous' | 'created' | 'adopted' | 'rejected' | 'released';
  terminal?: 'completed' | 'failed' | 'expired';
  expiresAt?: number | null;
  completedAt?: number | null;
  failure?: { code: string; message: string };
  downloaded?: { sha256: string; bytes: number };
  /** What the provider said the job charged, when it said so. */
  chargedMicroUsd?: number;
  stored: boolean;
}

export interface JournalState {
  intents: Map<string, IntentState>;
  /** Every job id ever recorded: reconciliation never adopts one of these twice. */
  claimed: Set<string>;
  /** The same intents by shot key, oldest first: each shot reads its own without a scan of all of them. */
  byKey: Map<string, IntentState[]>;
}

export function emptyJournalState(): JournalState {
  return { intents: new Map(), claimed: new Set(), byKey: new Map() };
}

function applyOutcome(state: IntentState, rec: Exclude<JournalRecord, IntentRecord>): void {
  switch (rec.type) {
    case 'created':
    case 'adopted':
      state.outcome = rec.type;
      state.jobId = rec.jobId;
      return;
    case 'ambiguous':
    case 'rejected':
    case 'released':
      state.outcome = rec.type;
      if (rec.type === 'rejected') state.failure = { code: rec.code, message: rec.message };
      return;
    case 'held':
      // A raised hold replaces the reservation everywhere it is read again (restore, the daily file, resolve).
      if (rec.reservedMicroUsd > state.intent.reservedMicroUsd) state.intent = { ...state.intent, reservedMicroUsd: rec.reservedMicroUsd };
      return;
    case 'completed':
      state.terminal = 'completed';
      state.completedAt = rec.completedAt;
      state.expiresAt = rec.expiresAt;
      if (rec.chargedMicroUsd !== undefined) state.chargedMicroUsd = rec.chargedMicroUsd;
      return;
    case 'failed':
      state.terminal = 'failed';
      state.failure = { code: rec.code, message: rec.message };
      if (rec.chargedMicroUsd !== undefined) state.chargedMicroUsd = rec.chargedMicroUsd;
      return;
    case 'downloaded':
      state.downloaded = { sha256: rec.sha256, bytes: rec.bytes };
      return;
    case 'stored':
      state.stored = true;
      return;
    case 'expired':
      state.terminal = 'expired';
      return;
  }
}

/** Apply one record; unknown intent ids are ignored (a record can only follow its intent). */
export function applyRecord(state: JournalState, rec: JournalRecord): void {
  if (rec.type === 'intent') {
    const fresh: IntentState = { intent: rec, outcome: 'pending', stored: false };
    const earlier = state.intents.get(rec.intentId);
    state.intents.set(rec.intentId, fresh);
    const list = state.byKey.get(rec.shotKey) ?? [];
    state.byKey.set(rec.shotKey, list);
    // An id seen again replaces its state where it stood, as Map.set does in `intents`.
    const at = earlier ? list.indexOf(earlier) : -1;
    if (at >= 0) list[at] = fresh;
    else list.push(fresh);
    if (earlier && at < 0) {
      const old = state.byKey.get(earlier.intent.shotKey);
      if (old) state.byKey.set(earlier.intent.shotKey, old.filter((s) => s !== earlier));
    }
    return;
  }
  const intent = state.intents.get(rec.intentId);
  if (!intent) return;
  applyOutcome(intent, rec);
  if ((rec.type === 'created' || rec.type === 'adopted') && rec.jobId) state.claimed.add(rec.jobId);
}

export function replayJournal(records: Iterable<JournalRecord>): JournalState {
  const state = emptyJournalState();
  for (const rec of records) applyRecord(state, rec);
  return state;
}

/** Nothing was billed for it: refused, or proven absent by reconciliation. */
export function provenUnbilled(state: IntentState): boolean {
  return state.outcome === 'rejected' || state.outcome === 'released';
}

/** A paid call that may have made a job, with no job id known and no proof either way. */
export function isUnresolved(state: IntentState): boolean {
  return (state.outcome === 'pending' || state.outcome === 'ambiguous') && state.jobId === undefined;
}

/** Finished one way or another: nothing left to attach to, reconcile or download. */
export function isSettled(state: IntentState): boolean {
  return provenUnbilled(state) || state.stored || state.terminal === 'failed' || state.terminal === 'expired';
}

/** Intents for one shot key, oldest first. */
export function intentsForKey(state: JournalState, shotKey: string): IntentState[] {
  return [...(state.byKey.get(shotKey) ?? [])];
}

/**
 * A shorter journal with the same meaning for every later run: all records of unsettled intents, of each key's
 * latest intent (resume and "paid, content expired" read it) and of recent intents (their job ids stay claimed and
 * today's spend stays countable). Pure.
 */
export function compactRecords(records: readonly JournalRecord[], nowSeconds: number, keepSeconds = 7 * 86_400): JournalRecord[] {
  const state = replayJournal(records);
  const latest = new Map<string, string>();
  for (const s of state.intents.values()) latest.set(s.intent.shotKey, s.intent.intentId);
  // Claims must outlive every intent that may still be reconciled against jobs created after it.
  const unsettled = [...state.intents.values()].filter((s) => !isSettled(s)).map((s) => s.intent.notBefore - 3_600);
  const horizon = Math.min(nowSeconds - keepSeconds, ...unsettled);
  const keep = new Set<string>();
  for (const s of state.intents.values()) {
    const { intentId, shotKey, notBefore } = s.intent;
    if (!isSettled(s) || latest.get(shotKey) === intentId || notBefore >= horizon) keep.add(intentId);
  }
  return records.filter((rec) => keep.has(rec.intentId));
}
