// The DAG scheduler: remixes after their parent, at most `concurrency` paid tasks at once, free tasks never
// waiting, and the longest remaining chain first.
import { describe, expect, it } from 'vitest';
import { chainWeights, runDag, type DagTask } from '../../../src/execute/scheduler.js';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('chainWeights', () => {
  it('adds the heaviest chain of descendants and refuses a cycle', () => {
    const w = chainWeights([
      { id: 'a', weight: 4 },
      { id: 'b', after: 'a', weight: 8 },
      { id: 'c', after: 'b', weight: 4 },
      { id: 'd', after: 'a', weight: 12 },
      { id: 'e', weight: 20 },
    ]);
    expect(Object.fromEntries(w)).toEqual({ a: 16, b: 12, c: 4, d: 12, e: 20 });
    expect(() => chainWeights([{ id: 'x', after: 'y', weight: 1 }, { id: 'y', after: 'x', weight: 1 }])).toThrow(/cycle/);
  });
});

describe('runDag', () => {
  it('runs parents first, caps paid concurrency, starts free tasks at once and long chains first', async () => {
    const log: string[] = [];
    let running = 0;
    let peak = 0;
    const task = (id: string, opts: Partial<DagTask<string>> = {}): DagTask<string> => ({
      id, weight: 4, free: false, ...opts,
      run: async (parent) => {
        running += opts.free ? 0 : 1;
        peak = Math.max(peak, running);
        log.push(`start ${id}${parent ? ` after ${parent}` : ''}`);
        await tick();
        running -= opts.free ? 0 : 1;
        return id;
      },
    });
    const results = await runDag([task('solo1'), task('solo2'), task('root', { weight: 4 }), task('child', { after: 'root', weight: 12 }), task('hit', { free: true })], 2);
    expect([...results.keys()].sort()).toEqual(['child', 'hit', 'root', 'solo1', 'solo2']);
    expect(peak).toBe(2);
    expect(log.slice(0, 3)).toEqual(['start hit', 'start root', 'start solo1']);
    expect(log).toContain('start child after root');
    expect(log.indexOf('start child after root')).toBeLessThan(log.indexOf('start solo2'));
  });

  it('starts the next task as soon as one gives its slot back (a finished job downloading is not in flight)', async () => {
    const log: string[] = [];
    const tasks: DagTask<string>[] = ['a', 'b'].map((id) => ({
      id, weight: 1, free: false,
      run: async (_parent, releaseSlot) => {
        log.push(`start ${id}`);
        releaseSlot();
        releaseSlot();
        await tick();
        log.push(`end ${id}`);
        return id;
      },
    }));
    await runDag(tasks, 1);
    expect(log.slice(0, 2)).toEqual(['start a', 'start b']);
  });

  it('resolves an empty list and rejects when a task throws (a bug, not a shot failure)', async () => {
    expect((await runDag([], 3)).size).toBe(0);
    await expect(runDag([{ id: 'x', weight: 1, free: false, run: async () => Promise.reject(new Error('bug')) }], 1)).rejects.toThrow('bug');
  });
});

describe('runDag with per-provider limits', () => {
  it("holds a provider to its own limit without holding up another provider's tasks", async () => {
    const running: Record<string, number> = { fal: 0, openai: 0 };
    const peak: Record<string, number> = { fal: 0, openai: 0 };
    const order: string[] = [];
    const task = (id: string, group: 'fal' | 'openai'): DagTask<string> => ({
      id, weight: 4, free: false, groups: [group],
      run: async () => {
        running[group]! += 1;
        peak[group] = Math.max(peak[group]!, running[group]!);
        order.push(id);
        await tick();
        running[group]! -= 1;
        return id;
      },
    });
    // fal tasks come first in the list, but only one may run: the openai ones start beside it at once.
    const tasks = [task('f1', 'fal'), task('f2', 'fal'), task('f3', 'fal'), task('o1', 'openai'), task('o2', 'openai')];
    const results = await runDag(tasks, 3, { fal: 1 });
    expect(results.size).toBe(5);
    expect(peak).toEqual({ fal: 1, openai: 2 });
    expect(order.slice(0, 3).sort()).toEqual(['f1', 'o1', 'o2']);
  });
});

