// The Runway part of `render doctor`, as plain lines: balance, tier, each model's limits, or why it could not be read.
import { formatUsd } from '../../common/money.js';
import type { RunwayAccountCheck } from '../../run/runway-account.js';
import { runwayBaseUrlVariable, runwayKeyVariable } from '../../run/runway-account.js';

const limit = (value: number | null): string => (value === null ? 'unlimited' : String(value));

export function runwayAccountLines(check: RunwayAccountCheck): string[] {
  if (check.state === 'off') return [`Runway   not checked: set ${runwayKeyVariable} to see the credit balance, usage tier and per-model limits.`];
  const where = check.baseUrl === undefined ? '' : ` at ${check.baseUrl}`;
  if (check.state === 'failed') {
    const also = check.baseUrl === undefined ? '' : ` and ${runwayBaseUrlVariable}`;
    return [`Runway   account could not be read${where}: ${check.message}`, `  hint: check ${runwayKeyVariable}${also}; stitching does not depend on it.`];
  }
  const org = check.organization;
  const tier = org.tier === undefined ? `unknown tier (monthly cap ${org.maxMonthlyCreditSpend} credits)` : `tier ${org.tier} (monthly cap ${org.maxMonthlyCreditSpend} credits)`;
  const lines = [`Runway   ${org.creditBalance} credits (${formatUsd(org.creditBalanceMicroUsd)}), ${tier}${where}`];
  const names = Object.keys(org.models).sort();
  if (names.length === 0) return lines;
  const width = Math.max(5, ...names.map((n) => n.length));
  lines.push(`  ${'model'.padEnd(width)}  ${'concurrent'.padEnd(10)}  ${'daily'.padEnd(9)}  used today`);
  for (const name of names) {
    const m = org.models[name]!;
    lines.push(`  ${name.padEnd(width)}  ${limit(m.maxConcurrentGenerations).padEnd(10)}  ${limit(m.maxDailyGenerations).padEnd(9)}  ${m.dailyGenerations}`);
  }
  return lines;
}

