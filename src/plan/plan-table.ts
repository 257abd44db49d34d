// The plan as a terminal table and as one JSON document; pure, so the CLI only prints.
import { formatUsd, microToUsd, type MicroUsd } from '../common/money.js';
import { stripControl } from '../common/redact.js';
import type { Plan, PriceSource } from './plan.js';

/** The table needs the priced shots, not the cut. */
type PricedPlan = Omit<Plan, 'cut' | 'prices'> & Partial<Pick<Plan, 'prices'>>;

/** What the cache says of a shot, as `render plan` shows it (filled by the CLI from the cache stage). */
export interface ShotCacheState {
  status: 'hit' | 'miss';
  /** Why a miss is a miss (`new shot`, `prompt changed`, ...); empty for a hit. */
  why: string;
  /** What the shot costs now: 0 for a hit. */
  costMicroUsd: MicroUsd;
}

export type CacheStates = ReadonlyMap<string, ShotCacheState>;

/** Total to pay now: every shot, or only the misses when the cache was consulted. */
export function amountToPay(plan: PricedPlan, cache?: CacheStates): MicroUsd {
  if (!cache) return plan.totalMicroUsd;
  return plan.shots.reduce((sum, shot) => sum + (cache.get(shot.id)?.costMicroUsd ?? shot.costMicroUsd), 0);
}

export interface CapInfo {
  capMicroUsd: MicroUsd;
  /** Where the cap comes from, as a user would set it: `budget.max-usd` or `--max-usd`. */
  source: string;
}

/** A price list older than this many days (from its price date) is called out: prices move, catalogs do not. */
export const defaultMaxPriceAgeDays = 90;

export interface PriceAgeOptions {
  /** The run's clock: today. Without it no age is judged. */
  today?: Date;
  maxAgeDays?: number;
}

export interface StalePrice extends PriceSource {
  ageDays: number;
}

const dayMs = 86_400_000;

