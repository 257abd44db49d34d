// What a verified webhook says, in the executor's terms: which job (the ids the routing provider hands out, `fal:…`,
// `openrouter:…`) and the key that makes redeliveries recognisable. Pure: keys, secret and clock are parameters.
import type { KeyObject } from 'node:crypto';
import { verifyFalWebhook } from '../fal/webhook.js';
import { falJobId, parseFalJobId } from '../fal/job-id.js';
import { verifyOpenRouterCallback } from '../openrouter/callback.js';
import { openRouterJobId, parseOpenRouterJobId } from '../openrouter/job-id.js';
import { headerOf, type WebhookHeaders } from './headers.js';

export type DeliveryVerdict =
  | { ok: true; jobId: string; dedupKey: string }
  /** 401: not signed by the provider; 400: signed but not a delivery we can place. */
  | { ok: false; status: 400 | 401; reason: string };

function json(body: Uint8Array): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(body).toString('utf8'));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** fal posts to `<base>/fal/<endpoint id>` (the adapter names the endpoint in the URL; the body only has the request id). */
export function falDelivery(endpointPath: string, headers: WebhookHeaders, body: Uint8Array, keys: readonly KeyObject[], nowMs: number): DeliveryVerdict {
  const check = verifyFalWebhook(keys, headers, body, nowMs);
  if (!check.ok) return { ok: false, status: 401, reason: check.reason };
  let endpointId: string;
  try {
    endpointId = decodeURIComponent(endpointPath);
  } catch {
    return { ok: false, status: 400, reason: 'malformed endpoint in the webhook URL' };
  }
  const jobId = falJobId({ endpointId, requestId: check.requestId });
  if (!parseFalJobId(jobId)) return { ok: false, status: 400, reason: 'the webhook names no fal job' };
  const status = json(body)?.status;
  return { ok: true, jobId, dedupKey: `fal:${check.requestId}:${typeof status === 'string' ? status : ''}` };
}

/** OpenRouter posts `{type, created_at, data: {id, status, …}}` with `X-OpenRouter-Idempotency-Key: <id>-<status>`. */
export function openRouterDelivery(headers: WebhookHeaders, body: Uint8Array, secret: string, nowMs: number): DeliveryVerdict {
  const check = verifyOpenRouterCallback(secret, headers, body, nowMs);
  if (!check.ok) return { ok: false, status: 401, reason: check.reason };
  const data = json(body)?.data as { id?: unknown; status?: unknown } | undefined;
  const jobId = typeof data?.id === 'string' ? openRouterJobId(data.id) : '';
  if (!parseOpenRouterJobId(jobId)) return { ok: false, status: 400, reason: 'the callback names no OpenRouter job' };
  const key = headerOf(headers, 'x-openrouter-idempotency-key') ?? `${String(data?.id)}-${String(data?.status)}`;
  return { ok: true, jobId, dedupKey: `openrouter:${key}` };
}
