// fal webhooks from the simulator: `webhookUrl` on submit → a signed POST on completion, verifiable with the JWKS the
// simulator serves, by fal's documented scheme (Ed25519 over request id, user id, timestamp and the body's SHA-256).
import { createHash, createPublicKey, verify, type JsonWebKey } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finishJobs } from '../unit/sim/support/harness.js';
import { falClientFor, withOwnSim, type Json } from '../support/sim-fal.js';

interface Received {
  headers: IncomingHttpHeaders;
  raw: string;
}

const received: Received[] = [];
const receiver = createServer((req, res) => {
  let raw = '';
  req.setEncoding('utf8').on('data', (chunk: string) => (raw += chunk));
  req.on('end', () => {
    received.push({ headers: req.headers, raw });
    res.writeHead(200).end();
  });
});
let hookUrl = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', () => resolve()));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/fal-hook`;
});
afterAll(async () => new Promise<void>((resolve) => receiver.close(() => resolve())));

async function delivered(id: string): Promise<Received> {
  for (let i = 0; i < 200; i += 1) {
    const hit = received.find((r) => r.headers['x-fal-webhook-request-id'] === id);
    if (hit) return hit;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`no webhook for ${id}`);
}

// The receiver's side, as fal documents it: rebuild the message, check the signature against any JWKS key.
function verifies(hit: Received, jwks: { keys: JsonWebKey[] }): boolean {
  const h = hit.headers;
  const digest = createHash('sha256').update(hit.raw).digest('hex');
  const message = Buffer.from(`${String(h['x-fal-webhook-request-id'])}\n${String(h['x-fal-webhook-user-id'])}\n${String(h['x-fal-webhook-timestamp'])}\n${digest}`);
  const signature = Buffer.from(String(h['x-fal-webhook-signature']), 'hex');
  return jwks.keys.some((key) => verify(null, message, createPublicKey({ key, format: 'jwk' }), signature));
}

describe('fal webhooks', () => {
  it('POSTs a signed OK with the output for a completed job, and a signed ERROR with the model error for a failed one', async () => {
    await withOwnSim({}, async (local) => {
      const fal = falClientFor(local.sim);
      const jwks = (await (await fetch(`${local.sim.falBaseURL}/.well-known/jwks.json`)).json()) as { keys: JsonWebKey[] };
      expect(jwks.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519' });
      const ok = await fal.queue.submit('fal-ai/wan/v2.7/text-to-video', { input: { prompt: 'hooked', duration: '2' }, webhookUrl: hookUrl });
      const bad = await fal.queue.submit('fal-ai/wan/v2.7/text-to-video', { input: { prompt: 'MODERATION_TEST hooked', duration: '2' }, webhookUrl: hookUrl });
      await finishJobs(local.sim);
      const okHit = await delivered(ok.request_id);
      expect(verifies(okHit, jwks)).toBe(true);
      expect(JSON.parse(okHit.raw)).toMatchObject({ request_id: ok.request_id, gateway_request_id: ok.request_id, status: 'OK', payload: { video: { content_type: 'video/mp4' } } });
      const badHit = await delivered(bad.request_id);
      expect(verifies(badHit, jwks)).toBe(true);
      const body = JSON.parse(badHit.raw) as Json;
      expect(body).toMatchObject({ status: 'ERROR', error: 'Invalid status code: 422' });
      expect((body.payload as { detail: Json[] }).detail[0]).toMatchObject({ type: 'content_policy_violation' });
      // A tampered body no longer verifies.
      expect(verifies({ ...okHit, raw: okHit.raw.replace('OK', 'ERROR') }, jwks)).toBe(false);
      expect(local.sim.stats().webhooks.map((d) => [d.type, d.outcome]).sort()).toEqual([['fal.error', 200], ['fal.ok', 200]]);
    });
  });
});
