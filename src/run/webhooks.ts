// Webhooks for one run (`render --webhooks`): the receiver is started before the providers (they need its URL for
// their submits), told whom to trust once they exist (the simulator's key and secret are made with it), and closed
// at the end. Verified deliveries wake the job's wait through a JobSignalHub; polling stays on as the slow fallback.
import { JobSignalHub } from '../execute/job-signals.js';
import { providerOfJob } from '../providers/routing.js';
import { startWebhookReceiver, type ReceiverCounts, type WebhookTrust } from '../providers/webhooks/receiver.js';
import type { WebhookListen } from './webhook-listen.js';

/** The providers that post webhooks; Runway and the OpenAI protocol are polled only. */
export const webhookProviders = ['fal', 'openrouter'] as const;

export interface RunWebhooks {
  /** Per provider used that posts webhooks: the URL its submits name. */
  urls: { fal?: string; openrouter?: string };
  signals: JobSignalHub;
  setTrust(trust: WebhookTrust): void;
  counts(): ReceiverCounts;
  close(): Promise<void>;
}

export async function openRunWebhooks(listen: WebhookListen, used: ReadonlySet<string>): Promise<RunWebhooks> {
  const enabled = new Set<string>(webhookProviders.filter((name) => used.has(name)));
  const signals = new JobSignalHub((jobId) => enabled.has(providerOfJob(jobId)));
  const receiver = await startWebhookReceiver({ host: listen.host, port: listen.port, onDelivery: (jobId) => signals.wake(jobId) });
  const base = listen.publicUrl ?? receiver.origin;
  return {
    urls: {
      ...(enabled.has('fal') ? { fal: `${base}/fal` } : {}),
      ...(enabled.has('openrouter') ? { openrouter: `${base}/openrouter` } : {}),
    },
    signals,
    setTrust: (trust) => receiver.setTrust(trust),
    counts: () => receiver.counts(),
    close: () => receiver.close(),
  };
}
