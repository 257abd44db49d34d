// Checking an OpenRouter callback's signature: `X-OpenRouter-Signature: t=<unix seconds>,v1=<hex>`, where v1 is
// HMAC-SHA256(secret, "<t>," + raw body). Compared in constant time over the raw bytes (re-serialised JSON would not
// verify), and refused when the timestamp is more than 300 s from now, as OpenRouter's webhook guide does.
import { createHmac, timingSafeEqual } from 'node:crypto';

import { headerOf, type WebhookHeaders } from '../webhooks/headers.js';

export type CallbackHeaders = WebhookHeaders;

export type CallbackCheck = { ok: true; timestamp: number } | { ok: false; reason: string };

export const callbackToleranceSeconds = 300;

function part(signature: string, prefix: string): string | undefined {
  return signature.split(',').map((s) => s.trim()).find((s) => s.startsWith(prefix))?.slice(prefix.length);
}

/** Whether `body` is what OpenRouter signed with `secret`; pure (the clock is a parameter). */
export function verifyOpenRouterCallback(secret: string, headers: CallbackHeaders, body: Uint8Array | string, nowMs = Date.now(), toleranceSeconds = callbackToleranceSeconds): CallbackCheck {
  const signature = headerOf(headers, 'x-openrouter-signature');
  if (!signature) return { ok: false, reason: 'no X-OpenRouter-Signature header' };
  const t = part(signature, 't=');
  const v1 = part(signature, 'v1=');
  const timestamp = Number(t);
  if (!t || !/^\d+$/.test(t) || !v1) return { ok: false, reason: 'malformed X-OpenRouter-Signature header' };
  if (Math.abs(nowMs / 1000 - timestamp) > toleranceSeconds) return { ok: false, reason: `timestamp ${timestamp} is more than ${toleranceSeconds} s from now` };
  const raw = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body);
  const expected = createHmac('sha256', secret).update(Buffer.concat([Buffer.from(`${t},`), raw])).digest();
  const given = /^[0-9a-f]+$/i.test(v1) ? Buffer.from(v1, 'hex') : Buffer.alloc(0);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'signature does not match' };
  return { ok: true, timestamp };
}
