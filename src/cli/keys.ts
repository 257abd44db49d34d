// The provider keys and secrets the CLI knows by their usual variable names: read once, kept out of child processes
// and output.

/** The usual variable of each provider's key (a storyboard may name another with `api-key-env`). */
export const providerKeyVariables = ['OPENAI_API_KEY', 'FAL_KEY', 'RUNWAYML_API_SECRET', 'OPENROUTER_API_KEY'] as const;

/** Every variable holding a secret: the keys, and the signing secret `--webhooks` verifies OpenRouter's callbacks with. */
export const secretVariables = [...providerKeyVariables, 'OPENROUTER_WEBHOOK_SECRET'] as const;

/** Every secret the environment holds under its usual name, for a command's redactor. */
export function keysInEnv(env: Readonly<Record<string, string | undefined>>): string[] {
  return secretVariables.flatMap((name) => (env[name] ? [env[name]!] : []));
}
