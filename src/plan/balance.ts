// Will the Runway credit balance cover the plan? Runway takes credits when it accepts a task and refuses one it
// cannot pay for, so a plan that outruns the balance stops midway with shots unmade. Pure: amounts in, text out.
import { formatUsd, type MicroUsd } from '../common/money.js';

export interface BalanceShot {
  id: string;
  provider?: string | undefined;
  costMicroUsd: MicroUsd;
  /** Retries of a failed generation; each is paid again when failures are billed. */
  retries: number;
}

/**
 * The most the plan's Runway shots can take: what is left to pay for each (a cached shot costs nothing) times every
 * attempt it may make. `toPay` gives a shot's amount left to pay when the cache knows better than the price.
 */
export function runwayWorstCaseMicro(shots: readonly BalanceShot[], toPay: (shot: BalanceShot) => MicroUsd = (shot) => shot.costMicroUsd): MicroUsd {
  return shots.filter((shot) => shot.provider === 'runway').reduce((sum, shot) => sum + toPay(shot) * (1 + Math.max(0, shot.retries)), 0);
}

/** A warning when the worst case exceeds the balance (both micro-dollars), else undefined. */
export function balanceWarning(worstCaseMicroUsd: MicroUsd, balanceMicroUsd: MicroUsd): string | undefined {
  if (worstCaseMicroUsd <= balanceMicroUsd) return undefined;
  const short = formatUsd(worstCaseMicroUsd - balanceMicroUsd);
  return `the Runway credit balance (${formatUsd(balanceMicroUsd)}) is ${short} short of this plan's worst case for its Runway shots (${formatUsd(worstCaseMicroUsd)}, every retry paid); Runway refuses a task it cannot pay for, so the run may stop with shots unmade`;
}
