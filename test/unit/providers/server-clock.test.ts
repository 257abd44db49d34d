// The server's clock offset from its Date headers: whole seconds, so the estimate sits mid-second.
import { describe, expect, it } from 'vitest';
import { parseHttpDate, ServerClock } from '../../../src/providers/server-clock.js';

describe('ServerClock', () => {
  it('is unknown until an answer carries a valid Date header', () => {
    const clock = new ServerClock();
    clock.observe(null, 0);
    clock.observe('not a date', 0);
    expect(clock.offsetMs()).toBeUndefined();
    expect(parseHttpDate('Tue, 01 Dec 2026 20:00:00 GMT')).toBe(Date.UTC(2026, 11, 1, 20));
  });

  it('measures a server 300 s behind within a second, and follows the latest answer', () => {
    const clock = new ServerClock();
    const ours = Date.UTC(2026, 11, 1, 20, 5, 0, 250);
    clock.observe(new Date(ours - 300_000).toUTCString(), ours);
    expect(Math.abs(clock.offsetMs()! + 300_000)).toBeLessThan(1_000);
    clock.observe(new Date(ours).toUTCString(), ours);
    expect(Math.abs(clock.offsetMs()!)).toBeLessThan(1_000);
  });
});
