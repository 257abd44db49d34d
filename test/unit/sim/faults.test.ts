// Fault decisions: scripts in order and most specific first, sticky steps after them, seeded rates reproducible.
import { describe, expect, it } from 'vitest';
import { FaultController } from '../../../src/sim/faults/controller.js';
import { checkStep } from '../../../src/sim/faults/resolve-step.js';
import { seededRandom } from '../../../src/sim/prng.js';

const labels = (controller: FaultController, route: Parameters<FaultController['next']>[0], n: number) => Array.from({ length: n }, () => controller.next(route).label);

describe('FaultController', () => {
  it('consumes scripted steps in order; a route script wins over paid and any', () => {
    const faults = new FaultController(seededRandom(1));
    faults.script('any', ['http500']);
    faults.script('paid', ['reset']);
    faults.script('create', ['drop', { status: 429, retryAfterSeconds: 2 }]);
    expect(labels(faults, 'create', 5)).toEqual(['drop', 'http429', 'reset', 'http500', 'none']);
    expect(faults.pending('create')).toBe(0);
  });

  it('applies a sticky step when no script is left, until cleared; reads are not paid routes', () => {
    const faults = new FaultController(seededRandom(1));
    faults.always('paid', 'http503');
    faults.script('remix', ['pass']);
    expect(labels(faults, 'remix', 3)).toEqual(['none', 'http503', 'http503']);
    expect(labels(faults, 'retrieve', 1)).toEqual(['none']);
    faults.clear();
    expect(labels(faults, 'create', 1)).toEqual(['none']);
  });

  it('resolves an error after processing, download faults and slowness', () => {
    const faults = new FaultController(seededRandom(1));
    faults.script('content', [{ truncateAfterBytes: 10 }, 'json-as-mp4', { slowMs: 5 }]);
    faults.script('create', [{ status: 500, afterProcessing: true }]);
    expect(faults.next('content').content).toEqual({ kind: 'truncate', afterBytes: 10, framing: 'content-length' });
    expect(faults.next('content').content).toEqual({ kind: 'json-as-mp4' });
    expect(faults.next('content').slowMs).toBe(5);
    expect(faults.next('create')).toMatchObject({ label: 'http500-after', errorAfter: { status: 500 } });
  });

  it('resolves the hostile-body faults (endless, a huge Content-Length, a trickle) and accepts them from JSON', () => {
    const faults = new FaultController(seededRandom(1));
    faults.script('content', ['endless', { announceBytes: 999_999_999_999 }, { trickleMs: 10_000 }]);
    expect(faults.next('content').content).toEqual({ kind: 'endless' });
    expect(faults.next('content').content).toEqual({ kind: 'endless', announceBytes: 999_999_999_999 });
    expect(faults.next('content').content).toEqual({ kind: 'trickle', everyMs: 10_000 });
    expect(checkStep('endless')).toBe('endless');
    expect(checkStep({ announceBytes: 5 })).toEqual({ announceBytes: 5 });
    expect(checkStep({ trickleMs: 1 })).toEqual({ trickleMs: 1 });
  });

  it('draws random faults from the seed: same seed, same sequence; drops and late errors only on paid routes', () => {
    const sequence = (seed: number) => {
      const faults = new FaultController(seededRandom(seed), { errorRate: 0.2, dropRate: 0.2, lateErrorRate: 0.3, resetRate: 0.1, slowRate: 0.2, slowMs: 1 });
      return [...labels(faults, 'create', 30), ...labels(faults, 'retrieve', 30)];
    };
    expect(sequence(7)).toEqual(sequence(7));
    expect(sequence(7)).not.toEqual(sequence(8));
    const all = sequence(7);
    for (const paidOnly of ['drop', 'http500-after']) {
      expect(all.slice(0, 30).some((l) => l.endsWith(paidOnly))).toBe(true);
      expect(all.slice(30).some((l) => l.endsWith(paidOnly))).toBe(false);
    }
    expect(all.some((l) => l.endsWith('reset'))).toBe(true);
    expect(all.some((l) => l.startsWith('http50'))).toBe(true);
    expect(all.some((l) => l.startsWith('slow'))).toBe(true);
  });

  it('refuses unknown steps and out-of-range rates', () => {
    expect(() => checkStep('explode')).toThrow(/unknown fault step/);
    expect(() => checkStep({ status: -1 })).toThrow(RangeError);
    expect(() => new FaultController(seededRandom(1)).set({ dropRate: 2 })).toThrow(/dropRate/);
  });
});
