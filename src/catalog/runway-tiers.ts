// Runway's usage tiers (https://docs.dev.runwayml.com/usage/tiers), as data: per model and project, a concurrency
// limit (tasks over it wait THROTTLED) and a daily generation cap (over it, create answers 429), plus a monthly
// credit-purchase cap. The page has one column per model family; the first (video generation) is the one kept here.

export interface RunwayTier {
  tier: number;
  maxConcurrentGenerations: number;
  maxDailyGenerations: number;
  /** The most credits that can be bought in 30 days (1 credit = $0.01). */
  maxMonthlyCreditSpend: number;
}

export const runwayTiers: readonly RunwayTier[] = [
  { tier: 1, maxConcurrentGenerations: 1, maxDailyGenerations: 50, maxMonthlyCreditSpend: 10_000 },
  { tier: 2, maxConcurrentGenerations: 3, maxDailyGenerations: 500, maxMonthlyCreditSpend: 50_000 },
  { tier: 3, maxConcurrentGenerations: 5, maxDailyGenerations: 1_000, maxMonthlyCreditSpend: 200_000 },
  { tier: 4, maxConcurrentGenerations: 10, maxDailyGenerations: 5_000, maxMonthlyCreditSpend: 2_000_000 },
  { tier: 5, maxConcurrentGenerations: 20, maxDailyGenerations: 25_000, maxMonthlyCreditSpend: 10_000_000 },
];

export function runwayTier(tier: number): RunwayTier | undefined {
  return runwayTiers.find((row) => row.tier === tier);
}

/** The tier an organization is on, told by its monthly cap (the API reports the cap, not the tier number). */
export function tierOfMonthlyCap(maxMonthlyCreditSpend: number): number | undefined {
  return runwayTiers.find((row) => row.maxMonthlyCreditSpend === maxMonthlyCreditSpend)?.tier;
}
