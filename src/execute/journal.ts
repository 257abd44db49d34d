// The journal file: replay on open (torn tail cut off, corruption refused), then appends made durable with
// fdatasync before anything that depends on them. Concurrent appends share one write + sync (group commit); a batch of
// records whose loss costs nothing (mustSyncAtOnce) is written without a sync of its own, and the next sync covers it.
import { open, readFile, type FileHandle } from 'node:fs/promises';
import { RenderError } from '../common/errors.js';
import { describeFsError, errnoCode, writeFileAtomic } from '../common/durable-fs.js';
import { encodeLine, mustSyncAtOnce, parseJournal, type JournalLine, type JournalRecord } from './journal-records.js';
import { compactRecords } from './journal-state.js';

/** Where the bytes go; the default is the file. Tests pass a failing sink to prove "no journal, no spend". */
export interface JournalSink {
  write(data: string): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

export interface JournalOpenOptions {
  sinkFor?: ((handle: FileHandle) => JournalSink) | undefined;
  /** Rewrite a journal longer than `aboveLines` keeping only what later runs need (see compactRecords). */
  compact?: { aboveLines: number; nowSeconds: number; tmpDir: string } | undefined;
}

export class JournalWriteError extends Error {
  readonly code: string | undefined;
  constructor(message: string, code: string | undefined) {
    super(message);
    this.name = 'JournalWriteError';
    this.code = code;
  }
}

interface Pending {
  line: string;
  sync: boolean;
  resolve: () => void;
  reject: (error: Error) => void;
}

async function readExisting(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return '';
    throw new RenderError('JOURNAL_UNREADABLE', `cannot read the journal: ${describeFsError(error, path)}`, { cause: error });
  }
}

export class Journal {
  readonly path: string;
  #sink: JournalSink;
  #seq: number;
  #queue: Pending[] = [];
  #writing = false;
  #broken: JournalWriteError | undefined;
  /** Lines written since the last fdatasync (records synced later): close() syncs them. */
  #unsynced = false;

  private constructor(path: string, sink: JournalSink, lastSeq: number) {
    this.path = path;
    this.#sink = sink;
    this.#seq = lastSeq;
  }

  /** Append to the file, fdatasync to make it durable. */
  static fileSink(handle: FileHandle): JournalSink {
    return {
      write: async (data) => {
        await handle.appendFile(data);
      },
      sync: () => handle.datasync(),
      close: () => handle.close(),
    };
  }

  /**
   * Open (creating if needed), replay, and cut a torn tail so the next append starts on a clean line. A long journal
   * is first rewritten compacted (temp file + fsync + rename + fsync dir, never edited in place).
   */
  static async open(path: string, options: JournalOpenOptions = {}): Promise<{ journal: Journal; lines: JournalLine[]; droppedTail: boolean }> {
    let parsed = parseJournal(await readExisting(path));
    if (parsed.ok && options.compact && parsed.lines.length > options.compact.aboveLines) {
      const kept = compactRecords(parsed.lines.map((l) => l.rec), options.compact.nowSeconds);
      await writeFileAtomic(path, kept.map((rec, i) => encodeLine(i + 1, rec)).join(''), options.compact.tmpDir);
      parsed = parseJournal(await readExisting(path));
    }
    if (!parsed.ok) {
      throw new RenderError('JOURNAL_CORRUPT', `the journal is corrupt at line ${parsed.lineNumber} (${parsed.reason}): ${path}`, {
        hint: 'nothing was spent; keep the file for inspection, move it aside and re-run (jobs it recorded will be found by reconciliation only if recent)',
      });
    }
    const handle = await open(path, 'a+', 0o644);
    if (parsed.droppedTail) {
      await handle.truncate(parsed.validBytes);
      await handle.datasync();
    }
    const last = parsed.lines.at(-1)?.seq ?? 0;
    return { journal: new Journal(path, (options.sinkFor ?? Journal.fileSink)(handle), last), lines: parsed.lines, droppedTail: parsed.droppedTail };
  }

  /**
   * Resolves once the record is on disk (for a record synced later, once it is written: see mustSyncAtOnce); rejects
   * with JournalWriteError (and keeps failing) once a write fails.
   */
  append(rec: JournalRecord): Promise<void> {
    if (this.#broken) return Promise.reject(this.#broken);
    this.#seq += 1;
    const line = encodeLine(this.#seq, rec);
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ line, sync: mustSyncAtOnce(rec), resolve, reject });
      void this.#drain();
    });
  }

  get broken(): JournalWriteError | undefined {
    return this.#broken;
  }

  async #drain(): Promise<void> {
    if (this.#writing) return;
    this.#writing = true;
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, this.#queue.length);
      try {
        if (this.#broken) throw this.#broken;
        await this.#sink.write(batch.map((p) => p.line).join(''));
        // One fdatasync makes every line written before it durable, the earlier unsynced ones included.
        if (batch.some((p) => p.sync)) {
          await this.#sink.sync();
          this.#unsynced = false;
        } else {
          this.#unsynced = true;
        }
        for (const p of batch) p.resolve();
      } catch (error) {
        // After a failed write the tail may hold a partial line: never append after it (it would become corruption).
        this.#broken ??= new JournalWriteError(`cannot write the journal: ${describeFsError(error, this.path)}`, errnoCode(error));
        for (const p of batch) p.reject(this.#broken);
      }
    }
    this.#writing = false;
  }

  async close(): Promise<void> {
    // A run closes its journal after every append has settled: this sync covers the lines written without one.
    if (this.#unsynced && !this.#broken) await this.#sink.sync().catch(() => undefined);
    await this.#sink.close().catch(() => undefined);
  }
}
