// The receiver's pure checks: fal's Ed25519 scheme over request id, user id, timestamp and the body's SHA-256 (keys
// from a JWKS), OpenRouter's HMAC over "<t>," + body, each delivery placed on the executor's job id, and redeliveries
// recognised. Signed with real keys, as the simulator's faces sign them.
import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { falJwksKeys, verifyFalWebhook } from '../../../src/providers/fal/webhook.js';
import { verifyOpenRouterCallback } from '../../../src/providers/openrouter/callback.js';
import { DeliveryDedup } from '../../../src/providers/webhooks/dedup.js';
import { falDelivery, openRouterDelivery } from '../../../src/providers/webhooks/deliveries.js';
import { falWebhookMessage } from '../../../src/sim/faces/fal/webhooks.js';
import { signOpenRouterCallback } from '../../../src/sim/faces/openrouter/webhooks.js';

const nowMs = 1_800_000_000_000;
const nowS = nowMs / 1000;

function falKeyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, jwks: { keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'k1' }] } };
}

const fal = falKeyPair();
const falKeys = falJwksKeys(fal.jwks);
const requestId = '655868a9-a1be-49b1-939e-8ce12a15efdb';
const falBody = JSON.stringify({ request_id: requestId, gateway_request_id: requestId, status: 'OK', payload: { video: { url: 'https://x/v.mp4' } } });

function falHeaders(body = falBody, at = nowS, key = fal.privateKey): Record<string, string> {
  return {
    'x-fal-webhook-request-id': requestId,
    'x-fal-webhook-user-id': 'user-1',
    'x-fal-webhook-timestamp': String(at),
    'x-fal-webhook-signature': sign(null, falWebhookMessage(requestId, 'user-1', at, body), key).toString('hex'),
  };
}

describe('verifyFalWebhook', () => {
  it('accepts a delivery signed by a JWKS key, over the raw bytes', () => {
    expect(falKeys).toHaveLength(1);
    expect(verifyFalWebhook(falKeys, falHeaders(), Buffer.from(falBody), nowMs)).toEqual({ ok: true, requestId, timestamp: nowS });
    expect(verifyFalWebhook(falKeys, new Headers(falHeaders()), falBody, nowMs + 299_000)).toMatchObject({ ok: true });
  });

  it('refuses a tampered body, a key not in the JWKS, a stale or future timestamp, and missing headers', () => {
    expect(verifyFalWebhook(falKeys, falHeaders(), `${falBody} `, nowMs)).toEqual({ ok: false, reason: 'signature does not match any fal key' });
    const other = falKeyPair();
    expect(verifyFalWebhook(falKeys, falHeaders(falBody, nowS, other.privateKey), falBody, nowMs)).toMatchObject({ ok: false, reason: 'signature does not match any fal key' });
    expect(verifyFalWebhook(falKeys, falHeaders(falBody, nowS - 301), falBody, nowMs)).toMatchObject({ ok: false, reason: expect.stringMatching(/300 s/) });
    expect(verifyFalWebhook(falKeys, falHeaders(falBody, nowS + 301), falBody, nowMs)).toMatchObject({ ok: false, reason: expect.stringMatching(/300 s/) });
    for (const name of Object.keys(falHeaders())) {
      const { [name]: _dropped, ...rest } = falHeaders();
      expect(verifyFalWebhook(falKeys, rest, falBody, nowMs)).toEqual({ ok: false, reason: 'a fal webhook signature header is missing' });
    }
    expect(verifyFalWebhook([], falHeaders(), falBody, nowMs)).toMatchObject({ ok: false });
    expect(verifyFalWebhook(falKeys, { ...falHeaders(), 'x-fal-webhook-signature': 'zz' }, falBody, nowMs)).toMatchObject({ ok: false });
  });

  it('reads only Ed25519 keys from a JWKS', () => {
    expect(falJwksKeys({ keys: [{ kty: 'RSA', n: 'x', e: 'AQAB' }, { kty: 'OKP', crv: 'Ed25519', x: 'not a key' }] })).toEqual([]);
    expect(falJwksKeys(null)).toEqual([]);
    expect(falJwksKeys({ keys: [...fal.jwks.keys, ...falKeyPair().jwks.keys] })).toHaveLength(2);
  });
});

