// Signed `video.completed` / `video.failed` events, as the guide describes and openai-node's webhooks.unwrap() verifies
// (Standard Webhooks: HMAC-SHA256 over `${id}.${timestamp}.${body}`; docs/design/openai-videos-protocol.md#webhooks).
import { createHmac } from 'node:crypto';
import type { SimClock } from './clock.js';
import { newId } from './ids.js';
import type { JobRecord } from './job.js';
import { jobStateAt, nextChangeAt } from './lifecycle.js';
import type { WebhookTarget } from './options.js';

export interface WebhookDelivery {
  eventId: string;
  type: 'video.completed' | 'video.failed';
  videoId: string;
  /** HTTP status of the last attempt, or the network error. */
  outcome: number | string;
  attempts: number;
}

// Real deliveries retry for 72 hours; a simulator retries a little, quickly.
const retryDelaysMs = [500, 2_000];

function secretBytes(secret: string): Buffer {
  return secret.startsWith('whsec_') ? Buffer.from(secret.slice('whsec_'.length), 'base64') : Buffer.from(secret, 'utf8');
}

/** The three headers that make `body` verifiable with the secret. */
export function signWebhook(secret: string, messageId: string, timestampSeconds: number, body: string): Record<string, string> {
  const signature = createHmac('sha256', secretBytes(secret)).update(`${messageId}.${timestampSeconds}.${body}`).digest('base64');
  return { 'webhook-id': messageId, 'webhook-timestamp': String(timestampSeconds), 'webhook-signature': `v1,${signature}` };
}

export class WebhookNotifier {
  readonly #target: WebhookTarget | undefined;
  readonly #clock: SimClock;
  readonly #wallClock: () => number;
  readonly #timers = new Map<string, NodeJS.Timeout>();
  readonly #watched = new Map<string, JobRecord>();
  readonly #deliveries: WebhookDelivery[] = [];
  readonly #sending = new Set<Promise<void>>();
  #closed = false;

  /** `wallClock` signs the timestamps: receivers compare it with theirs (±300 s), whatever advance() did to `clock`. */
  constructor(target: WebhookTarget | undefined, clock: SimClock, wallClock: () => number) {
    this.#target = target;
    this.#clock = clock;
    this.#wallClock = wallClock;
  }

  deliveries(): WebhookDelivery[] {
    return this.#deliveries.map((d) => ({ ...d }));
  }

  watch(job: JobRecord): void {
    if (!this.#target) return;
    this.#watched.set(job.id, job);
    this.check(job);
  }

  /** Send the event if the job is terminal now, else wake up when it may be. */
  check(job: JobRecord): void {
    if (!this.#target || this.#closed || !this.#watched.has(job.id)) return;
    clearTimeout(this.#timers.get(job.id));
    const now = this.#clock.now();
    const state = jobStateAt(job, now);
    if (state.status === 'completed' || state.status === 'failed') {
      this.#watched.delete(job.id);
      this.#timers.delete(job.id);
      this.#track(this.#send(job.id, state.status === 'completed' ? 'video.completed' : 'video.failed'));
      return;
    }
    const next = nextChangeAt(job, now);
    // No time known: the job waits for its media, whose completion calls check() again.
    if (next !== undefined && next > now) this.#timers.set(job.id, setTimeout(() => this.check(job), next - now).unref());
  }

  /** After the clock jumped forward. */
  checkAll(): void {
    for (const job of [...this.#watched.values()]) this.check(job);
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const timer of this.#timers.values()) clearTimeout(timer);
    await Promise.allSettled([...this.#sending]);
  }

  #track(sending: Promise<void>): void {
    this.#sending.add(sending);
    void sending.finally(() => this.#sending.delete(sending));
  }

  async #send(videoId: string, type: WebhookDelivery['type']): Promise<void> {
    const target = this.#target;
    if (!target) return;
    const createdAt = Math.floor(this.#clock.now() / 1000);
    const body = JSON.stringify({ id: newId('evt'), object: 'event', created_at: createdAt, type, data: { id: videoId } });
    const delivery: WebhookDelivery = { eventId: newId('msg'), type, videoId, outcome: 'pending', attempts: 0 };
    this.#deliveries.push(delivery);
    const headers = { 'content-type': 'application/json', ...signWebhook(target.secret, delivery.eventId, Math.floor(this.#wallClock() / 1000), body) };
    for (let attempt = 0; attempt <= retryDelaysMs.length && !this.#closed; attempt += 1) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, retryDelaysMs[attempt - 1]).unref());
      delivery.attempts += 1;
      try {
        const response = await fetch(target.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(10_000) });
        delivery.outcome = response.status;
        await response.body?.cancel();
        if (response.ok) return;
      } catch (error) {
        delivery.outcome = error instanceof Error ? error.message : String(error);
      }
    }
  }
}
