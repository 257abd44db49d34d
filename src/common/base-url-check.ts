// What makes a provider base URL unusable, decided from its text alone: shared by `render validate` (the storyboard's
// provider.base-url, with its line and column) and by the run (--base-url, OPENAI_BASE_URL).

export interface BaseUrlProblem {
  code: 'BASE_URL_INVALID' | 'BASE_URL_CREDENTIALS';
  message: string;
  hint?: string;
}

/** The URL with any `user:password@` replaced by `[redacted]@`, safe to print. */
export function withoutUserinfo(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, '$1[redacted]@');
}

/** Why `url` (from `source`, e.g. "--base-url") cannot be used, or undefined when it can. Never quotes a password. */
export function baseUrlProblem(url: string, source: string): BaseUrlProblem | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { code: 'BASE_URL_INVALID', message: `${source} '${withoutUserinfo(url)}' is not a valid URL`, hint: 'use a full URL such as https://gateway.example.com/v1' };
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return { code: 'BASE_URL_INVALID', message: `${source} must be http(s), got '${parsed.protocol}'` };
  }
  if (parsed.username !== '' || parsed.password !== '') {
    // fetch refuses such URLs outright, so every request would fail as a bare "Connection error." after planning.
    return {
      code: 'BASE_URL_CREDENTIALS',
      message: `${source} '${withoutUserinfo(url)}' carries credentials (user:password@); they are never sent`,
      hint: 'remove the user:password@ part; the API key goes in the environment: export OPENAI_API_KEY=...',
    };
  }
  return undefined;
}
