// GET /v1/organization (SDK src/resources/organization/organization.ts): the credit balance, the tier's limits per
// model (null = unlimited) and each model's generations in the past day, from the counters the face enforces.
import { runwayModels } from '../../../catalog/runway-catalog.js';
import type { Reply, RequestContext } from '../../context.js';
import { creditBalance, dailyGenerations } from './create.js';
import { limitsFor, tierRow } from './tiers.js';

export function handleOrganization(ctx: RequestContext): Reply {
  const { sim } = ctx;
  const now = sim.clock.now();
  const { options } = sim.runway;
  const names = runwayModels.map((model) => model.model);
  return {
    kind: 'json',
    body: {
      creditBalance: creditBalance(sim, now),
      tier: { maxMonthlyCreditSpend: tierRow(options.tier).maxMonthlyCreditSpend, models: Object.fromEntries(names.map((name) => [name, limitsFor(options, name)])) },
      usage: { models: Object.fromEntries(names.map((name) => [name, { dailyGenerations: dailyGenerations(sim, name, now) }])) },
    },
  };
}
