// Exact, locale-free renderings of money and time shared by report.json and report.html.
import { MICRO, type MicroUsd } from '../common/money.js';
import type { Money } from './types.js';

/** Exact decimal USD: whole dollars, then the micro-dollar fraction with trailing zeros dropped down to cents. */
export function usdString(micro: MicroUsd): string {
  const sign = micro < 0 ? '-' : '';
  const abs = Math.abs(Math.round(micro));
  const fraction = String(abs % MICRO).padStart(6, '0').replace(/0{1,4}$/, '');
  return `${sign}${Math.floor(abs / MICRO)}.${fraction}`;
}

export function money(micro: MicroUsd): Money {
  return { microUsd: Math.round(micro), usd: usdString(micro) };
}

/** `HH:MM:SS.mmm`, the form video editors and players show; rounded to the millisecond. */
export function timecode(seconds: number): string {
  const ms = Math.max(0, Math.round(seconds * 1000));
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor(ms / 60_000) % 60;
  const s = Math.floor(ms / 1000) % 60;
  return `${pad(h)}:${pad(m)}:${pad(s)}.${pad(ms % 1000, 3)}`;
}

/** `1 min 05 s`, `12.5 s`: how long something took, for people. */
export function humanDuration(seconds: number): string {
  if (seconds < 60) return `${Number(seconds.toFixed(1))} s`;
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor(total / 60) % 60;
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h} h ${String(m).padStart(2, '0')} min` : `${m} min ${s} s`;
}
