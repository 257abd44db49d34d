// The official @openrouter/sdk pointed at the simulator's OpenRouter face (`serverURL` includes `/api/v1`), and a
// loopback receiver that keeps each callback's raw bytes and headers, for signature checks.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OpenRouter } from '@openrouter/sdk';
import type { Simulator } from '../../src/sim/index.js';

export type Json = Record<string, unknown>;

/** Retries off unless asked: the SDK's default resends a POST on 5xx for up to an hour. */
export function openRouterSdkFor(sim: Simulator, options: { apiKey?: string; retries?: boolean } = {}): OpenRouter {
  return new OpenRouter({
    // Explicit, so a real OPENROUTER_API_KEY in the environment is never sent anywhere.
    apiKey: options.apiKey ?? sim.apiKey,
    serverURL: sim.openRouterBaseURL,
    ...(options.retries ? {} : { retryConfig: { strategy: 'none' } }),
    timeoutMs: 20_000,
  });
}

export interface Callback {
  headers: IncomingHttpHeaders;
  raw: Buffer;
  json: Json;
}

export interface Receiver {
  url: string;
  received: Callback[];
  /** Resolves once `count` callbacks arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<Callback[]>;
  close(): Promise<void>;
}

export async function startReceiver(status = 204): Promise<Receiver> {
  const received: Callback[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      received.push({ headers: req.headers, raw, json: JSON.parse(raw.toString('utf8')) as Json });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    async waitFor(count, timeoutMs = 5_000) {
      const until = Date.now() + timeoutMs;
      while (received.length < count && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 10));
      return received;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Every key whose value is `null`, as paths (the poll answer must have none). */
export function nullPaths(value: unknown, path = '$'): string[] {
  if (value === null) return [path];
  if (Array.isArray(value)) return value.flatMap((item, i) => nullPaths(item, `${path}[${i}]`));
  if (typeof value === 'object') return Object.entries(value as Json).flatMap(([key, item]) => nullPaths(item, `${path}.${key}`));
  return [];
}
