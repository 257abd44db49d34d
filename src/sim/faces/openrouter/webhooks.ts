// Callbacks on each terminal status: POST `{type, created_at, data}` to the job's `callback_url` (or the workspace
// default), with `X-OpenRouter-Idempotency-Key: <job id>-<status>` and, when a signing secret is set,
// `X-OpenRouter-Signature: t=<unix s>,v1=<hex HMAC-SHA256(secret, "<t>," + body)>` over the exact bytes sent.
import { createHmac } from 'node:crypto';
import type { SimClock } from '../../clock.js';
import type { SimState } from '../../context.js';
import { newId } from '../../ids.js';
import type { JobRecord } from '../../job.js';
import type { TerminalStatus } from '../../terminal-watch.js';
import { deliver, TerminalNotifier, type WebhookDelivery } from '../../webhooks.js';
import { jobBody, viewAt } from './job-view.js';
import type { OpenRouterJob } from './state.js';

/** The signature header for `body` sent at `timestampSeconds`. */
export function signOpenRouterCallback(secret: string, timestampSeconds: number, body: string): string {
  const v1 = createHmac('sha256', secret).update(`${timestampSeconds},${body}`).digest('hex');
  return `t=${timestampSeconds},v1=${v1}`;
}

export class OpenRouterWebhooks extends TerminalNotifier {
  readonly #wallClock: () => number;
  #sim: SimState | undefined;

  /** `wallClock` stamps the signature: receivers compare it with theirs (±300 s), whatever advance() did. */
  constructor(clock: SimClock, wallClock: () => number) {
    super(clock);
    this.#wallClock = wallClock;
  }

  bind(sim: SimState): void {
    this.#sim = sim;
  }

  watch(job: JobRecord): void {
    if (this.#sim?.openRouter.jobs.get(job.id)?.callbackUrl) this.watcher.watch(job);
  }

  #payload(entry: OpenRouterJob, sim: SimState): { status: string; body: string } {
    const view = viewAt(entry, sim.openRouter.settings(), sim.clock.now());
    const { polling_url: _polling, ...job } = jobBody(entry, view);
    const data = { ...job, generation_id: entry.generationId, model: entry.model.id };
    return { status: view.status, body: JSON.stringify({ type: `video.generation.${view.status}`, created_at: new Date(sim.clock.now()).toISOString(), data }) };
  }

  protected async send(job: JobRecord, _status: TerminalStatus): Promise<void> {
    const sim = this.#sim;
    const entry = sim?.openRouter.jobs.get(job.id);
    if (!sim || !entry?.callbackUrl) return;
    const settings = sim.openRouter.settings();
    const { status, body } = this.#payload(entry, sim);
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-openrouter-idempotency-key': `${entry.id}-${status}` };
    if (settings.callbackSecret) headers['x-openrouter-signature'] = signOpenRouterCallback(settings.callbackSecret, Math.floor(this.#wallClock() / 1000), body);
    // A duplicate-delivery fault sends the identical event again, as a redelivery would.
    for (let copy = 0; copy <= settings.duplicateCallbacks && !this.watcher.closed; copy += 1) {
      const delivery: WebhookDelivery = { eventId: newId('msg'), type: `video.generation.${status}` as WebhookDelivery['type'], videoId: entry.id, outcome: 'pending', attempts: 0 };
      this.sent.push(delivery);
      await deliver({ url: entry.callbackUrl, headers, body }, delivery, () => this.watcher.closed);
    }
  }
}
