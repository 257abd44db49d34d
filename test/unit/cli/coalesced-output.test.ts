import { afterEach, describe, expect, it, vi } from 'vitest';
import { coalescedOutput, everyMs } from '../../../src/cli/coalesced-output.js';

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

  describe('on the timed schedule of a non-interactive run', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('gathers the lines of many event-loop turns into one write per 100 ms, and the exit flush writes the rest', async () => {
      vi.useFakeTimers();
      const writes: string[] = [];
      const out = coalescedOutput({ stdout: (t) => writes.push(`out:${t}`), stderr: (t) => writes.push(`err:${t}`) }, everyMs(100));
      // Thirty events 10 ms apart, as a busy run emits them: three writes, not thirty.
      for (let i = 0; i < 30; i += 1) {
        out.stderr(`line ${i}\n`);
        await vi.advanceTimersByTimeAsync(10);
      }
      expect(writes).toHaveLength(3);
      const lines = (from: number) => Array.from({ length: 10 }, (_, i) => `line ${from + i}\n`).join('');
      expect(writes).toEqual([`err:${lines(0)}`, `err:${lines(10)}`, `err:${lines(20)}`]);
      out.stderr('last\n');
      out.flush(); // the process exits before the timer fires
      expect(writes.at(-1)).toBe('err:last\n');
    });

    it('never keeps the process alive: its timer is unreferenced', () => {
      const scheduled: NodeJS.Timeout[] = [];
      const real = globalThis.setTimeout;
      const spy = vi.spyOn(globalThis, 'setTimeout').mockImplementation(((fn: () => void, ms: number) => {
        const timer = real(fn, ms);
        scheduled.push(timer);
        return timer;
      }) as typeof setTimeout);
      const out = coalescedOutput({ stdout: () => undefined, stderr: () => undefined }, everyMs(100));
      out.stderr('x\n');
      spy.mockRestore();
      expect(scheduled).toHaveLength(1);
      expect(scheduled[0]!.hasRef()).toBe(false);
      clearTimeout(scheduled[0]);
    });
  });
});