describe('runDag with per-model limits inside a provider', () => {
  it('holds one model to its own limit while another model of the same provider runs beside it', async () => {
    const running = new Map<string, number>();
    const peak = new Map<string, number>();
    const task = (id: string, model: string): DagTask<string> => ({
      id, weight: 4, free: false, groups: ['runway', `runway:${model}`],
      run: async () => {
        running.set(model, (running.get(model) ?? 0) + 1);
        peak.set(model, Math.max(peak.get(model) ?? 0, running.get(model)!));
        await tick();
        running.set(model, running.get(model)! - 1);
        return id;
      },
    });
    const tasks = [task('g1', 'gen4.5'), task('g2', 'gen4.5'), task('g3', 'gen4.5'), task('v1', 'veo3.1_fast'), task('v2', 'veo3.1_fast')];
    await runDag(tasks, 8, { runway: 3, 'runway:gen4.5': 1 });
    expect(Object.fromEntries(peak)).toEqual({ 'gen4.5': 1, 'veo3.1_fast': 2 });
  });
});


describe('runDag with dependents released early', () => {
  it('starts an early dependent when its parent releases it, while a plain one waits for the finish', async () => {
    const log: string[] = [];
    let finishParent!: () => void;
    const parentDone = new Promise<void>((r) => (finishParent = r));
    const tasks: DagTask<string, string>[] = [
      {
        id: 'parent', weight: 4, free: false,
        run: async (_p, releaseSlot, releaseDependents) => {
          releaseDependents('job-1'); // the job is done; its clip still downloads
          releaseDependents('job-2'); // idempotent: the first value counts
          releaseSlot();
          await parentDone;
          log.push('parent finished');
          return 'clip';
        },
      },
      { id: 'remix', after: 'parent', early: true, weight: 4, free: false, run: async (p) => { log.push(`remix from ${p}`); finishParent(); return 'r'; } },
      { id: 'twin', after: 'parent', weight: 0, free: true, run: async (p) => { log.push(`twin from ${p}`); return 't'; } },
    ];
    await runDag(tasks, 1);
    expect(log).toEqual(['remix from job-1', 'parent finished', 'twin from clip']);
  });

  it('hands the final result to an early dependent still waiting for a slot when its parent finishes', async () => {
    const seen: string[] = [];
    const tasks: DagTask<string, string>[] = [
      // Keeps its slot: the released child cannot start before the parent ends.
      { id: 'parent', weight: 8, free: false, run: async (_p, _release, releaseDependents) => { releaseDependents('job-1'); await tick(); return 'failed'; } },
      { id: 'child', after: 'parent', early: true, weight: 4, free: false, run: async (p) => { seen.push(String(p)); return 'c'; } },
    ];
    await runDag(tasks, 1);
    expect(seen).toEqual(['failed']);
  });

  it('gives a freed slot to a released derived task before an independent one of the same weight', async () => {
    const order: string[] = [];
    const plain = (id: string): DagTask<string, string> => ({ id, weight: 4, free: false, run: async () => { order.push(id); await tick(); return id; } });
    const tasks: DagTask<string, string>[] = [
      { id: 'parent', weight: 4, free: false, run: async (_p, releaseSlot, releaseDependents) => { order.push('parent'); await tick(); releaseDependents('job'); releaseSlot(); await tick(); return 'clip'; } },
      plain('a'),
      { id: 'child', after: 'parent', early: true, weight: 4, free: false, run: async () => { order.push('child'); return 'c'; } },
    ];
    await runDag(tasks, 1);
    expect(order).toEqual(['parent', 'child', 'a']);
  });
});