/** Whole days from a `YYYY-MM-DD` price date to `today` (UTC); undefined for a date that does not parse. */
export function priceAgeDays(date: string, today: Date): number | undefined {
  const read = Date.parse(`${date.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(read)) return undefined;
  const day = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  return Math.floor((day - read) / dayMs);
}

/** The price lists older than the limit, oldest first. Pure. */
export function stalePrices(prices: readonly PriceSource[], today: Date, maxAgeDays = defaultMaxPriceAgeDays): StalePrice[] {
  return prices
    .map((price) => ({ ...price, ageDays: priceAgeDays(price.date, today) }))
    .filter((price): price is StalePrice => price.ageDays !== undefined && price.ageDays > maxAgeDays)
    .sort((a, b) => b.ageDays - a.ageDays);
}

function pricesOf(plan: PricedPlan): PriceSource[] {
  return plan.prices ?? [{ provider: 'openai', date: plan.priceDate, source: plan.priceSource }];
}

/** One line per price list older than the limit; none without a clock. */
export function formatPriceAgeLines(plan: PricedPlan, options: PriceAgeOptions = {}): string[] {
  if (!options.today) return [];
  const limit = options.maxAgeDays ?? defaultMaxPriceAgeDays;
  return stalePrices(pricesOf(plan), options.today, limit).map(
    (price) => `Warning: the ${price.provider} prices are ${price.ageDays} days old (read ${price.date}, older than ${limit} days); check ${price.source} before a large run.`,
  );
}

const baseHeaders = ['SHOT', 'KIND', 'MODEL', 'SIZE', 'SECONDS', 'USD'];
const rightAligned = new Set([4, 5]);

function cacheCell(state: ShotCacheState | undefined): string {
  if (!state) return 'miss: new shot';
  return state.status === 'hit' ? 'hit' : `miss: ${state.why}`;
}

/** One row per shot, the total, and where the prices come from; with cache states, a CACHE column and misses priced. */
export function formatPlanTable(plan: PricedPlan, cache?: CacheStates, age: PriceAgeOptions = {}): string {
  const headers = cache ? [...baseHeaders, 'CACHE'] : baseHeaders;
  const rows = plan.shots.map((shot) => [
    shot.id,
    shot.kind === 'remix' ? `remix of ${shot.remixOf ?? ''}` : shot.kind === 'extend' ? `extend ${shot.extendOf ?? ''}` : 'create',
    (shot.provider ?? 'openai') === 'openai' ? stripControl(shot.model) : `${shot.provider}:${stripControl(shot.model)}`,
    shot.size,
    String(shot.seconds),
    formatUsd(cache?.get(shot.id)?.costMicroUsd ?? shot.costMicroUsd),
    ...(cache ? [cacheCell(cache.get(shot.id))] : []),
  ]);
  const toPay = amountToPay(plan, cache);
  const total = ['total', '', '', '', String(plan.shots.reduce((sum, s) => sum + s.seconds, 0)), formatUsd(toPay), ...(cache ? [''] : [])];
  const widths = headers.map((header, column) => Math.max(header.length, ...[...rows, total].map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) =>
    `  ${cells.map((cell, column) => (rightAligned.has(column) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0))).join('  ')}`.trimEnd();
  const rule = `  ${widths.map((w) => '-'.repeat(w)).join('  ')}`;
  const count = `${plan.shots.length} shot${plan.shots.length === 1 ? '' : 's'}`;
  const hits = cache ? plan.shots.filter((shot) => cache.get(shot.id)?.status === 'hit').length : 0;
  const cached = hits > 0 ? ` (${hits} cached, ${formatUsd(plan.totalMicroUsd - toPay)} saved)` : '';
  return [
    `Plan for ${plan.name}: ${count}, ${formatUsd(toPay)} to pay${cached}`,
    '',
    line(headers),
    ...rows.map(line),
    rule,
    line(total),
    '',
    ...priceLines(plan),
    ...formatPriceAgeLines(plan, age),
  ].join('\n');
}

/** One line per price list the shots were priced from (a mixed storyboard has several, each with its date). */
function priceLines(plan: PricedPlan): string[] {
  const prices = plan.prices ?? [];
  if (prices.length === 0) return [`Prices as of ${plan.priceDate}: ${plan.priceSource}`];
  return prices.map((price) => `Prices as of ${price.date}${prices.length > 1 ? ` (${price.provider})` : ''}: ${price.source}`);
}

/** One line about the cap: how much is left, or by how much the plan is over it. */
export function formatCapLine(plan: PricedPlan, cap: CapInfo, cache?: CacheStates): string {
  const toPay = amountToPay(plan, cache);
  const difference = cap.capMicroUsd - toPay;
  if (difference >= 0) return `Budget cap ${formatUsd(cap.capMicroUsd)} (${cap.source}): ${formatUsd(difference)} to spare.`;
  return `Over budget: this plan costs ${formatUsd(toPay)}, ${formatUsd(-difference)} more than the ${formatUsd(cap.capMicroUsd)} cap (${cap.source}).`;
}

/** The --json document: the plan plus USD amounts for people and the cap verdict. */
export function planToJson(plan: PricedPlan, file: string, cap: CapInfo | undefined, cache?: CacheStates, age: PriceAgeOptions = {}): Record<string, unknown> {
  const limit = age.maxAgeDays ?? defaultMaxPriceAgeDays;
  const toPay = amountToPay(plan, cache);
  const over = cap === undefined ? 0 : Math.max(0, toPay - cap.capMicroUsd);
  return {
    name: plan.name,
    file,
    shots: plan.shots.map((shot) => ({
      ...shot,
      costUsd: microToUsd(shot.costMicroUsd),
      ...(cache ? { cache: cache.get(shot.id) ?? null } : {}),
    })),
    totalMicroUsd: plan.totalMicroUsd,
    totalUsd: microToUsd(plan.totalMicroUsd),
    toPayMicroUsd: toPay,
    toPayUsd: microToUsd(toPay),
    priceDate: plan.priceDate,
    priceSource: plan.priceSource,
    prices: pricesOf(plan),
    // Price lists older than the limit, judged on the run's clock (absent without one).
    ...(age.today ? { priceAge: { today: age.today.toISOString().slice(0, 10), maxAgeDays: limit, stale: stalePrices(pricesOf(plan), age.today, limit) } } : {}),
    cap: cap === undefined ? null : { microUsd: cap.capMicroUsd, usd: microToUsd(cap.capMicroUsd), source: cap.source },
    overCapMicroUsd: over,
    withinCap: over === 0,
  };
}
