// The journal: checksummed lines, a torn last line dropped (and cut off the file), corruption in the middle refused,
// appends durable in order, and a failed write sticky ("no journal, no spend").
import { mkdtemp, readFile, rm, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Journal, JournalWriteError } from '../../../src/execute/journal.js';
import { encodeLine, parseJournal, type IntentRecord, type JournalRecord } from '../../../src/execute/journal-records.js';
import { compactRecords, isSettled, provenUnbilled, replayJournal } from '../../../src/execute/journal-state.js';

const intent = (id: string, key = 'k1'): IntentRecord => ({
  type: 'intent', intentId: id, shotId: 's', shotKey: key, kind: 'create', model: 'sora-2', size: '720x1280', seconds: 4,
  promptSha256: 'p', parentJobId: null, reservedMicroUsd: 400_000, notBefore: 1_790_000_000, attempt: 1,
});
const lines = (recs: JournalRecord[]) => recs.map((r, i) => encodeLine(i + 1, r)).join('');

describe('parseJournal', () => {
  const recs: JournalRecord[] = [intent('i1'), { type: 'created', intentId: 'i1', jobId: 'video_1' }, intent('i2')];

  it('reads back what was written', () => {
    const parsed = parseJournal(lines(recs));
    expect(parsed).toMatchObject({ ok: true, droppedTail: false });
    expect(parsed.ok && parsed.lines.map((l) => l.rec)).toEqual(recs);
  });

  it('drops a torn last line, with or without its newline', () => {
    const text = lines(recs);
    const torn = text.slice(0, text.length - 20);
    const parsed = parseJournal(torn);
    expect(parsed).toMatchObject({ ok: true, droppedTail: true });
    expect(parsed.ok && parsed.lines).toHaveLength(2);
    expect(parsed.ok && parsed.validBytes).toBe(Buffer.byteLength(lines(recs.slice(0, 2))));
    const zeroed = lines(recs.slice(0, 2)) + '\0'.repeat(30) + '\n';
    expect(parseJournal(zeroed)).toMatchObject({ ok: true, droppedTail: true });
  });

  it('refuses corruption in the middle: a bad checksum, bad JSON or a sequence gap', () => {
    const good = lines(recs).split('\n');
    const flipped = [good[0], good[1]!.replace('video_1', 'video_7'), good[2], ''].join('\n');
    expect(parseJournal(flipped)).toEqual({ ok: false, lineNumber: 2, reason: expect.any(String) });
    expect(parseJournal([good[0], '{oops', good[2], ''].join('\n'))).toMatchObject({ ok: false, lineNumber: 2 });
    const gap = encodeLine(1, recs[0]!) + encodeLine(3, recs[1]!) + encodeLine(4, recs[2]!);
    expect(parseJournal(gap)).toMatchObject({ ok: false, lineNumber: 2 });
  });
});

