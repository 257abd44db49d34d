import { describe, expect, it } from 'vitest';
import { boundaryLevels } from './support/media.js';

// The e2e join checks rely on this detector: prove it sees a gap and a click in a synthetic tone.
const tone = (seconds: number, edit?: (t: number, i: number) => number | undefined) =>
  Float32Array.from({ length: seconds * 48000 }, (_, i) => edit?.(i / 48000, i) ?? 0.125 * Math.sin((2 * Math.PI * 600 * i) / 48000));

describe('boundaryLevels', () => {
  it('finds a continuous tone level and smooth', () => {
    const [b] = boundaryLevels(tone(4), [2]);
    expect(b?.level).toBeGreaterThan(0.95);
    expect(b?.step).toBeLessThan(1.05);
  });

  it('sees a 21 ms dropout as a gap', () => {
    const [b] = boundaryLevels(tone(4, (t) => (t >= 2 && t < 2.021 ? 0 : undefined)), [2]);
    expect(b?.level).toBeLessThan(0.1);
  });

  it('sees a phase jump as a click', () => {
    const [b] = boundaryLevels(tone(4, (t, i) => (t >= 2 ? 0.125 * Math.sin((2 * Math.PI * 600 * i) / 48000 + Math.PI / 2) : undefined)), [2]);
    expect(b?.step).toBeGreaterThan(3);
  });
});
