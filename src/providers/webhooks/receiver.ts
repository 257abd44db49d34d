// The run's webhook receiver (`render --webhooks`): a plain node:http server on the given host and port. fal posts
// to /fal/<endpoint id>, OpenRouter to /openrouter. Every delivery's signature is checked over its raw bytes (401
// when it fails), redeliveries are dropped, and the answer is 204 at once; only then is the job's wait woken, so a
// slow executor never makes the provider time out and resend. Nothing a delivery says is trusted beyond "look now".
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFalJwks, type FalJwks } from '../fal/jwks.js';
import { DeliveryDedup } from './dedup.js';
import { falDelivery, openRouterDelivery, type DeliveryVerdict } from './deliveries.js';

/** What deliveries are checked against; known once the providers are (the simulator's key and secret come late). */
export interface WebhookTrust {
  /** fal's JWKS (default fal's own); absent with no fal shots. */
  falJwksUrl?: string | undefined;
  /** OpenRouter's workspace signing secret; absent: every OpenRouter delivery is refused. */
  openRouterSecret?: string | undefined;
}

export interface ReceiverCounts {
  verified: number;
  duplicates: number;
  refused: number;
}

export interface WebhookReceiver {
  /** `http://host:port` as bound (port 0 resolved). */
  origin: string;
  setTrust(trust: WebhookTrust): void;
  counts(): ReceiverCounts;
  close(): Promise<void>;
}

export interface ReceiverOptions {
  host: string;
  port: number;
  /** Called once per verified, new delivery, after the 204 went out. */
  onDelivery: (jobId: string) => void;
  now?: () => number;
  fetch?: typeof fetch;
}

const bodyLimitBytes = 1024 ** 2;

async function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > bodyLimitBytes) return undefined;
    parts.push(chunk as Buffer);
  }
  return Buffer.concat(parts);
}

function answer(response: ServerResponse, status: number, text?: string): void {
  response.writeHead(status, text === undefined ? {} : { 'content-type': 'text/plain; charset=utf-8' });
  response.end(text);
}

export async function startWebhookReceiver(o: ReceiverOptions): Promise<WebhookReceiver> {
  const now = o.now ?? Date.now;
  const dedup = new DeliveryDedup();
  const counts: ReceiverCounts = { verified: 0, duplicates: 0, refused: 0 };
  let trust: WebhookTrust | undefined;
  let jwks: FalJwks | undefined;

  async function verdictOf(path: string, request: IncomingMessage, body: Buffer): Promise<DeliveryVerdict | undefined> {
    if (path === '/openrouter') {
      // No secret, nothing can verify (an empty HMAC key is one anybody can sign with).
      if (!trust?.openRouterSecret) return { ok: false, status: 401, reason: 'no OpenRouter signing secret is configured' };
      return openRouterDelivery(request.headers, body, trust.openRouterSecret, now());
    }
    if (!path.startsWith('/fal/') || !jwks) return undefined;
    const endpoint = path.slice('/fal/'.length);
    const first = falDelivery(endpoint, request.headers, body, await jwks.keys(), now());
    // A signature no cached key verifies may be fal's new key: look once more (rate-limited inside).
    if (!first.ok && first.status === 401 && first.reason.includes('any fal key') && (await jwks.refresh())) {
      return falDelivery(endpoint, request.headers, body, await jwks.keys(), now());
    }
    return first;
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://receiver').pathname;
    if (request.method !== 'POST') return answer(response, 405, 'POST only\n');
    if (!trust) return answer(response, 503, 'not ready\n');
    const body = await readBody(request);
    if (!body) return answer(response, 413, 'too large\n');
    let verdict: DeliveryVerdict | undefined;
    try {
      verdict = await verdictOf(path, request, body);
    } catch {
      // fal's keys could not be fetched: not a refusal, the provider retries later.
      return answer(response, 503, 'cannot check signatures now\n');
    }
    if (!verdict) return answer(response, 404, 'no such webhook route\n');
    if (!verdict.ok) {
      counts.refused += 1;
      return answer(response, verdict.status, verdict.status === 401 ? 'bad signature\n' : 'unplaceable delivery\n');
    }
    const duplicate = dedup.repeat(verdict.dedupKey);
    if (duplicate) counts.duplicates += 1;
    else counts.verified += 1;
    answer(response, 204);
    if (!duplicate) o.onDelivery(verdict.jobId);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) answer(response, 500);
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = o.host.includes(':') ? `[${o.host}]` : o.host;
  return {
    origin: `http://${host}:${port}`,
    setTrust: (next) => {
      trust = next;
      jwks = next.falJwksUrl ? createFalJwks(next.falJwksUrl, now, o.fetch) : undefined;
    },
    counts: () => ({ ...counts }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
