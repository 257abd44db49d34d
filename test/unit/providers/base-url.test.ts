// Which server a run talks to, and the cache identity of it.
import { describe, expect, it } from 'vitest';
import { defaultBaseUrl, providerIdentity, resolveBaseUrl } from '../../../src/providers/base-url.js';

describe('resolveBaseUrl', () => {
  it('takes --base-url, then the storyboard, then OPENAI_BASE_URL, then the SDK default', () => {
    expect(resolveBaseUrl({ flag: 'https://a.example/v1', storyboard: 'https://b.example/v1', env: 'https://c.example/v1' })).toBe('https://a.example/v1');
    expect(resolveBaseUrl({ storyboard: 'https://b.example/v1', env: 'https://c.example/v1' })).toBe('https://b.example/v1');
    expect(resolveBaseUrl({ flag: '  ', env: 'https://c.example/v1' })).toBe('https://c.example/v1');
    expect(resolveBaseUrl({})).toBe(defaultBaseUrl);
  });

  it('refuses a malformed or non-http URL without echoing credentials', () => {
    expect(() => resolveBaseUrl({ flag: 'not a url' })).toThrow(expect.objectContaining({ code: 'BASE_URL_INVALID', exitCode: 2 }));
    expect(() => resolveBaseUrl({ flag: 'ftp://x.example/' })).toThrow(/http\(s\)/);
    expect(() => resolveBaseUrl({ flag: 'https://user:secret@' })).toThrow(expect.objectContaining({ message: expect.not.stringContaining('secret') }));
  });

  it('refuses credentials in the URL from any source, naming the source and never the password', () => {
    const cases: Array<[Parameters<typeof resolveBaseUrl>[0], string]> = [
      [{ flag: 'http://u:secret@127.0.0.1:1/v1' }, '--base-url'],
      [{ storyboard: 'https://user:secret@gateway.example/v1' }, 'provider.base-url'],
      [{ env: 'https://only-a-user@gateway.example/v1' }, 'OPENAI_BASE_URL'],
    ];
    for (const [sources, named] of cases) {
      expect(() => resolveBaseUrl(sources)).toThrow(expect.objectContaining({ code: 'BASE_URL_CREDENTIALS', exitCode: 2, message: expect.stringContaining(named) }));
      expect(() => resolveBaseUrl(sources)).toThrow(expect.objectContaining({ message: expect.not.stringMatching(/secret|only-a-user/) }));
    }
  });
});

describe('providerIdentity', () => {
  it('normalises spellings of one server and keeps different servers apart', () => {
    expect(providerIdentity('https://API.OpenAI.com:443/v1/')).toBe('https://api.openai.com/v1');
    expect(providerIdentity('https://user:pw@gateway.example:8443/v1?x=1#y')).toBe('https://gateway.example:8443/v1');
    expect(providerIdentity('https://gateway.example/v1')).not.toBe(providerIdentity('https://gateway.example/v2'));
    expect(providerIdentity('http://127.0.0.1:4000')).toBe('http://127.0.0.1:4000');
  });
});
