// The Runway account as `render doctor` and `render plan` see it: read only when RUNWAYML_API_SECRET is set, from
// RENDER_RUNWAY_BASE_URL when that names a stand-in (a proxy, `render sim`). Never throws for an unreachable or
// refusing API: the caller prints one line and goes on. Keys and endpoints come from the `env` passed, never process.env.
import { baseUrlProblem } from '../common/base-url-check.js';
import { createRedactor } from '../common/redact.js';
import type { RunwayOrganization } from '../providers/runway/organization.js';

export const runwayKeyVariable = 'RUNWAYML_API_SECRET';
export const runwayBaseUrlVariable = 'RENDER_RUNWAY_BASE_URL';

export type RunwayAccountCheck =
  | { state: 'off' }
  | { state: 'ok'; baseUrl: string | undefined; organization: RunwayOrganization }
  | { state: 'failed'; baseUrl: string | undefined; message: string };

export interface RunwayAccountOptions {
  env: Readonly<Record<string, string | undefined>>;
  signal: AbortSignal;
  /** Per attempt; doctor should answer within seconds even when the API does not. */
  timeoutMs?: number;
}

export async function checkRunwayAccount(o: RunwayAccountOptions): Promise<RunwayAccountCheck> {
  const apiKey = o.env[runwayKeyVariable];
  if (!apiKey) return { state: 'off' };
  const baseUrl = o.env[runwayBaseUrlVariable] || undefined;
  const redact = createRedactor([apiKey]);
  const problem = baseUrl === undefined ? undefined : baseUrlProblem(baseUrl, runwayBaseUrlVariable);
  if (problem) return { state: 'failed', baseUrl: undefined, message: redact(problem.message) };
  try {
    // Loaded here: the SDK costs startup time that commands without a Runway key should not pay.
    const { readRunwayOrganization } = await import('../providers/runway/organization.js');
    const organization = await readRunwayOrganization({ apiKey, baseURL: baseUrl, signal: o.signal, timeoutMs: o.timeoutMs ?? 10_000 });
    return { state: 'ok', baseUrl, organization };
  } catch (error) {
    if (o.signal.aborted) throw error;
    return { state: 'failed', baseUrl, message: redact(error instanceof Error ? error.message : String(error)) };
  }
}
