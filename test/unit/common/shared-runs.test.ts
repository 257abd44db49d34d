import { describe, expect, it } from 'vitest';
import { sharedRuns } from '../../../src/common/shared-runs.js';

/** A run whose end the test decides, logging when each began. */
function gatedRuns() {
  const began: string[] = [];
  const ends: Array<(error?: Error) => void> = [];
  const run = (key: string) =>
    new Promise<void>((resolve, reject) => {
      began.push(key);
      ends.push((error) => (error ? reject(error) : resolve()));
    });
  return { began, ends, shared: sharedRuns(run) };
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('sharedRuns', () => {
  it('gives callers that ask during a run one shared next run, begun only after the first ended', async () => {
    const { began, ends, shared } = gatedRuns();
    const done: string[] = [];
    const first = shared('dir').then(() => done.push('first'));
    const waiting = [1, 2, 3].map((n) => shared('dir').then(() => done.push(`later ${n}`)));
    await settled();
    expect(began).toEqual(['dir']); // the later callers did not start a run of their own beside the first
    ends[0]!();
    await first;
    await settled();
    expect(began).toEqual(['dir', 'dir']); // one more run for all three
    expect(done).toEqual(['first']); // the first run began before they asked: it does not answer them
    ends[1]!();
    await Promise.all(waiting);
    expect(done).toEqual(['first', 'later 1', 'later 2', 'later 3']);
  });

  it('keeps keys apart, starts afresh once idle, and hands a failure to every caller of that run', async () => {
    const { began, ends, shared } = gatedRuns();
    const a = shared('a');
    const b = shared('b');
    expect(began).toEqual(['a', 'b']);
    ends[0]!();
    ends[1]!();
    await Promise.all([a, b]);
    const again = shared('a');
    expect(began).toEqual(['a', 'b', 'a']); // nothing in flight: a new run at once
    const joined = [shared('a'), shared('a')];
    ends[2]!(new Error('EIO'));
    await expect(again).rejects.toThrow('EIO');
    await settled();
    ends[3]!(new Error('EIO again'));
    await Promise.all(joined.map((p) => expect(p).rejects.toThrow('EIO again')));
    expect(began).toHaveLength(4);
  });
});
