// The Runway face's concurrency plan: past the limit tasks wait for a slot in creation order, each in the slot that
// frees first; a task that ends early (a cancel) hands its slot on when the plan is made again.
import { describe, expect, it } from 'vitest';
import { replan, slotEndMs, type Schedulable } from '../../../src/sim/faces/runway/schedule.js';

const task = (createdAtMs: number, runMs = 100): Schedulable => ({ job: { createdAtMs, queueMs: 0, runMs }, slotAtMs: Number.POSITIVE_INFINITY });

describe('replan', () => {
  it('gives slots in creation order as they free, PENDING time included', () => {
    const tasks = [task(0), task(0), task(0)];
    replan(tasks, 0, 2, 10);
    expect(tasks.map((t) => t.slotAtMs)).toEqual([0, 0, 110]);
    expect(tasks.map(slotEndMs)).toEqual([110, 110, 220]);
  });

  it('moves waiting tasks up when a holder ends early, and leaves no limit unlimited', () => {
    const tasks = [task(0), task(0), task(0)];
    replan(tasks, 0, 1, 0);
    expect(tasks.map((t) => t.slotAtMs)).toEqual([0, 100, 200]);
    // The first is cancelled at 30: its run ends there.
    tasks[0]!.job.failure = { code: 'CANCELLED', message: 'Task cancelled', atFraction: 0.3 };
    tasks[0]!.cancelledAtMs = 30;
    replan(tasks, 30, 1, 0);
    expect(tasks.map((t) => t.slotAtMs)).toEqual([0, 30, 130]);
    const free = [task(5), task(5)];
    replan(free, 5, null, 10);
    expect(free.map((t) => [t.slotAtMs, t.job.queueMs])).toEqual([[5, 10], [5, 10]]);
  });
});
