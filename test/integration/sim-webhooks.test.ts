// Signed video.completed / video.failed events that openai-node's webhooks.unwrap() accepts
// (docs/design/openai-videos-protocol.md#webhooks).
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type SimHarness } from '../unit/sim/support/harness.js';

interface Received {
  body: string;
  headers: IncomingHttpHeaders;
}

let receiver: Server;
let received: Received[];
let h: SimHarness;
const secret = `whsec_${randomBytes(32).toString('base64')}`;

beforeEach(async () => {
  received = [];
  receiver = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (d: string) => (body += d));
    req.on('end', () => {
      received.push({ body, headers: req.headers });
      res.end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
  h = await startHarness({ webhook: { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`, secret } });
});
afterEach(async () => {
  await h.close();
  await new Promise((r) => receiver.close(r));
});

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i += 1) await new Promise((r) => setTimeout(r, 25));
}

describe('webhooks', () => {
  it('sends one verifiable event per finished job, completed or failed', async () => {
    const done = await h.client.videos.create({ prompt: 'webhook ok' });
    const blocked = await h.client.videos.create({ prompt: 'webhook MODERATION_TEST' });
    await h.sim.settled();
    h.sim.advance(60_000);
    await until(() => received.length >= 2);
    const verifier = new OpenAI({ apiKey: 'unused', webhookSecret: secret });
    const events = await Promise.all(received.map((r) => verifier.webhooks.unwrap(r.body, r.headers as Record<string, string>)));
    const byVideo = Object.fromEntries(events.map((e) => [(e as unknown as { data: { id: string } }).data.id, (e as { type: string }).type]));
    expect(byVideo).toEqual({ [done.id]: 'video.completed', [blocked.id]: 'video.failed' });
    expect(events[0]).toMatchObject({ object: 'event', id: expect.stringMatching(/^evt_/) });
    await until(() => h.sim.stats().webhooks.every((d) => d.outcome !== 'pending'));
    expect(h.sim.stats().webhooks.map((d) => d.outcome)).toEqual([200, 200]);
  });

  it('a tampered body fails verification', async () => {
    await h.client.videos.create({ prompt: 'tamper' });
    await h.sim.settled();
    h.sim.advance(60_000);
    await until(() => received.length >= 1);
    const [event] = received;
    const verifier = new OpenAI({ apiKey: 'unused', webhookSecret: secret });
    await expect(verifier.webhooks.unwrap((event?.body ?? '').replace('video.completed', 'video.failed'), event?.headers as Record<string, string>)).rejects.toThrow(/signature/);
  });
});
