// Media files by parameters: identical requests share one ffmpeg run and one file; files appear atomically (temp + rename).
import { randomBytes } from 'node:crypto';
import { access, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { runTool } from '../../common/ffmpeg-process.js';
import { clipArgs, segmentArgs, type SegmentOutputs } from './ffmpeg-args.js';
import { clipLook, hashKey } from './look.js';

export interface ClipRequest {
  prompt: string;
  size: string;
  seconds: number;
}

export interface ClipFiles {
  video: string;
  thumbnail: string;
  spritesheet: string;
}

export interface MediaStoreOptions {
  ffmpegPath: string;
  /** Environment of the child: PATH and locale only, so no API key reaches it. */
  env: Record<string, string>;
  dir: string;
  /** DejaVu Sans or another TTF whose path is filter-safe; undefined draws no text. */
  fontFile: string | undefined;
  faststart: boolean;
  /** ffmpeg runs at once; each uses up to two threads. */
  concurrency: number;
}

export interface MediaCounters {
  /** ffmpeg runs that produced a file. */
  runs: number;
  /** Clips served from files already on disk. */
  hits: number;
}

const exists = (path: string) => access(path).then(() => true, () => false);

export class MediaStore {
  readonly #options: MediaStoreOptions;
  readonly #limit: ReturnType<typeof pLimit>;
  readonly #inflight = new Map<string, Promise<void>>();
  readonly #abort = new AbortController();
  readonly counters: MediaCounters = { runs: 0, hits: 0 };

  constructor(options: MediaStoreOptions) {
    this.#options = options;
    this.#limit = pLimit(options.concurrency);
  }

  /** The clip's three files, rendering only what is not on disk yet. */
  async clip(request: ClipRequest): Promise<ClipFiles> {
    const look = clipLook(request.prompt, request.size);
    const segmentKey = hashKey([request.size, look.text, look.background, look.fontSize, this.#options.fontFile ?? null]);
    const clipKey = hashKey([segmentKey, request.seconds, look.toneHz, this.#options.faststart]);
    const dir = this.#options.dir;
    const segment: SegmentOutputs = { segment: `seg-${segmentKey}.mp4`, thumbnail: `thumb-${segmentKey}.webp`, spritesheet: `sprite-${segmentKey}.jpg` };
    const video = `clip-${clipKey}.mp4`;
    const files = { video: join(dir, video), thumbnail: join(dir, segment.thumbnail), spritesheet: join(dir, segment.spritesheet) };
    if ((await exists(files.video)) && (await exists(files.thumbnail)) && (await exists(files.spritesheet))) {
      this.counters.hits += 1;
      return files;
    }
    await this.#once(segmentKey, segment.segment, async () => {
      const textFile = `text-${segmentKey}.txt`;
      await this.#atomicWrite(textFile, look.text);
      // The segment is renamed last: it is the marker that says all three files are there.
      const outputs = { thumbnail: segment.thumbnail, spritesheet: segment.spritesheet, segment: segment.segment };
      await this.#render(outputs, (tmp) => segmentArgs(request.size, look, textFile, this.#options.fontFile, tmp));
    });
    await this.#once(clipKey, video, () => this.#render({ video }, (tmp) => clipArgs(segment.segment, request.seconds, look.toneHz, this.#options.faststart, tmp.video)));
    return files;
  }

  /** Stop queued renders and kill running ones (close()). */
  abort(): void {
    // Queued renders still run, see the abort and reject at once: clearing the queue would leave their promises pending forever.
    this.#abort.abort();
  }

  // One run per key at a time, in this process; a finished file on disk short-circuits it.
  async #once(key: string, marker: string, make: () => Promise<void>): Promise<void> {
    const running = this.#inflight.get(key);
    if (running) return running;
    const task = (async () => {
      if (await exists(join(this.#options.dir, marker))) return;
      await this.#limit(() => {
        if (this.#abort.signal.aborted) throw new Error('render cancelled: the simulator is closing');
        return make();
      });
    })().finally(() => this.#inflight.delete(key));
    this.#inflight.set(key, task);
    return task;
  }

  async #render<K extends string>(finals: Record<K, string>, argsFor: (temps: Record<K, string>) => string[]): Promise<void> {
    const dir = this.#options.dir;
    await mkdir(dir, { recursive: true });
    const suffix = `.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const names = Object.entries(finals) as [K, string][];
    const temps = Object.fromEntries(names.map(([key, name]) => [key, `${name}${suffix}`])) as Record<K, string>;
    try {
      // The arguments name files relative to the media folder. Closing kills at once: nothing waits for these files.
      const run = { cwd: dir, signal: this.#abort.signal, purpose: 'rendering a simulated clip', killGraceMs: 0 };
      await runTool(this.#options.ffmpegPath, argsFor(temps), this.#options.env, run);
      for (const [key, name] of names) await rename(join(dir, temps[key]), join(dir, name));
      this.counters.runs += 1;
    } finally {
      await Promise.all(names.map(([key]) => rm(join(dir, temps[key]), { force: true })));
    }
  }

  async #atomicWrite(name: string, text: string): Promise<void> {
    const dir = this.#options.dir;
    await mkdir(dir, { recursive: true });
    const temp = join(dir, `${name}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    await writeFile(temp, text, 'utf8');
    await rename(temp, join(dir, name));
  }
}
