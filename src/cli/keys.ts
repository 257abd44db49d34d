// The provider keys the CLI knows by their usual variable names: read once, kept out of child processes and output.

/** The usual variable of each provider's key (a storyboard may name another with `api-key-env`). */
export const providerKeyVariables = ['OPENAI_API_KEY', 'FAL_KEY', 'RUNWAYML_API_SECRET', 'OPENROUTER_API_KEY', 'OPENROUTER_WEBHOOK_SECRET'] as const;

/** Every provider key the environment holds under its usual name, for a command's redactor. */
export function keysInEnv(env: Readonly<Record<string, string | undefined>>): string[] {
  return providerKeyVariables.flatMap((name) => (env[name] ? [env[name]!] : []));
}
