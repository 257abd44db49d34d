// Which providers this environment can reach: a provider is configured when its key variable is set. Said as
// yes/no by `render --version` and `render doctor`, and used by `render init`; a key's value is never returned.
import { providerKeyVariables } from './keys.js';
import type { CliIo } from './io.js';

export type ProviderName = 'openai' | 'fal' | 'runway' | 'openrouter';

const providerOfVariable: Record<(typeof providerKeyVariables)[number], ProviderName> = {
  OPENAI_API_KEY: 'openai',
  FAL_KEY: 'fal',
  RUNWAYML_API_SECRET: 'runway',
  OPENROUTER_API_KEY: 'openrouter',
};

export interface ProviderConfiguration {
  provider: ProviderName;
  variable: string;
  configured: boolean;
}

export function providerConfigurations(env: CliIo['env']): ProviderConfiguration[] {
  return providerKeyVariables.map((variable) => ({ provider: providerOfVariable[variable], variable, configured: Boolean(env[variable]) }));
}

/** `providers: openai yes (OPENAI_API_KEY), fal no (FAL_KEY), ...`: one line, no key. */
export function providersLine(env: CliIo['env']): string {
  const parts = providerConfigurations(env).map((p) => `${p.provider} ${p.configured ? 'yes' : 'no'} (${p.variable})`);
  return `providers: ${parts.join(', ')}; --provider sim needs none`;
}