describe('Journal', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'render-journal-'));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('appends concurrently in order, and a reopened journal continues the sequence after cutting a torn tail', async () => {
    const path = join(dir, 'journal.jsonl');
    const { journal } = await Journal.open(path);
    await Promise.all([journal.append(intent('a')), journal.append(intent('b')), journal.append(intent('c'))]);
    await journal.close();
    await appendFile(path, '{"seq":4,"sum":"00');
    const reopened = await Journal.open(path);
    expect(reopened.droppedTail).toBe(true);
    expect(reopened.lines.map((l) => l.rec.type === 'intent' && l.rec.intentId)).toEqual(['a', 'b', 'c']);
    await reopened.journal.append(intent('d'));
    await reopened.journal.close();
    const parsed = parseJournal(await readFile(path, 'utf8'));
    expect(parsed).toMatchObject({ ok: true, droppedTail: false });
    expect(parsed.ok && parsed.lines.map((l) => l.seq)).toEqual([1, 2, 3, 4]);
  });

  it('refuses to open a journal corrupted in the middle', async () => {
    const path = join(dir, 'journal.jsonl');
    await writeFile(path, encodeLine(1, intent('a')) + 'garbage\n' + encodeLine(3, intent('c')));
    await expect(Journal.open(path)).rejects.toMatchObject({ code: 'JOURNAL_CORRUPT', message: expect.stringContaining('line 2') });
  });

  it('fails every append after a failed write, naming disk full and the path', async () => {
    const path = join(dir, 'journal.jsonl');
    let writes = 0;
    const { journal } = await Journal.open(path, { sinkFor: (handle) => {
      const file = Journal.fileSink(handle);
      return { ...file, write: async (d) => (++writes > 1 ? Promise.reject(Object.assign(new Error('nospace'), { code: 'ENOSPC' })) : file.write(d)) };
    } });
    await journal.append(intent('a'));
    const failed = journal.append(intent('b'));
    await expect(failed).rejects.toBeInstanceOf(JournalWriteError);
    await expect(failed).rejects.toThrow(`disk full (ENOSPC) at ${path}`);
    await expect(journal.append(intent('c'))).rejects.toMatchObject({ code: 'ENOSPC' });
    await journal.close();
    const parsed = parseJournal(await readFile(path, 'utf8'));
    expect(parsed.ok && parsed.lines).toHaveLength(1);
  });

  it('syncs intent and created before their appends resolve; completed, downloaded and stored ride on the next sync or the close', async () => {
    const path = join(dir, 'journal.jsonl');
    // What the file holds at each fdatasync: the lines a power cut at that moment would keep.
    const durable: string[][] = [];
    const { journal } = await Journal.open(path, { sinkFor: (handle) => {
      const file = Journal.fileSink(handle);
      return { ...file, sync: async () => {
        await file.sync();
        const parsed = parseJournal(await readFile(path, 'utf8'));
        durable.push(parsed.ok ? parsed.lines.map((l) => l.rec.type) : ['unreadable']);
      } };
    } });
    await journal.append(intent('a'));
    await journal.append({ type: 'created', intentId: 'a', jobId: 'video_1' });
    expect(durable).toEqual([['intent'], ['intent', 'created']]);
    await journal.append({ type: 'completed', intentId: 'a', jobId: 'video_1', completedAt: 1, expiresAt: null });
    await journal.append({ type: 'downloaded', intentId: 'a', jobId: 'video_1', sha256: 'f'.repeat(64), bytes: 9 });
    await journal.append({ type: 'stored', intentId: 'a', shotKey: 'k1' });
    // Written (a crash of the process keeps them: they are in the file), but no sync yet.
    expect(durable).toHaveLength(2);
    expect(parseJournal(await readFile(path, 'utf8'))).toMatchObject({ ok: true, lines: { length: 5 } });
    await journal.append(intent('b'));
    expect(durable.at(-1)).toEqual(['intent', 'created', 'completed', 'downloaded', 'stored', 'intent']);
    await journal.append({ type: 'stored', intentId: 'b', shotKey: 'k2' });
    expect(durable).toHaveLength(3);
    await journal.close();
    expect(durable).toHaveLength(4);
    expect(durable.at(-1)).toHaveLength(7);
  });

  it('a close with nothing unsynced does not sync again', async () => {
    const path = join(dir, 'journal.jsonl');
    let syncs = 0;
    const { journal } = await Journal.open(path, { sinkFor: (handle) => ({ ...Journal.fileSink(handle), sync: async () => void (syncs += 1) }) });
    await journal.append(intent('a'));
    await journal.close();
    expect(syncs).toBe(1);
  });
});

