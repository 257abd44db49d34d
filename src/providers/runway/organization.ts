// `GET /v1/organization` for `render doctor`: the credit balance, the usage tier's limits per model and each
// model's generations in the past day (SDK src/resources/organization/organization.ts). The API reports the tier's
// monthly cap, not the tier's number; the number is told from the cap where it matches a published tier.
import { creditsToMicroUsd } from '../../catalog/runway-catalog.js';
import { tierOfMonthlyCap } from '../../catalog/runway-tiers.js';
import type { MicroUsd } from '../../common/money.js';
import { runwayClient, runwayRedactor } from './client.js';
import { classifyRunwayError } from './errors.js';

export interface RunwayModelUsage {
  /** null: unlimited. */
  maxConcurrentGenerations: number | null;
  maxDailyGenerations: number | null;
  /** Generations in the past day. */
  dailyGenerations: number;
}

export interface RunwayOrganization {
  creditBalance: number;
  creditBalanceMicroUsd: MicroUsd;
  maxMonthlyCreditSpend: number;
  /** 1-5, or undefined when the monthly cap matches no published tier. */
  tier: number | undefined;
  models: Record<string, RunwayModelUsage>;
}

export interface ReadOrganizationOptions {
  apiKey: string;
  baseURL?: string | undefined;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export async function readRunwayOrganization(options: ReadOrganizationOptions): Promise<RunwayOrganization> {
  const redact = runwayRedactor(options.apiKey);
  const signal = options.signal ?? new AbortController().signal;
  try {
    const org = await runwayClient({ apiKey: options.apiKey, baseURL: options.baseURL, timeoutMs: options.timeoutMs ?? 30_000 }).organization.retrieve({ signal });
    const names = new Set([...Object.keys(org.tier.models), ...Object.keys(org.usage.models)]);
    const models = Object.fromEntries(
      [...names].map((name) => {
        const limits = org.tier.models[name];
        return [name, { maxConcurrentGenerations: limits?.maxConcurrentGenerations ?? null, maxDailyGenerations: limits?.maxDailyGenerations ?? null, dailyGenerations: org.usage.models[name]?.dailyGenerations ?? 0 }];
      }),
    );
    return { creditBalance: org.creditBalance, creditBalanceMicroUsd: creditsToMicroUsd(org.creditBalance), maxMonthlyCreditSpend: org.tier.maxMonthlyCreditSpend, tier: tierOfMonthlyCap(org.tier.maxMonthlyCreditSpend), models };
  } catch (error) {
    throw classifyRunwayError(error, { signal, redact, nowMs: Date.now() });
  }
}
