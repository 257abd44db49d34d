// Per-shot failures in words a user can act on: the provider's code and message, moderation named as such.
import type { ProviderError } from '../providers/provider.js';
import type { ShotError } from './types.js';

const moderationHint = 'change the prompt or the reference image (moderation blocks are usually deterministic: a plain retry is paid again)';

function isModeration(code: string | undefined, message: string): boolean {
  return /moderation|content_policy|safety/i.test(code ?? '') || /moderation/i.test(message);
}

/** A job that ended `failed`. */
export function generationFailure(code: string, message: string): ShotError {
  if (isModeration(code, message)) {
    return { code: 'MODERATION', message: `blocked by the provider's moderation (${code}): ${message}`, hint: moderationHint };
  }
  return { code: 'GENERATION_FAILED', message: `generation failed (${code}): ${message}` };
}

// The variable each provider's key comes from by default (providers.<name>.api-key-env may name another): a refused
// fal key must not send the user to OPENAI_API_KEY. Runway's and OpenRouter's were missing ("check the runway API
// key"), which left the user to guess the variable's name.
const keyVariable: Readonly<Record<string, string>> = { openai: 'OPENAI_API_KEY', fal: 'FAL_KEY', runway: 'RUNWAYML_API_SECRET', openrouter: 'OPENROUTER_API_KEY' };

function authHint(provider: string | undefined): string {
  return `check ${keyVariable[provider ?? 'openai'] ?? `the ${provider} API key`} and the base URL`;
}

/** A paid call the provider refused (nothing was created); `provider` is the shot's (absent: openai). */
export function refusal(error: ProviderError, remix: boolean, provider?: string): ShotError {
  const detail = `${error.status ?? ''}${error.code ? ` ${error.code}` : ''}`.trim();
  const said = `${detail ? `(${detail}) ` : ''}${error.message}`;
  switch (error.kind) {
    case 'auth':
      return { code: 'AUTH', message: `the provider refused the API key ${said}`, hint: authHint(provider) };
    case 'quota-exhausted':
      if (error.code === 'daily_limit') {
        // A cap on generations per day, not on money: waiting or a higher tier helps, adding credit does not.
        return {
          code: 'QUOTA',
          message: `${error.message}; no new shots are submitted, jobs already running finish`,
          hint: 'run the same command again once the 24-hour window has room (cached and finished shots are not paid again), or move the account to a higher usage tier',
        };
      }
      return { code: 'QUOTA', message: `the provider account is out of credit or over its budget ${said}`, hint: 'add credit or raise the gateway budget, then re-run' };
    case 'rate-limited':
      return { code: 'RATE_LIMITED', message: `still rate-limited after repeated waits ${said}`, hint: 'lower rate-limit.rpm or concurrency' };
    case 'unreachable':
      return { code: 'UNREACHABLE', message: `cannot connect to the provider: ${error.message}`, hint: 'check the base URL and the network' };
    case 'not-found':
      return remix
        ? { code: 'REMIX_SOURCE_GONE', message: `the remix source job is gone ${said}`, hint: 're-run: the plan will regenerate the source first' }
        : { code: 'REJECTED', message: `the provider refused the request ${said}`, hint: 'check the model name against the provider' };
    default:
      if (isModeration(error.code, error.message)) return { code: 'MODERATION', message: `refused by moderation ${said}`, hint: moderationHint };
      return { code: 'REJECTED', message: `the provider refused the request ${said}` };
  }
}
