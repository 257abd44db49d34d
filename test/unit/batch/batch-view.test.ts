// `render batch` views, pure: a batch is done only when every cut is finished, shots are shown in storyboard order,
// errors read as one line, and caps parse as NAME=USD.
import { describe, expect, it } from 'vitest';
import { batchState, columns, errorText, formatList, statusJson, type BatchRow, type ShotRow } from '../../../src/batch/batch-view.js';
import { parseProviderCap } from '../../../src/batch/caps.js';

const batch: BatchRow = { id: 'b-1', created_at: new Date('2026-01-01T02:00:00Z'), created_by: 'ci@runner', state: 'open', cap_micro_usd: '5000000', spent_micro_usd: '1250000', held_micro_usd: 0 };
const shot = (id: string, position: number, extra: Partial<ShotRow> = {}): ShotRow => ({ storyboard: 's', shot_id: id, position, key: `${id}-key`, state: 'queued', cost_micro_usd: 0, holder: null, lease_until: null, job_id: null, error: null, ...extra });

describe('batch views', () => {
  it('done once every cut is done, failed or skipped; a cancelled batch stays cancelled', () => {
    expect(batchState('open', ['done', 'failed', 'skipped'])).toBe('done');
    expect(batchState('open', ['done', 'waiting'])).toBe('open');
    expect(batchState('open', ['done', 'stitching'])).toBe('open');
    expect(batchState('open', [])).toBe('open');
    expect(batchState('cancelled', ['done'])).toBe('cancelled');
  });

  it('status: money in dollars, shots by position, lease times as ISO, errors as text', () => {
    const status = statusJson(batch, [{ name: 's', source_path: 's.yaml', cut_state: 'done', cut_path: 'cuts/b-1/s/final.mp4', report_path: 'cuts/b-1/s/report.html', cut_error: null }], [
      shot('second', 1, { state: 'failed', error: { code: 'BUDGET_EXCEEDED', message: 'the day cap is reached' } }),
      shot('first', 0, { state: 'running', holder: 'h-1-ab12', lease_until: new Date('2026-01-01T02:00:30Z'), job_id: 'video_1', cost_micro_usd: '400000' }),
    ]);
    expect(status.batch).toEqual({ id: 'b-1', state: 'done', createdAt: '2026-01-01T02:00:00.000Z', createdBy: 'ci@runner', capUsd: 5, spentUsd: 1.25, heldUsd: 0 });
    expect(status.storyboards[0]!.shots.map((s) => s.id)).toEqual(['first', 'second']);
    expect(status.storyboards[0]!.shots[0]).toEqual({ id: 'first', key: 'first-key', state: 'running', costUsd: 0.4, holder: 'h-1-ab12', leaseUntil: '2026-01-01T02:00:30.000Z', jobId: 'video_1', error: null });
    expect(status.storyboards[0]!.shots[1]!.error).toBe('BUDGET_EXCEEDED: the day cap is reached');
  });

  it('errorText: a string, a message, or the JSON as a last resort', () => {
    expect(errorText(null)).toBeNull();
    expect(errorText('parent failed')).toBe('parent failed');
    expect(errorText({ message: 'boom' })).toBe('boom');
    expect(errorText({ reason: 7 })).toBe('{"reason":7}');
  });

  it('tables align their columns and say when there is nothing', () => {
    expect(columns([['A', 'BB', 'C'], ['long', 'x', 'y']])).toBe('A     BB  C\nlong  x   y');
    expect(formatList([])).toMatch(/^no batches yet/);
  });

  it('provider caps parse as NAME=USD', () => {
    expect(parseProviderCap('fal=50')).toEqual({ scope: 'provider:fal', capMicroUsd: 50_000_000 });
    expect(parseProviderCap('openrouter=0.5')).toEqual({ scope: 'provider:openrouter', capMicroUsd: 500_000 });
    for (const bad of ['fal', '=5', 'fal=-1', 'fal=five', 'Fal=5']) expect(() => parseProviderCap(bad), bad).toThrow(/NAME=USD/);
  });
});
