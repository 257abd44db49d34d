import { describe, expect, it } from 'vitest';
import { coalescedOutput } from '../../../src/cli/coalesced-output.js';

describe('coalescedOutput', () => {
  it('writes one turn of text as one write per run of a stream, keeping the order across stdout and stderr', () => {
    const writes: string[] = [];
    const scheduled: Array<() => void> = [];
    const out = coalescedOutput({ stdout: (t) => writes.push(`out:${t}`), stderr: (t) => writes.push(`err:${t}`) }, (flush) => scheduled.push(flush));
    out.stderr('a\n');
    out.stderr('b\n');
    out.stdout('{"x":1}\n');
    out.stderr('c\n');
    expect(writes).toEqual([]); // nothing yet: the turn is not over
    expect(scheduled).toHaveLength(1); // one flush scheduled for the whole turn
    scheduled[0]!();
    expect(writes).toEqual(['err:a\nb\n', 'out:{"x":1}\n', 'err:c\n']);
    out.stdout('later\n');
    expect(scheduled).toHaveLength(2);
    out.flush(); // as at exit: written at once
    expect(writes.at(-1)).toBe('out:later\n');
    scheduled[1]!();
    expect(writes).toHaveLength(4); // the scheduled flush finds nothing left
  });
});
