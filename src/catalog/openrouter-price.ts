// An OpenRouter SKU price (a decimal string, in USD or cents) as exact integer micro-dollars: no floating point, and
// a fraction of a micro-dollar rounds up, so an estimate is never below what the SKU says.
import type { MicroUsd } from '../common/money.js';

const decimal = /^\s*(\d+)(?:\.(\d+))?\s*$/;

/** `amount` × `microPerUnit`, rounded up; undefined for anything that is not a plain non-negative decimal. */
export function skuMicro(amount: string, microPerUnit: number, quantity = 1): MicroUsd | undefined {
  const match = decimal.exec(amount);
  if (!match || !Number.isSafeInteger(quantity) || quantity < 0) return undefined;
  const fraction = match[2] ?? '';
  const scaled = BigInt(`${match[1]}${fraction}`) * BigInt(microPerUnit) * BigInt(quantity);
  const divisor = 10n ** BigInt(fraction.length);
  const micro = (scaled + divisor - 1n) / divisor;
  return micro <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(micro) : undefined;
}

export const microPerUsd = 1_000_000;
export const microPerCent = 10_000;
