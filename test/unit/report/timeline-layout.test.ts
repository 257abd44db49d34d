// The timeline's geometry: times since the run started become x and width on one shared axis, with ticks a person
// can read, so every row's bars line up with the labels above them.
import { describe, expect, it } from 'vitest';
import { defaultGeometry, fitLabel, layoutTimeline, tickLabel, tickStep, xOf } from '../../../src/report/timeline-layout.js';

const g = { ...defaultGeometry, width: 1000, labelWidth: 150, rightMargin: 50, minBarWidth: 3 };
const plotWidth = 800;

describe('layoutTimeline', () => {
  it('puts each phase at its start and makes it as wide as it lasted, on the same axis for every row', () => {
    const layout = layoutTimeline(
      [
        { label: 'a', spans: [{ phase: 'queued', startSeconds: 0, endSeconds: 10 }, { phase: 'generating', startSeconds: 10, endSeconds: 60 }] },
        { label: 'b', spans: [{ phase: 'generating', startSeconds: 20, endSeconds: 100 }] },
      ],
      100,
      g,
    );
    expect(layout.plotX).toBe(150);
    expect(layout.plotWidth).toBe(plotWidth);
    expect(layout.rows[0]!.bars.map((b) => [b.phase, b.x, b.width])).toEqual([['queued', 150, 80], ['generating', 230, 400]]);
    expect(layout.rows[1]!.bars.map((b) => [b.x, b.width])).toEqual([[310, 640]]);
    expect(layout.rows[1]!.y).toBe(layout.rows[0]!.y + g.rowHeight);
    expect(layout.rows[0]!.endX).toBe(630);
  });

  it('stretches the axis to the last bar when a phase ends after the recorded run end, and keeps an instant visible', () => {
    const layout = layoutTimeline([{ label: 'hit', spans: [{ phase: 'cached', startSeconds: 5, endSeconds: 5 }, { phase: 'x', startSeconds: 5, endSeconds: 50 }] }], 40, g);
    expect(layout.totalSeconds).toBe(50);
    expect(layout.rows[0]!.bars[0]).toMatchObject({ x: 230, width: 3 });
    expect(layout.rows[0]!.bars[1]).toMatchObject({ x: 230, width: 720 });
  });

  it('labels the axis in readable steps from 0 up to the end, ticks on the same scale as the bars', () => {
    const layout = layoutTimeline([], 192.5, { ...g, maxTicks: 8 });
    expect(layout.ticks.map((t) => t.label)).toEqual(['0 s', '30 s', '1 min', '1 min 30 s', '2 min', '2 min 30 s', '3 min']);
    expect(layout.ticks[2]!.x).toBeCloseTo(xOf(60, layout), 2);
    expect(layout.ticks[0]!.x).toBe(150);
  });

  it('draws an empty run (no times at all) without dividing by zero', () => {
    const layout = layoutTimeline([{ label: 'a', spans: [] }], 0, g);
    expect(layout.ticks).toEqual([{ x: 150, seconds: 0, label: '0 s' }]);
    expect(layout.rows[0]!.endX).toBe(150);
  });
});

describe('ticks and labels', () => {
  it('picks the smallest readable step that keeps the ticks within the limit', () => {
    expect([0.8, 7, 45, 192.5, 1500, 7200].map((t) => tickStep(t, 8))).toEqual([0.2, 1, 10, 30, 300, 1200]);
  });

  it('writes tick times as seconds, then minutes, then hours', () => {
    expect([0, 0.2, 45, 60, 90, 3600, 3900].map(tickLabel)).toEqual(['0 s', '0.2 s', '45 s', '1 min', '1 min 30 s', '1 h', '1 h 05 min']);
  });

  it('cuts a long row label to its column with an ellipsis', () => {
    expect(fitLabel('opening', 134)).toBe('opening');
    expect(fitLabel('a-very-long-shot-identifier-indeed', 134)).toBe('a-very-long-shot-…');
  });
});
