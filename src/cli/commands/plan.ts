// `render plan FILE`: resolve defaults, price every shot, compare with the cap (exit 3 when over it).
import path from 'node:path';
import { RenderError } from '../../common/errors.js';
import { ExitCode } from '../../common/exit-codes.js';
import { usdToMicro } from '../../common/money.js';
import { createRedactor } from '../../common/redact.js';
import { effectiveCapMicro, planStoryboard } from '../../plan/plan.js';
import { formatCapLine, formatPlanTable, planToJson, type CapInfo } from '../../plan/plan-table.js';
import { loadStoryboard } from '../../storyboard/load.js';
import { resolveCatalog } from '../../storyboard/resolve-catalog.js';
import type { Budget } from '../../storyboard/model.js';
import type { CommandContext } from '../io.js';

export async function run({ args, options, io }: CommandContext<Record<string, unknown>>): Promise<number> {
  const file = args[0] ?? '';
  const cliMaxUsd = parseMaxUsd(options.maxUsd);
  const storyboard = await loadStoryboard(path.resolve(io.cwd, file), { displayPath: file });
  const plan = planStoryboard(storyboard, resolveCatalog(storyboard));
  const cap = capInfo(storyboard.budget, cliMaxUsd);
  const over = cap !== undefined && plan.totalMicroUsd > cap.capMicroUsd;
  // Prompts end up in --json; a key pasted into one must not.
  const redact = createRedactor([io.env.OPENAI_API_KEY]);
  if (options.json) {
    io.stdout(redact(`${JSON.stringify(planToJson(plan, file, cap), null, 2)}\n`));
  } else {
    io.stdout(redact(`${formatPlanTable(plan)}\n`));
    if (cap && !over) io.stdout(`${formatCapLine(plan, cap)}\n`);
  }
  if (over) {
    io.stderr(`render: ${formatCapLine(plan, cap)}\n  hint: raise the cap, or plan fewer or shorter shots.\n`);
    return ExitCode.budget;
  }
  return ExitCode.ok;
}

/** `--max-usd` as a non-negative number of USD, or a usage error (exit 2). */
function parseMaxUsd(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const usd = typeof value === 'number' ? value : Number(String(value).trim() || Number.NaN);
  if (!Number.isFinite(usd) || usd < 0) {
    throw new RenderError('USAGE', `--max-usd must be a number of US dollars, 0 or more (got ${JSON.stringify(String(value))})`, { exitCode: ExitCode.invalid });
  }
  return usd;
}

function capInfo(budget: Budget, cliMaxUsd: number | undefined): CapInfo | undefined {
  const capMicroUsd = effectiveCapMicro(budget, cliMaxUsd);
  if (capMicroUsd === undefined) return undefined;
  const fromCli = cliMaxUsd !== undefined && usdToMicro(cliMaxUsd) === capMicroUsd;
  return { capMicroUsd, source: fromCli ? '--max-usd' : 'budget.max-usd' };
}
