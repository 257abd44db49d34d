// `--webhooks [HOST:]PORT` and `--webhook-url`: where the receiver listens and what providers are told.
import { describe, expect, it } from 'vitest';
import { parseWebhookListen } from '../../../src/run/webhook-listen.js';

describe('parseWebhookListen', () => {
  it('reads PORT (on 127.0.0.1), HOST:PORT and [IPv6]:PORT', () => {
    expect(parseWebhookListen('8787')).toEqual({ host: '127.0.0.1', port: 8787 });
    expect(parseWebhookListen('0.0.0.0:0')).toEqual({ host: '0.0.0.0', port: 0 });
    expect(parseWebhookListen('[::1]:9000')).toEqual({ host: '::1', port: 9000 });
  });

  it('keeps the public base without a trailing slash', () => {
    expect(parseWebhookListen('8787', 'https://hooks.example.com/render/')).toEqual({ host: '127.0.0.1', port: 8787, publicUrl: 'https://hooks.example.com/render' });
  });

  it('refuses what is not [HOST:]PORT or not an http(s) URL, as a usage error', () => {
    for (const bad of ['', 'here:port', '70000', 'a:b:1']) expect(() => parseWebhookListen(bad)).toThrow(expect.objectContaining({ code: 'USAGE' }));
    expect(() => parseWebhookListen('1', 'not a url')).toThrow(/is not a URL/);
    expect(() => parseWebhookListen('1', 'ftp://x')).toThrow(/is not http\(s\)/);
  });
});