const secret = 'whsec-test-secret';
const orBody = JSON.stringify({ type: 'video.generation.completed', created_at: '2027-01-15T08:00:00Z', data: { id: 'gen-vid-1-abc', status: 'completed' } });
const orHeaders = (body = orBody, at = nowS, key = secret) => ({ 'x-openrouter-signature': signOpenRouterCallback(key, at, body), 'x-openrouter-idempotency-key': 'gen-vid-1-abc-completed' });

describe('verifyOpenRouterCallback', () => {
  it('accepts the signed bytes and refuses a tampered body, another secret, a stale timestamp or no signature', () => {
    expect(verifyOpenRouterCallback(secret, orHeaders(), orBody, nowMs)).toEqual({ ok: true, timestamp: nowS });
    expect(verifyOpenRouterCallback(secret, orHeaders(), orBody.replace('completed', 'failed'), nowMs)).toEqual({ ok: false, reason: 'signature does not match' });
    expect(verifyOpenRouterCallback(secret, orHeaders(orBody, nowS, 'another'), orBody, nowMs)).toEqual({ ok: false, reason: 'signature does not match' });
    expect(verifyOpenRouterCallback(secret, orHeaders(orBody, nowS - 301), orBody, nowMs)).toMatchObject({ ok: false, reason: expect.stringMatching(/300 s/) });
    expect(verifyOpenRouterCallback(secret, {}, orBody, nowMs)).toEqual({ ok: false, reason: 'no X-OpenRouter-Signature header' });
    expect(verifyOpenRouterCallback(secret, { 'x-openrouter-signature': 'v1=abc' }, orBody, nowMs)).toEqual({ ok: false, reason: 'malformed X-OpenRouter-Signature header' });
  });
});

describe('deliveries placed on the executor\'s job ids', () => {
  it('fal: the endpoint from the URL path and the request id from the signed header', () => {
    const verdict = falDelivery(encodeURIComponent('fal-ai/wan/v2.7/text-to-video'), falHeaders(), Buffer.from(falBody), falKeys, nowMs);
    expect(verdict).toEqual({ ok: true, jobId: `fal:fal-ai/wan/v2.7/text-to-video:${requestId}`, dedupKey: `fal:${requestId}:OK` });
    expect(falDelivery('fal-ai/wan/v2.7/text-to-video', falHeaders(), Buffer.from(`${falBody} `), falKeys, nowMs)).toMatchObject({ ok: false, status: 401 });
    expect(falDelivery('no-slash', falHeaders(), Buffer.from(falBody), falKeys, nowMs)).toMatchObject({ ok: false, status: 400 });
  });

  it('OpenRouter: data.id under the openrouter: prefix, deduplicated by the idempotency key', () => {
    expect(openRouterDelivery(orHeaders(), Buffer.from(orBody), secret, nowMs)).toEqual({ ok: true, jobId: 'openrouter:gen-vid-1-abc', dedupKey: 'openrouter:gen-vid-1-abc-completed' });
    expect(openRouterDelivery(orHeaders(), Buffer.from(orBody), 'wrong', nowMs)).toMatchObject({ ok: false, status: 401 });
    expect(openRouterDelivery({}, Buffer.from(orBody), secret, nowMs)).toMatchObject({ ok: false, status: 401 });
  });
});

describe('DeliveryDedup', () => {
  it('acts on a delivery once, and forgets the oldest past its bound', () => {
    const dedup = new DeliveryDedup(2);
    expect(dedup.repeat('a')).toBe(false);
    expect(dedup.repeat('a')).toBe(true);
    expect(dedup.repeat('b')).toBe(false);
    expect(dedup.repeat('c')).toBe(false);
    expect(dedup.repeat('a')).toBe(false);
    expect(dedup.repeat('c')).toBe(true);
  });
});
