// The run's timeline read off the executor's events: where each shot's time went, phase by phase.
import { describe, expect, it } from 'vitest';
import type { ExecEvent } from '../../../src/execute/events.js';
import { shotTimelines, TimelineEvents } from '../../../src/run/timeline.js';

const downloaded = (shot: string, at: number, downloadStartedAt: number, checkStartedAt: number): ExecEvent =>
  ({ type: 'downloaded', shot, jobId: 'j', variant: 'video', bytes: 1, sha256: 'h', downloadStartedAt, checkStartedAt, at });
const progress = (shot: string, at: number, status: 'queued' | 'in_progress' | 'completed' | 'failed'): ExecEvent =>
  ({ type: 'progress', shot, jobId: 'j', status, percent: 0, at });
const phasesOf = (events: ExecEvent[], endMs = 99_999) =>
  shotTimelines(events, ['a'], endMs)[0]!.phases.map((p) => [p.phase, p.startMs, p.endMs]);

describe('shotTimelines', () => {
  it('splits a paid shot into queued (ours and the provider’s queue), generating, downloading and checking', () => {
    expect(phasesOf([
      { type: 'shot-queued', shot: 'a', costMicroUsd: 1, at: 0 },
      { type: 'created', shot: 'a', intentId: 'i', jobId: 'j', at: 1000 },
      progress('a', 2000, 'queued'),
      progress('a', 5000, 'in_progress'),
      progress('a', 20_000, 'completed'),
      downloaded('a', 24_000, 20_500, 23_000),
      { type: 'shot-done', shot: 'a', file: 'f', jobId: 'j', costMicroUsd: 1, at: 24_500 },
    ])).toEqual([['queued', 0, 5000], ['generating', 5000, 20_000], ['downloading', 20_000, 23_000], ['checking', 23_000, 24_500]]);
  });

  it('counts a job seen queued, then done, as generating from its creation: when it began is unknown', () => {
    expect(phasesOf([
      { type: 'shot-queued', shot: 'a', costMicroUsd: 1, at: 0 },
      { type: 'created', shot: 'a', intentId: 'i', jobId: 'j', at: 1000 },
      progress('a', 1000, 'queued'),
      progress('a', 9000, 'completed'),
      downloaded('a', 9500, 9000, 9200),
      { type: 'shot-done', shot: 'a', file: 'f', jobId: 'j', costMicroUsd: 1, at: 9600 },
    ])).toEqual([['queued', 0, 1000], ['generating', 1000, 9000], ['downloading', 9000, 9200], ['checking', 9200, 9600]]);
  });

  it('without progress events (a job found finished), generation runs from the job to the download', () => {
    expect(phasesOf([
      { type: 'shot-queued', shot: 'a', costMicroUsd: 1, at: 0 },
      { type: 'reattached', shot: 'a', jobId: 'j', status: 'completed', at: 100 },
      downloaded('a', 400, 150, 300),
      { type: 'shot-done', shot: 'a', file: 'f', jobId: 'j', costMicroUsd: 1, at: 500 },
    ])).toEqual([['queued', 0, 100], ['generating', 100, 150], ['downloading', 150, 300], ['checking', 300, 500]]);
  });

  it('shows a retried generation as a second wait and a second generation, ending where the shot failed', () => {
    expect(phasesOf([
      { type: 'shot-queued', shot: 'a', costMicroUsd: 1, at: 0 },
      { type: 'created', shot: 'a', intentId: 'i1', jobId: 'j1', at: 10 },
      progress('a', 20, 'in_progress'),
      progress('a', 100, 'failed'),
      { type: 'retry', shot: 'a', what: 'generation', attempt: 1, delayMs: 0, reason: 'x', at: 100 },
      { type: 'created', shot: 'a', intentId: 'i2', jobId: 'j2', at: 150 },
      { type: 'shot-failed', shot: 'a', code: 'x', message: 'x', at: 300 },
    ])).toEqual([['queued', 0, 10], ['generating', 10, 100], ['queued', 100, 150], ['generating', 150, 300]]);
  });

  it('marks a cache hit as an instant, and a skipped shot as waiting until it was skipped', () => {
    const rows = shotTimelines([
      { type: 'shot-cached', shot: 'hit', file: 'f', savedMicroUsd: 1, at: 50 },
      { type: 'shot-queued', shot: 'remix', costMicroUsd: 1, at: 0 },
      { type: 'shot-skipped', shot: 'remix', reason: 'source failed', at: 300 },
      { type: 'shot-queued', shot: 'elsewhere', costMicroUsd: 1, at: 0 },
    ], ['hit', 'remix', 'never'], 1000);
    expect(rows).toEqual([
      { shotId: 'hit', phases: [{ phase: 'cached', startMs: 50, endMs: 50 }] },
      { shotId: 'remix', phases: [{ phase: 'queued', startMs: 0, endMs: 300 }] },
      { shotId: 'never', phases: [] },
    ]);
  });

  it('ends a shot that never finished at the end of the run', () => {
    expect(phasesOf([{ type: 'shot-queued', shot: 'a', costMicroUsd: 1, at: 0 }, { type: 'created', shot: 'a', intentId: 'i', jobId: 'j', at: 10 }], 700))
      .toEqual([['queued', 0, 10], ['generating', 10, 700]]);
  });
});

describe('TimelineEvents', () => {
  it('keeps phase changes only: not every percent of progress, not budget lines', () => {
    const kept = new TimelineEvents();
    kept.add(progress('a', 1, 'in_progress'));
    kept.add({ ...progress('a', 2, 'in_progress'), percent: 40 } as ExecEvent);
    kept.add({ type: 'budget', spentMicroUsd: 1, reservedMicroUsd: 0, at: 3 });
    kept.add(progress('b', 4, 'in_progress'));
    kept.add(progress('a', 5, 'completed'));
    expect(kept.events.map((e) => e.at)).toEqual([1, 4, 5]);
  });
});
