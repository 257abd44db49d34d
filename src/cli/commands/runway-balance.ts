// `render plan`'s one Runway line: the plan's worst case for its Runway shots against the account's credit balance.
// Only when RUNWAYML_API_SECRET is set and the plan has Runway shots; otherwise plan stays offline. Never fails the plan.
import { balanceWarning, runwayWorstCaseMicro, type BalanceShot } from '../../plan/balance.js';
import type { CacheStates } from '../../plan/plan-table.js';
import { checkRunwayAccount, runwayKeyVariable } from '../../run/runway-account.js';
import type { CliIo } from '../io.js';

/** The line to print on stderr (a warning, or why the balance could not be read), or undefined. */
export async function runwayBalanceLine(shots: readonly BalanceShot[], cache: CacheStates | undefined, io: Pick<CliIo, 'env' | 'signal'>): Promise<string | undefined> {
  if (!io.env[runwayKeyVariable] || !shots.some((shot) => shot.provider === 'runway')) return undefined;
  const account = await checkRunwayAccount({ env: io.env, signal: io.signal });
  if (account.state === 'off') return undefined;
  if (account.state === 'failed') return `render: note: the Runway credit balance could not be read (${account.message}), so it was not compared with this plan`;
  const worst = runwayWorstCaseMicro(shots, (shot) => cache?.get(shot.id)?.costMicroUsd ?? shot.costMicroUsd);
  const warning = balanceWarning(worst, account.organization.creditBalanceMicroUsd);
  return warning === undefined ? undefined : `render: warning: ${warning}\n  hint: buy credits in the Runway developer portal, or plan fewer Runway shots or retries.`;
}