describe('replayJournal', () => {
  it('tracks outcomes, claims and what is settled', () => {
    const state = replayJournal([
      intent('i1'), { type: 'created', intentId: 'i1', jobId: 'v1' }, { type: 'completed', intentId: 'i1', jobId: 'v1', completedAt: 1, expiresAt: 2 },
      intent('i2'), { type: 'ambiguous', intentId: 'i2', reason: 'reset' }, { type: 'adopted', intentId: 'i2', jobId: 'v2' },
      intent('i3'), { type: 'rejected', intentId: 'i3', code: 'REJECTED', message: 'no' },
      intent('i4'), { type: 'ambiguous', intentId: 'i4', reason: 'timeout' }, { type: 'released', intentId: 'i4', reason: 'none found' },
      intent('i5'), { type: 'created', intentId: 'i5', jobId: 'v5' }, { type: 'downloaded', intentId: 'i5', jobId: 'v5', sha256: 'h', bytes: 1 }, { type: 'stored', intentId: 'i5', shotKey: 'k1' },
      intent('i6'), { type: 'created', intentId: 'i6', jobId: 'v6' }, { type: 'failed', intentId: 'i6', jobId: 'v6', code: 'X', message: 'm' },
      intent('i7'),
      { type: 'created', intentId: 'unknown', jobId: 'v9' },
    ]);
    const get = (id: string) => state.intents.get(id)!;
    expect([...state.claimed].sort()).toEqual(['v1', 'v2', 'v5', 'v6']);
    expect(['i1', 'i2', 'i3', 'i4', 'i5', 'i6', 'i7'].map((id) => isSettled(get(id)))).toEqual([false, false, true, true, true, true, false]);
    expect(['i3', 'i4', 'i6'].map((id) => provenUnbilled(get(id)))).toEqual([true, true, false]);
    expect(get('i1')).toMatchObject({ jobId: 'v1', outcome: 'created', terminal: 'completed', expiresAt: 2 });
  });
});

describe('compaction', () => {
  it('keeps unsettled, latest-per-key and recent intents, and the meaning of a replay', async () => {
    const old = 1_790_000_000;
    const now = old + 30 * 86_400;
    const recs: JournalRecord[] = [
      intent('done-old', 'k1'), { type: 'created', intentId: 'done-old', jobId: 'v1' }, { type: 'stored', intentId: 'done-old', shotKey: 'k1' },
      intent('done-newer', 'k1'), { type: 'created', intentId: 'done-newer', jobId: 'v2' }, { type: 'stored', intentId: 'done-newer', shotKey: 'k1' },
      intent('rejected-old', 'k2'), { type: 'rejected', intentId: 'rejected-old', code: 'X', message: 'm' },
      { ...intent('pending-old', 'k2'), notBefore: old + 86_400 },
      intent('expired', 'k3'), { type: 'created', intentId: 'expired', jobId: 'v3' }, { type: 'expired', intentId: 'expired', jobId: 'v3' },
      { ...intent('recent', 'k4'), notBefore: now - 60 }, { type: 'rejected', intentId: 'recent', code: 'X', message: 'm' },
      { ...intent('recent2', 'k4'), notBefore: now - 30 },
    ];
    const kept = compactRecords(recs, now);
    const ids = [...new Set(kept.map((r) => r.intentId))];
    expect(ids).toEqual(['done-newer', 'pending-old', 'expired', 'recent', 'recent2']);
    // An unsettled intent keeps the claims of everything created around and after it.
    const withOldPending = compactRecords([...recs, { ...intent('very-old', 'k9'), notBefore: old - 10 }], now);
    expect(new Set(withOldPending.map((r) => r.intentId)).size).toBe(8);
    const before = replayJournal(recs);
    const after = replayJournal(kept);
    for (const id of ids) expect(after.intents.get(id)).toEqual(before.intents.get(id));

    const dir = await mkdtemp(join(tmpdir(), 'render-compact-'));
    try {
      const path = join(dir, 'journal.jsonl');
      await writeFile(path, lines(recs));
      const opened = await Journal.open(path, { compact: { aboveLines: 5, nowSeconds: now, tmpDir: dir } });
      expect(opened.lines.map((l) => l.seq)).toEqual(kept.map((_, i) => i + 1));
      await opened.journal.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
