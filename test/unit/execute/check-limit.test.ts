import { describe, expect, it } from 'vitest';
import { checkConcurrency } from '../../../src/execute/check-limit.js';

describe('checkConcurrency (clip checks at once)', () => {
  it('is one per core, so a 2-core machine runs two ffmpeg checks, never sixteen', () => {
    expect(checkConcurrency(2)).toBe(2);
    expect(checkConcurrency(1)).toBe(1);
    expect(checkConcurrency(16)).toBe(16);
  });

  it('is at least one whatever the core count reads as', () => {
    expect(checkConcurrency(0)).toBe(1);
    expect(checkConcurrency(Number.NaN)).toBe(1);
  });

  it('takes an explicit limit over the core count', () => {
    expect(checkConcurrency(8, 3)).toBe(3);
    expect(checkConcurrency(2, 1)).toBe(1);
    expect(checkConcurrency(2, 0)).toBe(2);
  });
});
