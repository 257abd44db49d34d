// Which server a run talks to, and the stable identity of it that goes into every cache key.
import { RenderError } from '../common/errors.js';
import { ExitCode } from '../common/exit-codes.js';

/** The SDK's own default, spelled out so the cache key of a default run does not depend on the SDK version. */
export const defaultBaseUrl = 'https://api.openai.com/v1';

export interface BaseUrlSources {
  flag?: string | undefined;
  storyboard?: string | undefined;
  env?: string | undefined;
}

/** `--base-url` > storyboard `provider.base-url` > `OPENAI_BASE_URL` > the SDK default (issue 4). */
export function resolveBaseUrl(sources: BaseUrlSources): string {
  const chosen = [sources.flag, sources.storyboard, sources.env].find((value) => value !== undefined && value.trim() !== '');
  const url = (chosen ?? defaultBaseUrl).trim();
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RenderError('BASE_URL_INVALID', `provider base URL '${stripUserinfo(url)}' is not a valid URL`, {
      exitCode: ExitCode.invalid,
      hint: 'use a full URL such as https://gateway.example.com/v1',
    });
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new RenderError('BASE_URL_INVALID', `provider base URL must be http(s), got '${parsed.protocol}'`, {
      exitCode: ExitCode.invalid,
    });
  }
  return url;
}

function stripUserinfo(url: string): string {
  return url.replace(/(\/\/)[^/@]*@/, '$1');
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
