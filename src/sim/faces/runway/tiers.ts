// The limits one model has on this simulated organization: its tier's, unless the options override them.
import { runwayTier, type RunwayTier } from '../../../catalog/runway-tiers.js';
import type { ResolvedRunwayOptions, RunwayModelLimits } from './options.js';

export function tierRow(tier: number): RunwayTier {
  const row = runwayTier(tier);
  if (!row) throw new RangeError(`no Runway tier ${tier}`);
  return row;
}

export function limitsFor(options: ResolvedRunwayOptions, model: string): RunwayModelLimits {
  const row = tierRow(options.tier);
  const own = options.limits[model] ?? {};
  return {
    maxConcurrentGenerations: own.maxConcurrentGenerations === undefined ? row.maxConcurrentGenerations : own.maxConcurrentGenerations,
    maxDailyGenerations: own.maxDailyGenerations === undefined ? row.maxDailyGenerations : own.maxDailyGenerations,
  };
}
