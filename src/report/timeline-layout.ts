// Pure: the run's timeline as geometry (SVG user units): one row per shot and one for the stitch on a shared time
// axis. Times in, x and width out; html-timeline.ts only writes the elements.
import type { ReportSpan } from './types.js';

export interface TimelineGeometry {
  /** The viewBox width; the page scales it to the panel. */
  width: number;
  /** Left column for the row labels. */
  labelWidth: number;
  /** Right margin: room for the last tick's label and an end note ("failed"). */
  rightMargin: number;
  axisHeight: number;
  rowHeight: number;
  barHeight: number;
  /** Narrowest bar drawn, so an instant (a cache hit, a reused cut) stays visible. */
  minBarWidth: number;
  /** Most tick labels on the axis. */
  maxTicks: number;
}

export const defaultGeometry: TimelineGeometry = {
  width: 1000,
  labelWidth: 150,
  rightMargin: 70,
  axisHeight: 26,
  rowHeight: 24,
  barHeight: 14,
  minBarWidth: 3,
  maxTicks: 8,
};

export interface TimelineRowInput {
  label: string;
  spans: ReadonlyArray<ReportSpan<string>>;
}

export interface LaidBar {
  phase: string;
  x: number;
  width: number;
  startSeconds: number;
  endSeconds: number;
}

export interface LaidRow {
  label: string;
  /** Top of the row's lane. */
  y: number;
  /** Top of its bars (centred in the lane). */
  barY: number;
  bars: LaidBar[];
  /** Where the row's last bar ends: an end note starts here. */
  endX: number;
}

export interface TimelineLayout {
  width: number;
  height: number;
  plotX: number;
  plotWidth: number;
  /** Seconds the plot's full width stands for. */
  totalSeconds: number;
  ticks: Array<{ x: number; seconds: number; label: string }>;
  rows: LaidRow[];
}

/** Tick steps a person reads without arithmetic: 1-2-5 below a second, then seconds and minutes people count in. */
const steps = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600, 900, 1200, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

/** The smallest readable step that keeps the ticks over `totalSeconds` at most `maxTicks` (0 included). */
export function tickStep(totalSeconds: number, maxTicks: number): number {
  const intervals = Math.max(1, maxTicks - 1);
  return steps.find((step) => totalSeconds / step <= intervals) ?? Math.ceil(totalSeconds / intervals / 86400) * 86400;
}

/** `0 s`, `0.5 s`, `45 s`, `2 min`, `1 min 30 s`, `1 h 05 min`: a tick's time since the run started. */
export function tickLabel(seconds: number): string {
  if (seconds < 60) return `${Number(seconds.toFixed(3))} s`;
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor(total / 60) % 60;
  const s = total % 60;
  if (h > 0) return m === 0 ? `${h} h` : `${h} h ${String(m).padStart(2, '0')} min`;
  return s === 0 ? `${m} min` : `${m} min ${s} s`;
}

/** x of a time on the axis. */
export function xOf(seconds: number, layout: Pick<TimelineLayout, 'plotX' | 'plotWidth' | 'totalSeconds'>): number {
  const clamped = Math.min(Math.max(seconds, 0), layout.totalSeconds);
  return layout.plotX + (layout.totalSeconds > 0 ? (clamped / layout.totalSeconds) * layout.plotWidth : 0);
}

/** A label cut to what fits its column (about 0.6 em per character), with an ellipsis when cut. */
export function fitLabel(label: string, columnWidth: number, fontSize = 12): string {
  const room = Math.max(1, Math.floor(columnWidth / (fontSize * 0.6)));
  return label.length <= room ? label : `${label.slice(0, Math.max(1, room - 1))}…`;
}

const round = (n: number): number => Math.round(n * 100) / 100;

export function layoutTimeline(rows: readonly TimelineRowInput[], runSeconds: number, geometry: TimelineGeometry = defaultGeometry): TimelineLayout {
  const lastEnd = Math.max(0, ...rows.flatMap((row) => row.spans.map((s) => s.endSeconds)));
  const totalSeconds = Math.max(runSeconds, lastEnd);
  const plotX = geometry.labelWidth;
  const plotWidth = geometry.width - geometry.labelWidth - geometry.rightMargin;
  const frame = { plotX, plotWidth, totalSeconds };
  const step = totalSeconds > 0 ? tickStep(totalSeconds, geometry.maxTicks) : 1;
  const ticks: TimelineLayout['ticks'] = [];
  for (let i = 0; i * step <= totalSeconds + 1e-9; i += 1) {
    const seconds = Number((i * step).toFixed(6));
    ticks.push({ x: round(xOf(seconds, frame)), seconds, label: tickLabel(seconds) });
  }
  const laid = rows.map((row, i): LaidRow => {
    const y = geometry.axisHeight + i * geometry.rowHeight;
    const bars = row.spans.map((span): LaidBar => {
      const x = xOf(span.startSeconds, frame);
      const width = Math.max(geometry.minBarWidth, xOf(span.endSeconds, frame) - x);
      return { phase: span.phase, x: round(x), width: round(width), startSeconds: span.startSeconds, endSeconds: span.endSeconds };
    });
    const endX = bars.length === 0 ? plotX : Math.max(...bars.map((b) => b.x + b.width));
    return { label: row.label, y, barY: y + (geometry.rowHeight - geometry.barHeight) / 2, bars, endX: round(endX) };
  });
  return { width: geometry.width, height: geometry.axisHeight + rows.length * geometry.rowHeight + 6, plotX, plotWidth, totalSeconds, ticks, rows: laid };
}
