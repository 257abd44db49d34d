// Media fields as the API takes them: an HTTPS URL on a named host, a `runway://` upload URI, or a base64 data URI
// of at most 5 MB (SDK docstrings of `promptImage`, `promptVideo`, `videoUri`;
// https://docs.dev.runwayml.com/errors/troubleshooting). The simulator's own output URLs are always accepted.
export const maxDataUriBytes = 5 * 1024 * 1024;
export const maxUrlChars = 2048;

export type MediaKind = 'image' | 'video';

export interface MediaRules {
  /** The simulator serves this URL itself (its output files). */
  ownUrl: (url: string) => boolean;
  allowHttp: boolean;
}

const ipHost = /^(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-f:.]+\])$/i;

/** Why the value is not a usable media URI, or undefined when it is. */
export function mediaUriProblem(value: unknown, kind: MediaKind, rules: MediaRules): string | undefined {
  if (typeof value !== 'string' || value === '') return `expected a URL or data URI of ${kind === 'image' ? 'an image' : 'a video'}`;
  if (value.startsWith('data:')) {
    const match = /^data:([a-z]+)\/[a-z0-9.+-]+;base64,([A-Za-z0-9+/=]*)$/.exec(value);
    if (!match) return 'malformed data URI';
    if (match[1] !== kind) return `the data URI is not ${kind === 'image' ? 'an image' : 'a video'}`;
    const bytes = Math.floor(((match[2] ?? '').length * 3) / 4);
    return bytes > maxDataUriBytes ? `data URIs may be at most 5 MB, this one is ${bytes} bytes` : undefined;
  }
  if (value.length > maxUrlChars) return `URLs may be at most ${maxUrlChars} characters`;
  if (value.startsWith('runway://')) return undefined;
  if (rules.ownUrl(value)) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'not a valid URL';
  }
  if (url.protocol === 'http:' && !rules.allowHttp) return 'only HTTPS URLs are supported';
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'only HTTPS URLs are supported';
  if (ipHost.test(url.hostname)) return 'the URL host must be a domain name, not an IP address';
  return undefined;
}
