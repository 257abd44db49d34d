// Signed `video.completed` / `video.failed` events, as the guide describes and openai-node's webhooks.unwrap() verifies
// (Standard Webhooks: HMAC-SHA256 over `${id}.${timestamp}.${body}`; docs/design/openai-videos-protocol.md#webhooks).
import { createHmac } from 'node:crypto';
import type { SimClock } from './clock.js';
import { newId } from './ids.js';
import type { JobRecord } from './job.js';
import { TerminalWatcher, type TerminalStatus } from './terminal-watch.js';
import type { WebhookTarget } from './options.js';

export interface WebhookDelivery {
  eventId: string;
  /** `fal.ok` / `fal.error`: a fal face webhook (`fal_webhook` on submit); `video.generation.*`: an OpenRouter callback. */
  type: 'video.completed' | 'video.failed' | 'fal.ok' | 'fal.error' | 'video.generation.completed' | 'video.generation.failed' | 'video.generation.expired';
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

export interface DeliveryTarget {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** POST one event, retrying a little, quickly; records the outcome on `delivery` as it goes. */
export async function deliver(target: DeliveryTarget, delivery: WebhookDelivery, isClosed: () => boolean): Promise<void> {
  for (let attempt = 0; attempt <= retryDelaysMs.length && !isClosed(); attempt += 1) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, retryDelaysMs[attempt - 1]).unref());
    delivery.attempts += 1;
    try {
      const response = await fetch(target.url, { method: 'POST', headers: target.headers, body: target.body, signal: AbortSignal.timeout(10_000) });
      delivery.outcome = response.status;
      await response.body?.cancel();
      if (response.ok) return;
    } catch (error) {
      delivery.outcome = error instanceof Error ? error.message : String(error);
    }
  }
}

/** Sends in flight, so close() can wait for them. */
class SendTracker {
  readonly #sending = new Set<Promise<void>>();

  track(sending: Promise<void>): void {
    this.#sending.add(sending);
    void sending.finally(() => this.#sending.delete(sending));
  }

  async settled(): Promise<void> {
    await Promise.allSettled([...this.#sending]);
  }
}

/** Woken when a watched job becomes terminal; each protocol's notifier decides what it sends and to whom. */
export abstract class TerminalNotifier {
  protected readonly watcher: TerminalWatcher;
  protected readonly sent: WebhookDelivery[] = [];
  readonly #sending = new SendTracker();

  constructor(clock: SimClock) {
    this.watcher = new TerminalWatcher(clock, (job, status) => this.#sending.track(this.send(job, status)));
  }

  protected abstract send(job: JobRecord, status: TerminalStatus): Promise<void>;

  deliveries(): WebhookDelivery[] {
    return this.sent.map((d) => ({ ...d }));
  }

  /** Send if the job is terminal now, else wake up when it may be. */
  check(job: JobRecord): void {
    this.watcher.check(job);
  }

  /** After the clock jumped forward. */
  checkAll(): void {
    this.watcher.checkAll();
  }

  async close(): Promise<void> {
    this.watcher.close();
    await this.#sending.settled();
  }
}

export class WebhookNotifier extends TerminalNotifier {
  readonly #target: WebhookTarget | undefined;
  readonly #clock: SimClock;
  readonly #wallClock: () => number;

  /** `wallClock` signs the timestamps: receivers compare it with theirs (±300 s), whatever advance() did to `clock`. */
  constructor(target: WebhookTarget | undefined, clock: SimClock, wallClock: () => number) {
    super(clock);
    this.#target = target;
    this.#clock = clock;
    this.#wallClock = wallClock;
  }

  watch(job: JobRecord): void {
    if (this.#target) this.watcher.watch(job);
  }

  protected async send(job: JobRecord, status: TerminalStatus): Promise<void> {
    const target = this.#target;
    if (!target) return;
    const videoId = job.id;
    const type = status === 'completed' ? 'video.completed' : 'video.failed';
    const createdAt = Math.floor(this.#clock.now() / 1000);
    const body = JSON.stringify({ id: newId('evt'), object: 'event', created_at: createdAt, type, data: { id: videoId } });
    const delivery: WebhookDelivery = { eventId: newId('msg'), type, videoId, outcome: 'pending', attempts: 0 };
    this.sent.push(delivery);
    const headers = { 'content-type': 'application/json', ...signWebhook(target.secret, delivery.eventId, Math.floor(this.#wallClock() / 1000), body) };
    await deliver({ url: target.url, headers, body }, delivery, () => this.watcher.closed);
  }
}
