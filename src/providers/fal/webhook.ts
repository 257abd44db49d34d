// Checking a fal webhook: Ed25519 over `request_id \n user_id \n timestamp \n hex(sha256(raw body))`, signed by one of
// the keys fal publishes as a JWKS (fal's "Webhooks" docs). Pure: the keys and the clock are parameters. Headers
// missing, a timestamp more than 300 s from now, or no key that verifies: refused.
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { headerOf, type WebhookHeaders } from '../webhooks/headers.js';

export type FalWebhookCheck = { ok: true; requestId: string; timestamp: number } | { ok: false; reason: string };

export const falWebhookToleranceSeconds = 300;

/** The Ed25519 public keys of a JWKS document (`keys[].x`, base64url); others are skipped. Pure. */
export function falJwksKeys(jwks: unknown): KeyObject[] {
  const keys = (jwks as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys)) return [];
  return keys.flatMap((key: unknown) => {
    const k = key as { kty?: unknown; crv?: unknown; x?: unknown };
    if (k?.kty !== 'OKP' || k.crv !== 'Ed25519' || typeof k.x !== 'string') return [];
    try {
      return [createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: k.x }, format: 'jwk' })];
    } catch {
      return [];
    }
  });
}

export function verifyFalWebhook(keys: readonly KeyObject[], headers: WebhookHeaders, body: Uint8Array | string, nowMs: number, toleranceSeconds = falWebhookToleranceSeconds): FalWebhookCheck {
  const requestId = headerOf(headers, 'x-fal-webhook-request-id');
  const userId = headerOf(headers, 'x-fal-webhook-user-id');
  const timestampText = headerOf(headers, 'x-fal-webhook-timestamp');
  const signatureHex = headerOf(headers, 'x-fal-webhook-signature');
  if (!requestId || !userId || !timestampText || !signatureHex) return { ok: false, reason: 'a fal webhook signature header is missing' };
  if (!/^\d+$/.test(timestampText)) return { ok: false, reason: 'malformed X-Fal-Webhook-Timestamp' };
  const timestamp = Number(timestampText);
  if (Math.abs(nowMs / 1000 - timestamp) > toleranceSeconds) return { ok: false, reason: `timestamp ${timestamp} is more than ${toleranceSeconds} s from now` };
  if (!/^([0-9a-f]{2})+$/i.test(signatureHex)) return { ok: false, reason: 'malformed X-Fal-Webhook-Signature' };
  const raw = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body);
  const message = Buffer.from(`${requestId}\n${userId}\n${timestampText}\n${createHash('sha256').update(raw).digest('hex')}`, 'utf8');
  const signature = Buffer.from(signatureHex, 'hex');
  const verified = keys.some((key) => {
    try {
      return verify(null, message, key, signature);
    } catch {
      return false;
    }
  });
  return verified ? { ok: true, requestId, timestamp } : { ok: false, reason: 'signature does not match any fal key' };
}
