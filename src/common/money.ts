// Money is integer micro-dollars everywhere: no floating-point drift across a thousand shots.
export type MicroUsd = number;

export const MICRO = 1_000_000;

/** Convert a USD amount from configuration (e.g. 12.5) to micro-dollars, rounding to the nearest micro-dollar. */
export function usdToMicro(usd: number): MicroUsd {
  return Math.round(usd * MICRO);
}

export function microToUsd(micro: MicroUsd): number {
  return micro / MICRO;
}

/** `$12.50`, or more decimals when needed to be exact up to the cent fraction that matters. */
export function formatUsd(micro: MicroUsd): string {
  const sign = micro < 0 ? '-' : '';
  const abs = Math.abs(micro);
  const cents = abs % 10_000 === 0;
  const value = abs / MICRO;
  return `${sign}$${cents ? value.toFixed(2) : value.toFixed(4)}`;
}
