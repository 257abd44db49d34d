// `render plan FILE`: resolve defaults, price every shot, say per shot whether the cache already holds it and why
// not, compare the storyboard with its lockfile (or the one at `--base REF`: what the change re-bills), and compare
// what is left to pay with the cap (exit 3 when over it). No paid call; no network, except one read
// of the Runway balance when RUNWAYML_API_SECRET is set and the plan has Runway shots (./runway-balance.ts).
import path from 'node:path';
import { ExitCode } from '../../common/exit-codes.js';
import { formatUsd, usdToMicro } from '../../common/money.js';
import { createRedactor } from '../../common/redact.js';
import { effectiveCapMicro } from '../../plan/plan.js';
import { amountToPay, formatCapLine, formatPlanTable, planToJson, type CacheStates, type CapInfo } from '../../plan/plan-table.js';
import type { Budget } from '../../storyboard/model.js';
import type { CommandContext } from '../io.js';
import type { PlanFlags } from './options.js';
import { runwayBalanceLine } from './runway-balance.js';
import { cacheDirFor } from '../../run/folders.js';
import { prepareRun, type PreparedRun } from '../../run/prepare.js';
import { providerIdentitiesFor, providerUse } from '../../run/provider.js';
import { ffmpegTools, folderFlag, keysInEnv, numberOption, providerSettings, storyboardArg } from '../settings.js';
import { textFlag } from './options.js';
import { compareWithLockfile } from '../../run/lock-compare.js';
import { formatLockDiff, lockDiffToJson } from '../../plan/lock-diff.js';
import type { ProviderIdentityOf } from '../../cache/key.js';

export async function run({ args, options, io }: CommandContext<PlanFlags>): Promise<number> {
  const file = storyboardArg(args, io.cwd);
  const cliMaxUsd = numberOption(options.maxUsd, '--max-usd');
  const prepared = await prepareRun(file.abs, { tools: ffmpegTools(io), signal: io.signal, displayPath: file.shown });
  const { storyboard, plan } = prepared;
  const identity = await providerIdentitiesFor(providerSettings(io, options), providerUse(storyboard));
  const cache = await cacheStates(prepared, { cacheDir: cacheDirFor(storyboard, folderFlag(io, options.cacheDir)), identity });
  const locked = await lockSection(prepared, identity, file.shown, textFlag(options.base), io);
  const cap = capInfo(storyboard.budget, cliMaxUsd);
  const over = cap !== undefined && amountToPay(plan, cache) > cap.capMicroUsd;
  // Prompts end up in --json; a key pasted into one must not.
  const redact = createRedactor(keysInEnv(io.env));
  // Price age is judged on this run's clock.
  const age = { today: new Date() };
  if (options.json) {
    io.stdout(redact(`${JSON.stringify({ ...planToJson(plan, file.shown, cap, cache, age), lockfile: locked.json }, null, 2)}\n`));
  } else {
    io.stdout(redact(`${formatPlanTable(plan, cache, age)}\n`));
    if (cap && !over) io.stdout(`${formatCapLine(plan, cap, cache)}\n`);
    if (locked.text) io.stdout(redact(`\n${locked.text}\n`));
  }
  const balance = await runwayBalanceLine(plan.shots, cache, io);
  if (balance) io.stderr(`${redact(balance)}\n`);
  if (over) {
    io.stderr(`render: ${formatCapLine(plan, cap, cache)}\n  hint: raise the cap, or plan fewer or shorter shots.\n`);
    return ExitCode.budget;
  }
  return ExitCode.ok;
}

/** The lockfile comparison as text (none without a lockfile) and as the `lockfile` member of --json. */
async function lockSection(prepared: PreparedRun, identity: ProviderIdentityOf, shownFile: string, base: string | undefined, io: CommandContext<PlanFlags>['io']) {
  const compared = await compareWithLockfile({ prepared, identity, shownFile, base, env: io.env, signal: io.signal });
  const against = compared.base === null ? compared.file : `${compared.file} at ${compared.base}`;
  return {
    text: compared.diff ? formatLockDiff(compared.diff, against) : undefined,
    json: { file: compared.file, base: compared.base, found: compared.diff !== undefined, ...(compared.diff ? lockDiffToJson(compared.diff) : {}) },
  };
}

async function cacheStates(prepared: PreparedRun, where: { cacheDir: string; identity: ProviderIdentityOf }): Promise<CacheStates> {
  const { planCacheStatus } = await import('../../cache/lookup.js');
  const { describeMiss } = await import('../../cache/status.js');
  const { readOpenIntentsByKey } = await import('../../execute/resolve.js');
  const statuses = await planCacheStatus({ cacheDir: where.cacheDir, providerIdentity: where.identity, shots: prepared.shots, nowMs: Date.now() });
  const open = await readOpenIntentsByKey(where.cacheDir);
  return new Map(
    statuses.map((status) => {
      const held = status.status === 'miss' ? open.get(status.key) : undefined;
      if (!held?.length) return [status.id, { status: status.status, why: describeMiss(status.reasons), costMicroUsd: status.costMicroUsd }];
      // Not paid again by `render` (unless --resend-unknown): its money is already counted as possibly billed.
      const amount = held.reduce((sum, intent) => sum + intent.reservedMicroUsd, 0);
      return [status.id, { status: status.status, why: `outcome of an earlier paid call unknown, ${formatUsd(amount)} possibly billed (render resolve)`, costMicroUsd: 0 }];
    }),
  );
}

function capInfo(budget: Budget, cliMaxUsd: number | undefined): CapInfo | undefined {
  const capMicroUsd = effectiveCapMicro(budget, cliMaxUsd);
  if (capMicroUsd === undefined) return undefined;
  const fromCli = cliMaxUsd !== undefined && usdToMicro(cliMaxUsd) === capMicroUsd;
  return { capMicroUsd, source: fromCli ? '--max-usd' : 'budget.max-usd' };
}
