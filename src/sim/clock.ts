// The simulator's own clock: real time plus an offset that tests move forward instead of waiting.
export interface SimClock {
  now(): number;
  advance(ms: number): void;
}

export function createClock(base: () => number = Date.now): SimClock {
  let offsetMs = 0;
  return {
    now: () => base() + offsetMs,
    advance(ms: number) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`advance() takes a non-negative number of ms, got ${ms}`);
      offsetMs += ms;
    },
  };
}
