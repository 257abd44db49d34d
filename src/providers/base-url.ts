// Which server a run talks to, and the stable identity of it that goes into every cache key.
import { RenderError } from '../common/errors.js';
import { baseUrlProblem } from '../common/base-url-check.js';

/** The SDK's own default, spelled out so the cache key of a default run does not depend on the SDK version. */
export const defaultBaseUrl = 'https://api.openai.com/v1';

export interface BaseUrlSources {
  flag?: string | undefined;
  storyboard?: string | undefined;
  env?: string | undefined;
}

/** `--base-url` > storyboard `provider.base-url` > `OPENAI_BASE_URL` > the SDK default (issue 4). */
export function resolveBaseUrl(sources: BaseUrlSources): string {
  const named: Array<[string | undefined, string]> = [
    [sources.flag, '--base-url'],
    [sources.storyboard, "the storyboard's provider.base-url"],
    [sources.env, 'OPENAI_BASE_URL'],
  ];
  const [chosen, source] = named.find(([value]) => value !== undefined && value.trim() !== '') ?? [defaultBaseUrl, 'the provider base URL'];
  const url = (chosen ?? defaultBaseUrl).trim();
  const problem = baseUrlProblem(url, source);
  if (problem) throw new RenderError(problem.code, problem.message, problem.hint ? { hint: problem.hint } : {});
  return url;
}

/**
 * The provider part of a shot key: scheme, host, non-default port and path, lower-cased host, no trailing slash,
 * no credentials, query or fragment. Two spellings of one server share a cache; two servers never do.
 */
export function providerIdentity(baseUrl: string): string {
  const url = new URL(baseUrl);
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.protocol}//${url.host.toLowerCase()}${path}`;
}

/**
 * The first set of `sources` (each with the name a problem is reported under), checked, without a trailing slash;
 * `fallback` (the provider's own endpoint) when none is set. For providers reached at one origin (Runway, OpenRouter).
 */
export function resolveEndpoint(sources: ReadonlyArray<readonly [string | undefined, string]>, fallback: string): string {
  const chosen = sources.find(([value]) => value !== undefined && value.trim() !== '');
  if (!chosen) return fallback;
  const url = (chosen[0] ?? '').trim().replace(/\/+$/, '');
  const problem = baseUrlProblem(url, chosen[1]);
  if (problem) throw new RenderError(problem.code, problem.message, problem.hint ? { hint: problem.hint } : {});
  return url;
}
