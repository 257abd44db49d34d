// fal's completion webhooks: on `?fal_webhook=<url>` the simulator POSTs `{request_id, gateway_request_id, status,
// payload}` signed with its own Ed25519 key (fal's scheme; the public key is served at /fal/.well-known/jwks.json).
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { Reply, RequestContext, SimState } from '../../context.js';
import type { JobRecord } from '../../job.js';
import { newId } from '../../ids.js';
import type { SimClock } from '../../clock.js';
import type { TerminalStatus } from '../../terminal-watch.js';
import { deliver, TerminalNotifier, type WebhookDelivery } from '../../webhooks.js';
import { outputBody } from './result.js';
import type { FalRequest } from './state.js';
import { errorOf } from './status.js';

export const simUserId = 'sim-user';

/** The signed message of fal's scheme: request id, user id, timestamp and the body's SHA-256, one per line. */
export function falWebhookMessage(requestId: string, userId: string, timestampSeconds: number, body: string): Buffer {
  return Buffer.from(`${requestId}\n${userId}\n${timestampSeconds}\n${createHash('sha256').update(body).digest('hex')}`, 'utf8');
}

export class FalWebhooks extends TerminalNotifier {
  readonly #privateKey: KeyObject;
  readonly #publicJwk: Record<string, unknown>;
  readonly #wallClock: () => number;
  readonly #requests = new Map<string, FalRequest>();
  readonly #duplicates: number;
  #sim: SimState | undefined;

  /** `duplicates`: a fault, each delivery sent this many extra times (receivers must act once per request id). */
  constructor(clock: SimClock, wallClock: () => number, duplicates = 0) {
    super(clock);
    this.#duplicates = duplicates;
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    this.#privateKey = privateKey;
    this.#publicJwk = { ...publicKey.export({ format: 'jwk' }), kid: 'sim', use: 'sig', alg: 'EdDSA' };
    this.#wallClock = wallClock;
  }

  /** The state to read results from; set once, after the state exists. */
  bind(sim: SimState): void {
    this.#sim = sim;
  }

  jwks(): { keys: Record<string, unknown>[] } {
    return { keys: [this.#publicJwk] };
  }

  watch(job: JobRecord): void {
    const request = this.#sim?.fal.requests.get(job.id);
    if (!request?.webhookUrl) return;
    this.#requests.set(job.id, request);
    this.watcher.watch(job);
  }

  async #payload(request: FalRequest, status: TerminalStatus): Promise<Record<string, unknown>> {
    const base = { request_id: request.requestId, gateway_request_id: request.requestId };
    const sim = this.#sim;
    const error = status === 'failed' && sim ? errorOf(request, sim.clock.now()) : undefined;
    if (status === 'completed' && sim) return { ...base, status: 'OK', payload: await outputBody(sim, request, request.origin) };
    return { ...base, status: 'ERROR', error: `Invalid status code: ${error?.status ?? 500}`, payload: error?.body ?? null };
  }

  protected async send(job: JobRecord, status: TerminalStatus): Promise<void> {
    const request = this.#requests.get(job.id);
    if (!request?.webhookUrl) return;
    this.#requests.delete(job.id);
    const body = JSON.stringify(await this.#payload(request, status));
    const timestamp = Math.floor(this.#wallClock() / 1000);
    const signature = sign(null, falWebhookMessage(request.requestId, simUserId, timestamp, body), this.#privateKey).toString('hex');
    const headers = {
      'content-type': 'application/json',
      'x-fal-webhook-request-id': request.requestId,
      'x-fal-webhook-user-id': simUserId,
      'x-fal-webhook-timestamp': String(timestamp),
      'x-fal-webhook-signature': signature,
    };
    for (let copy = 0; copy <= this.#duplicates && !this.watcher.closed; copy += 1) {
      const delivery: WebhookDelivery = { eventId: newId('msg'), type: status === 'completed' ? 'fal.ok' : 'fal.error', videoId: request.requestId, outcome: 'pending', attempts: 0 };
      this.sent.push(delivery);
      await deliver({ url: request.webhookUrl, headers, body }, delivery, () => this.watcher.closed);
    }
  }
}

export function handleJwks(ctx: RequestContext): Reply {
  return { kind: 'json', body: ctx.sim.fal.webhooks.jwks() };
}
