// The write-ahead journal's record types and their line format (docs/design/money-safety.md#write-ahead-journal): one
// JSON object a line, with a sequence number and a checksum, so a torn tail is told apart from corruption. Pure.
import type { ShotKind } from '../common/shot-kind.js';
import { sha256Hex } from '../cache/key.js';

export interface IntentRecord {
  type: 'intent';
  intentId: string;
  shotId: string;
  shotKey: string;
  kind: ShotKind;
  model: string;
  size: string;
  seconds: number;
  promptSha256: string;
  /** The job a remix is made from; null for a fresh generation. */
  parentJobId: string | null;
  reservedMicroUsd: number;
  /** Unix seconds: a job created for this intent cannot be older (with a margin for clock skew). */
  notBefore: number;
  /** Generation attempt of the shot (1 + retries of failed generations). */
  attempt: number;
}

export type OutcomeRecord =
  | { type: 'created'; intentId: string; jobId: string }
  | { type: 'adopted'; intentId: string; jobId: string }
  | { type: 'ambiguous'; intentId: string; reason: string }
  | { type: 'rejected'; intentId: string; code: string; message: string }
  | { type: 'released'; intentId: string; reason: string }
  /** The provider said the job may cost more than was reserved (Runway's estimatedCost): the hold is this now. */
  | { type: 'held'; intentId: string; reservedMicroUsd: number }
  /** `chargedMicroUsd`: what the provider said it charged, when it said so (Runway's cost, OpenRouter's usage.cost). */
  | { type: 'completed'; intentId: string; jobId: string; completedAt: number | null; expiresAt: number | null; chargedMicroUsd?: number }
  | { type: 'failed'; intentId: string; jobId: string; code: string; message: string; chargedMicroUsd?: number }
  | { type: 'downloaded'; intentId: string; jobId: string; sha256: string; bytes: number }
  | { type: 'stored'; intentId: string; shotKey: string }
  | { type: 'expired'; intentId: string; jobId: string };

export type JournalRecord = (IntentRecord | OutcomeRecord) & { at?: number };

export interface JournalLine {
  seq: number;
  rec: JournalRecord;
}

function checksum(seq: number, recJson: string): string {
  return sha256Hex(`${seq}:${recJson}`).slice(0, 16);
}

/**
 * Records whose loss in a power cut costs nothing: a resumed run re-reads the job (`completed`), downloads again or
 * finds the durable cache entry (`downloaded`, `stored`). They are written at once but not synced on their own; the
 * next record that must be durable (or the journal's close) syncs them with it. Every other record, above all `intent`
 * and `created`, is on disk before its append resolves.
 */
const syncedLater: ReadonlySet<JournalRecord['type']> = new Set(['completed', 'downloaded', 'stored']);

export function mustSyncAtOnce(rec: Pick<JournalRecord, 'type'>): boolean {
  return !syncedLater.has(rec.type);
}

export function encodeLine(seq: number, rec: JournalRecord): string {
  const recJson = JSON.stringify(rec);
  return `{"seq":${seq},"sum":"${checksum(seq, recJson)}","rec":${recJson}}\n`;
}

function decodeLine(text: string, expectedSeq: number | undefined): JournalLine | undefined {
  let value: { seq?: unknown; sum?: unknown; rec?: unknown };
  try {
    value = JSON.parse(text) as typeof value;
  } catch {
    return undefined;
  }
  if (typeof value.seq !== 'number' || typeof value.sum !== 'string' || typeof value.rec !== 'object' || value.rec === null) return undefined;
  // Records are written by JSON.stringify, so re-serialising the parsed record reproduces the checksummed bytes.
  if (checksum(value.seq, JSON.stringify(value.rec)) !== value.sum) return undefined;
  if (expectedSeq !== undefined && value.seq !== expectedSeq) return undefined;
  return { seq: value.seq, rec: value.rec as JournalRecord };
}

export type ParseResult =
  | { ok: true; lines: JournalLine[]; validBytes: number; droppedTail: boolean }
  | { ok: false; lineNumber: number; reason: string };

/**
 * Parse a journal: a bad or unterminated last line is a torn write and is dropped; a bad line with good lines after
 * it is corruption, refused (never guess with money).
 */
export function parseJournal(text: string): ParseResult {
  const lines: JournalLine[] = [];
  let offset = 0;
  let lineNumber = 0;
  while (offset < text.length) {
    lineNumber += 1;
    const end = text.indexOf('\n', offset);
    const isLast = end === -1 || end === text.length - 1;
    const raw = end === -1 ? text.slice(offset) : text.slice(offset, end);
    const expected = lines.length === 0 ? undefined : lines[lines.length - 1]!.seq + 1;
    const line = end === -1 ? undefined : decodeLine(raw, expected);
    if (!line) {
      if (isLast) return { ok: true, lines, validBytes: Buffer.byteLength(text.slice(0, offset)), droppedTail: true };
      return { ok: false, lineNumber, reason: 'checksum, sequence or JSON does not match' };
    }
    lines.push(line);
    offset = end + 1;
  }
  return { ok: true, lines, validBytes: Buffer.byteLength(text), droppedTail: false };
}
