// Pure limits of one content download: how many bytes a clip may take (from the catalog's size and duration), and
// whether a body still moving is moving fast enough. A broken or hostile server must not fill the disk or hold a
// worker for ever; a slow but honest link must never trip either limit.

export interface ClipShape {
  width: number;
  height: number;
  seconds: number;
}

/** 50 Mbit/s at 1920×1080 (well above any generated clip, including high-quality ones), scaled by pixel count. */
export const ceilingBitsPerPixelSecond = 50_000_000 / (1920 * 1080);
/** Container overhead and audio, and room for very short clips. */
export const clipMarginBytes = 16 * 1024 ** 2;
/** Thumbnails and sprite sheets are small images. */
export const thumbnailByteLimit = 16 * 1024 ** 2;

/** Largest body accepted for a clip of this shape: about 26.6 MiB for 720×1280 × 4 s, 79.3 MiB for 1792×1024 × 12 s. */
export function clipByteLimit(shape: ClipShape): number {
  const pixelSeconds = Math.max(0, shape.width) * Math.max(0, shape.height) * Math.max(0, shape.seconds);
  return Math.ceil((pixelSeconds * ceilingBitsPerPixelSecond) / 8) + clipMarginBytes;
}

export function formatMiB(bytes: number): string {
  return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
}

/** The slowest body accepted once it has started: at least `minBytes` in any `windowMs`. */
export interface TransferFloor {
  minBytes: number;
  windowMs: number;
}

/** 64 KiB per 10 s (6.4 KiB/s): a 1 Mbit/s link moves twenty times that; a 1-byte trickle fails in 10 s. */
export const defaultTransferFloor: TransferFloor = { minBytes: 64 * 1024, windowMs: 10_000 };

export interface TransferPolicy {
  /** Nothing at all (not even the first byte) for this long: the body has stalled. */
  idleMs: number;
  floor: TransferFloor;
}

/**
 * - `idle`: nothing arrived for `idleMs` (a stalled socket; retried like any broken download);
 * - `slow`: bytes keep arriving, but fewer than the floor over a whole window (a trickling server; not retried).
 */
export type TransferVerdict = { kind: 'ok' } | { kind: 'idle' | 'slow'; message: string };

interface Sample {
  atMs: number;
  /** Bytes received up to atMs. */
  total: number;
}

/** Bytes received over time for one body; time is passed in, so every decision is a plain function of the samples. */
export class TransferMeter {
  readonly #policy: TransferPolicy;
  readonly #startedAtMs: number;
  #samples: Sample[] = [];
  #total = 0;

  constructor(policy: TransferPolicy, startedAtMs: number) {
    this.#policy = policy;
    this.#startedAtMs = startedAtMs;
  }

  get bytes(): number {
    return this.#total;
  }

  record(nowMs: number, bytes: number): void {
    this.#total += bytes;
    this.#samples.push({ atMs: nowMs, total: this.#total });
    // Keep one sample at or before the oldest window start still needed, drop the rest.
    const horizon = nowMs - this.#policy.floor.windowMs;
    while (this.#samples.length > 2 && this.#samples[1]!.atMs <= horizon) this.#samples.shift();
  }

  check(nowMs: number): TransferVerdict {
    const { idleMs, floor } = this.#policy;
    const last = this.#samples.at(-1)?.atMs ?? this.#startedAtMs;
    if (nowMs - last > idleMs) return { kind: 'idle', message: `no data for ${idleMs} ms` };
    const first = this.#samples[0];
    if (!first || nowMs - first.atMs < floor.windowMs) return { kind: 'ok' };
    const windowStart = nowMs - floor.windowMs;
    let before = 0;
    for (let i = this.#samples.length - 1; i >= 0; i -= 1) {
      if (this.#samples[i]!.atMs <= windowStart) {
        before = this.#samples[i]!.total;
        break;
      }
    }
    const inWindow = this.#total - before;
    if (inWindow > 0 && inWindow < floor.minBytes) {
      return { kind: 'slow', message: `the body is trickling: ${inWindow} bytes in the last ${floor.windowMs / 1000} s (the floor is ${Math.round(floor.minBytes / 1024)} KiB per ${floor.windowMs / 1000} s)` };
    }
    return { kind: 'ok' };
  }
}
