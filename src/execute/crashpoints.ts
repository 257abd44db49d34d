// Named crash points (docs/design/money-safety.md#crash-points, scenario R1): the k-th time a named point is reached,
// the injected crash() runs (the CLI passes a SIGKILL of its own process), so tests kill a run at each dangerous boundary.

/** The executor's own points: each is reached while shots run. */
export const executorCrashPointNames = [
  'after-intent-fsync',
  'after-create-response',
  'mid-poll',
  'mid-download',
  'after-download-before-rename',
  'after-rename-before-journal',
] as const;

/** Every point `RENDER_CRASHPOINT` may name: the executor's, and the run's final cut at its first progress, once its
 * work folder exists. */
export const crashPointNames = [...executorCrashPointNames, 'mid-stitch'] as const;

export type CrashPointName = (typeof crashPointNames)[number];

export interface CrashPointSpec {
  name: CrashPointName;
  /** 1-based: crash the hit-th time the point is reached. */
  hit: number;
}

/** Parse `RENDER_CRASHPOINT=<name>:<k>` (the CLI reads the variable); undefined for an empty value. */
export function parseCrashpoint(text: string | undefined): CrashPointSpec | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const match = /^([a-z-]+)(?::(\d+))?$/.exec(text.trim());
  const name = match?.[1] as CrashPointName | undefined;
  if (!match || !name || !crashPointNames.includes(name)) {
    throw new Error(`unknown crash point '${text}'; expected <name>[:<k>] with name one of ${crashPointNames.join(', ')}`);
  }
  const hit = match[2] === undefined ? 1 : Number(match[2]);
  if (hit < 1) throw new Error(`crash point hit count must be ≥ 1 in '${text}'`);
  return { name, hit };
}

export class CrashPoints {
  readonly #spec: CrashPointSpec | undefined;
  readonly #crash: () => void;
  readonly #counts = new Map<CrashPointName, number>();

  constructor(spec: CrashPointSpec | undefined, crash: (() => void) | undefined) {
    this.#spec = spec;
    this.#crash = crash ?? (() => undefined);
  }

  reach(name: CrashPointName): void {
    if (this.#spec?.name !== name) return;
    const count = (this.#counts.get(name) ?? 0) + 1;
    this.#counts.set(name, count);
    if (count === this.#spec.hit) this.#crash();
  }
}
