// The run's webhook receiver over real HTTP on 127.0.0.1: a signed fal delivery is answered 204 and wakes its job
// once (a redelivery is dropped), an unsigned one is 401 and wakes nothing; keys come from a JWKS URL, read once and
// read again when fal's key rotates; OpenRouter callbacks need the workspace secret; other paths are 404.
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookReceiver, type WebhookReceiver } from '../../src/providers/webhooks/receiver.js';
import { falWebhookMessage } from '../../src/sim/faces/fal/webhooks.js';
import { signOpenRouterCallback } from '../../src/sim/faces/openrouter/webhooks.js';

let key = generateKeyPairSync('ed25519');
let jwksReads = 0;
let jwks: Server;
let receiver: WebhookReceiver;
let clockMs = Date.now();
const woken: string[] = [];
const secret = 'receiver-test-secret';

beforeAll(async () => {
  jwks = createServer((_request, response) => {
    jwksReads += 1;
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ keys: [key.publicKey.export({ format: 'jwk' })] }));
  });
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  receiver = await startWebhookReceiver({ host: '127.0.0.1', port: 0, onDelivery: (jobId) => woken.push(jobId), now: () => clockMs });
  receiver.setTrust({ falJwksUrl: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`, openRouterSecret: secret });
});
afterAll(async () => {
  await receiver?.close();
  await new Promise<void>((resolve) => jwks.close(() => resolve()));
});

function falPost(requestId: string, privateKey: KeyObject, path = '/fal/fal-ai/wan/v2.7/text-to-video') {
  const body = JSON.stringify({ request_id: requestId, gateway_request_id: requestId, status: 'OK', payload: {} });
  const t = Math.floor(clockMs / 1000);
  const headers = {
    'x-fal-webhook-request-id': requestId,
    'x-fal-webhook-user-id': 'u1',
    'x-fal-webhook-timestamp': String(t),
    'x-fal-webhook-signature': sign(null, falWebhookMessage(requestId, 'u1', t, body), privateKey).toString('hex'),
  };
  return fetch(`${receiver.origin}${path}`, { method: 'POST', headers, body }).then((r) => r.status);
}

describe('the webhook receiver', () => {
  it('204 and one wake per fal delivery; a redelivery is dropped; a forged one is 401', async () => {
    expect(await falPost('req-1', key.privateKey)).toBe(204);
    expect(await falPost('req-1', key.privateKey)).toBe(204);
    expect(woken).toEqual(['fal:fal-ai/wan/v2.7/text-to-video:req-1']);
    expect(await falPost('req-2', generateKeyPairSync('ed25519').privateKey)).toBe(401);
    expect(woken).toHaveLength(1);
    expect(receiver.counts()).toEqual({ verified: 1, duplicates: 1, refused: 1 });
    expect(jwksReads).toBe(1);
  });

  it('reads the JWKS again when fal rotates its key (at most once a minute)', async () => {
    key = generateKeyPairSync('ed25519');
    clockMs += 61_000;
    expect(await falPost('req-3', key.privateKey)).toBe(204);
    expect(jwksReads).toBe(2);
    expect(woken.at(-1)).toBe('fal:fal-ai/wan/v2.7/text-to-video:req-3');
  });

  it('checks OpenRouter callbacks with the workspace secret, and answers 404 elsewhere', async () => {
    const body = JSON.stringify({ type: 'video.generation.completed', data: { id: 'gen-vid-9-x', status: 'completed' } });
    const post = (signature: string) => fetch(`${receiver.origin}/openrouter`, { method: 'POST', headers: { 'x-openrouter-signature': signature, 'x-openrouter-idempotency-key': 'gen-vid-9-x-completed' }, body }).then((r) => r.status);
    expect(await post(signOpenRouterCallback('wrong', Math.floor(clockMs / 1000), body))).toBe(401);
    expect(await post(signOpenRouterCallback(secret, Math.floor(clockMs / 1000), body))).toBe(204);
    expect(await post(signOpenRouterCallback(secret, Math.floor(clockMs / 1000), body))).toBe(204);
    expect(woken.filter((id) => id === 'openrouter:gen-vid-9-x')).toHaveLength(1);
    expect(await fetch(`${receiver.origin}/elsewhere`, { method: 'POST', body: '{}' }).then((r) => r.status)).toBe(404);
  });

  it('refuses every OpenRouter callback when no secret is configured, even one signed with an empty key', async () => {
    const bare = await startWebhookReceiver({ host: '127.0.0.1', port: 0, onDelivery: (jobId) => woken.push(jobId), now: () => clockMs });
    try {
      bare.setTrust({});
      const body = JSON.stringify({ type: 'video.generation.completed', data: { id: 'gen-vid-10-y', status: 'completed' } });
      const status = await fetch(`${bare.origin}/openrouter`, { method: 'POST', headers: { 'x-openrouter-signature': signOpenRouterCallback('', Math.floor(clockMs / 1000), body) }, body }).then((r) => r.status);
      expect(status).toBe(401);
      expect(woken).not.toContain('openrouter:gen-vid-10-y');
    } finally {
      await bare.close();
    }
  });
});
