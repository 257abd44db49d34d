// RENDER_CRASHPOINT parsing and counting: the k-th time the named point is reached, and only then.
import { describe, expect, it } from 'vitest';
import { CrashPoints, crashPointNames, parseCrashpoint } from '../../../src/execute/crashpoints.js';

describe('crash points', () => {
  it('parses <name>[:<k>] and refuses unknown names', () => {
    expect(parseCrashpoint(undefined)).toBeUndefined();
    expect(parseCrashpoint(' ')).toBeUndefined();
    expect(parseCrashpoint('mid-poll')).toEqual({ name: 'mid-poll', hit: 1 });
    expect(parseCrashpoint('after-create-response:3')).toEqual({ name: 'after-create-response', hit: 3 });
    expect(parseCrashpoint('mid-stitch:2')).toEqual({ name: 'mid-stitch', hit: 2 });
    expect(() => parseCrashpoint('mid-encode')).toThrow(/unknown crash point/);
    expect(() => parseCrashpoint('mid-poll:0')).toThrow(/≥ 1/);
    expect(crashPointNames).toHaveLength(7);
  });

  it('fires once, on the k-th hit of its own name', () => {
    let fired = 0;
    const points = new CrashPoints({ name: 'mid-download', hit: 2 }, () => (fired += 1));
    points.reach('mid-poll');
    points.reach('mid-download');
    expect(fired).toBe(0);
    points.reach('mid-download');
    points.reach('mid-download');
    expect(fired).toBe(1);
    new CrashPoints(undefined, () => (fired += 1)).reach('mid-poll');
    expect(fired).toBe(1);
  });
});
