// One reader for every numeric flag: `render` and `render sim` differ only in their ranges and their wording.
import type { RenderError } from '../common/errors.js';

export interface NumberRange {
  min: number;
  max?: number;
  integer?: boolean;
}

/** The flag's number, undefined when it was not given, or the error `refuse` makes of what was given. */
export function numberFlag(value: unknown, range: NumberRange, refuse: (given: string) => RenderError): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const number = typeof value === 'number' ? value : Number(String(value).trim() || Number.NaN);
  const inRange = Number.isFinite(number) && number >= range.min && (range.max === undefined || number <= range.max) && (!range.integer || Number.isInteger(number));
  if (!inRange) throw refuse(String(value));
  return number;
}
