// fal's hosts, and the one origin that can stand in for all of them (a proxy, the simulator): `providers.fal.base-url`
// or RENDER_FAL_BASE_URL. Paths stay unchanged, so `https://queue.fal.run/fal-ai/veo3.1` → `${origin}/fal-ai/veo3.1`.
import { RenderError } from '../../common/errors.js';
import { baseUrlProblem } from '../../common/base-url-check.js';

export const falQueueOrigin = 'https://queue.fal.run';
export const falPlatformOrigin = 'https://api.fal.ai';
const falHost = /^https:\/\/(?:queue\.fal\.run|fal\.run|rest\.fal\.ai|api\.fal\.ai)(?=[/?]|$)/;

export interface FalBaseUrlSources {
  storyboard?: string | undefined;
  env?: string | undefined;
}

/** The storyboard's `providers.fal.base-url` > RENDER_FAL_BASE_URL > fal's own hosts (undefined). */
export function resolveFalBaseUrl(sources: FalBaseUrlSources): string | undefined {
  const named: Array<[string | undefined, string]> = [
    [sources.storyboard, "the storyboard's providers.fal.base-url"],
    [sources.env, 'RENDER_FAL_BASE_URL'],
  ];
  const chosen = named.find(([value]) => value !== undefined && value.trim() !== '');
  if (!chosen) return undefined;
  const url = (chosen[0] ?? '').trim().replace(/\/+$/, '');
  const problem = baseUrlProblem(url, chosen[1]);
  if (problem) throw new RenderError(problem.code, problem.message, { ...(problem.hint ? { hint: problem.hint } : {}) });
  return url;
}

/** A URL on one of fal's hosts moved to `origin` (path and query kept); others are left alone. */
export function falUrlVia(origin: string | undefined): (url: string) => string {
  return (url) => (origin === undefined ? url : url.replace(falHost, origin));
}
