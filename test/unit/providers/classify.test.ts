// The classification table of docs/design/money-safety.md#classifying-a-failed-call: which failures prove nothing was
// created, and Retry-After parsing.
import { describe, expect, it } from 'vitest';
import { causeCodes, classifyFailure, parseRetryAfterMs } from '../../../src/providers/classify.js';
import { createOutcome } from '../../../src/providers/provider.js';

const headers = (values: Record<string, string>) => ({ get: (name: string) => values[name] ?? null });
const now = Date.parse('2026-11-24T12:00:00Z');

describe('classifyFailure', () => {
  it.each([
    [{ status: 400 }, 'invalid', 'not-created'],
    [{ status: 422 }, 'invalid', 'not-created'],
    [{ status: 401 }, 'auth', 'not-created'],
    [{ status: 403 }, 'auth', 'not-created'],
    [{ status: 404 }, 'not-found', 'not-created'],
    [{ status: 429, code: 'rate_limit_exceeded' }, 'rate-limited', 'not-created'],
    [{ status: 429, code: 'insufficient_quota' }, 'quota-exhausted', 'not-created'],
    [{ status: 400, type: 'budget_exceeded' }, 'quota-exhausted', 'not-created'],
    [{ status: 408 }, 'server', 'ambiguous'],
    [{ status: 409 }, 'server', 'ambiguous'],
    [{ status: 500 }, 'server', 'ambiguous'],
    [{ status: 503 }, 'server', 'ambiguous'],
    [{ causeCodes: ['ECONNREFUSED'] }, 'unreachable', 'not-created'],
    [{ causeCodes: ['ENOTFOUND'] }, 'unreachable', 'not-created'],
    [{ causeCodes: ['UND_ERR_SOCKET'] }, 'transport', 'ambiguous'],
    [{ causeCodes: ['ECONNRESET'] }, 'transport', 'ambiguous'],
    [{ timedOut: true, causeCodes: ['UND_ERR_CONNECT_TIMEOUT'] }, 'transport', 'ambiguous'],
    [{}, 'transport', 'ambiguous'],
    [{ aborted: true, causeCodes: ['ECONNREFUSED'] }, 'aborted', 'ambiguous'],
  ] as const)('%j → %s (%s)', (facts, kind, outcome) => {
    const error = classifyFailure({ message: 'm', ...facts }, now);
    expect(error.kind).toBe(kind);
    expect(createOutcome(error)).toBe(outcome);
  });

  it('carries the provider code and the Retry-After of a rate limit', () => {
    const error = classifyFailure({ status: 429, code: 'rate_limit_exceeded', message: 'slow down', headers: headers({ 'retry-after': '90' }) }, now);
    expect(error).toMatchObject({ kind: 'rate-limited', code: 'rate_limit_exceeded', status: 429, retryAfterMs: 90_000, message: 'slow down' });
  });
});

describe('parseRetryAfterMs', () => {
  it('prefers retry-after-ms, reads seconds and HTTP dates, and honours values over 60 s', () => {
    expect(parseRetryAfterMs(headers({ 'retry-after-ms': '1500.2', 'retry-after': '9' }), now)).toBe(1501);
    expect(parseRetryAfterMs(headers({ 'retry-after': '120' }), now)).toBe(120_000);
    expect(parseRetryAfterMs(headers({ 'retry-after': '0.5' }), now)).toBe(500);
    expect(parseRetryAfterMs(headers({ 'retry-after': 'Tue, 24 Nov 2026 12:02:00 GMT' }), now)).toBe(120_000);
    expect(parseRetryAfterMs(headers({ 'retry-after': 'Tue, 24 Nov 2026 11:00:00 GMT' }), now)).toBe(0);
  });

  it('ignores absent, negative and unreadable values', () => {
    expect(parseRetryAfterMs(undefined, now)).toBeUndefined();
    expect(parseRetryAfterMs(headers({}), now)).toBeUndefined();
    expect(parseRetryAfterMs(headers({ 'retry-after': '-3' }), now)).toBeUndefined();
    expect(parseRetryAfterMs(headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(parseRetryAfterMs(headers({ 'retry-after-ms': 'x', 'retry-after': '2' }), now)).toBe(2000);
  });
});

describe('causeCodes', () => {
  it('walks the cause chain, bounded', () => {
    const inner = Object.assign(new Error('refused'), { code: 'ECONNREFUSED' });
    const outer = Object.assign(new TypeError('fetch failed'), { cause: inner });
    expect(causeCodes({ cause: outer })).toEqual(['ECONNREFUSED']);
    const loop: { code: string; cause?: unknown } = { code: 'A' };
    loop.cause = loop;
    expect(causeCodes(loop)).toHaveLength(8);
  });
});
