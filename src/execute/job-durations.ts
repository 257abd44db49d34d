// How long jobs took in this run, by what they make (provider, model, size, seconds): the first guess of when a job
// like them finishes, before it shows any progress (./poll-predict.ts). Memory only; a run learns afresh.
import type { ExecShot } from './types.js';

const kept = 16;

export class JobDurations {
  readonly #byKind = new Map<string, number[]>();

  static kindOf(shot: Pick<ExecShot, 'provider' | 'model' | 'size' | 'seconds'>): string {
    return `${shot.provider ?? 'openai'}|${shot.model}|${shot.size}|${shot.seconds}`;
  }

  /** A job of this kind took `ms` from creation to its (estimated) finish. */
  record(kind: string, ms: number): void {
    if (!(ms > 0) || !Number.isFinite(ms)) return;
    const list = this.#byKind.get(kind) ?? [];
    list.push(ms);
    if (list.length > kept) list.shift();
    this.#byKind.set(kind, list);
  }

  /** The median of the recent ones; undefined until one has finished. */
  expected(kind: string): number | undefined {
    const list = this.#byKind.get(kind);
    if (!list?.length) return undefined;
    const sorted = [...list].sort((a, b) => a - b);
    const mid = sorted.length / 2;
    return sorted.length % 2 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  }
}
