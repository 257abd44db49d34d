// The SDK adapter against a scripted loopback server: what goes on the wire for a paid call (no SDK retry, the
// idempotency header, the reference's real MIME type) and how each failure comes back classified.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOpenAIVideosProvider } from '../../../src/providers/openai-videos.js';
import type { VideoProvider } from '../../../src/providers/provider.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

type Answer = (req: IncomingMessage, res: ServerResponse) => void;

const video = (id: string, extra: Record<string, unknown> = {}) => ({
  id, object: 'video', model: 'sora-2', status: 'queued', progress: 0, created_at: 1_790_000_000, completed_at: null, expires_at: null,
  prompt: 'p', size: '720x1280', seconds: '4', remixed_from_video_id: null, error: null, ...extra,
});
const json = (status: number, body: unknown, headers: Record<string, string> = {}): Answer => (_req, res) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
};
const apiError = (status: number, code: string | null, headers: Record<string, string> = {}) =>
  json(status, { error: { message: `boom sk-test-secret-key-1234567890`, type: 'x', param: null, code } }, headers);

describe('createOpenAIVideosProvider', () => {
  let seen: Seen[];
  let answers: Answer[];
  let server: ReturnType<typeof createServer>;
  let provider: VideoProvider;
  const signal = new AbortController().signal;
  const paid = { signal, idempotencyKey: 'render-intent-1' };

  beforeEach(async () => {
    seen = [];
    answers = [];
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString('latin1') });
        (answers.shift() ?? json(200, video('video_default')))(req, res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    provider = createOpenAIVideosProvider({ apiKey: 'sk-test-secret-key-1234567890', baseURL: `http://127.0.0.1:${port}/v1`, paidTimeoutMs: 2_000, readTimeoutMs: 2_000 });
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends a create once, with the idempotency key, string seconds and the reference as image/png', async () => {
    answers.push(json(200, video('video_1')));
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const job = await provider.create({ model: 'sora-2', size: '720x1280', seconds: 8, prompt: 'a fox', reference: { bytes: png, mime: 'image/png' } }, paid);
    expect(job).toMatchObject({ id: 'video_1', status: 'queued', seconds: 4, createdAt: 1_790_000_000 });
    const [request] = seen;
    expect(request!.headers['idempotency-key']).toBe('render-intent-1');
    expect(request!.headers['x-stainless-retry-count']).toBe('0');
    expect(request!.body).toMatch(/name="seconds"\r\n\r\n8\r\n/);
    expect(request!.body).toMatch(/name="input_reference"; filename="reference.png"\r\nContent-Type: image\/png/);
  });

  it('never retries a paid call itself: one 500 is one request, classified ambiguous', async () => {
    answers.push(apiError(500, null, { 'x-should-retry': 'true' }));
    await expect(provider.create({ model: 'sora-2', size: '720x1280', seconds: 4, prompt: 'p' }, paid)).rejects.toMatchObject({ kind: 'server', status: 500 });
    expect(seen).toHaveLength(1);
    answers.push(apiError(503, null));
    await expect(provider.remix('video_0', 'again', paid)).rejects.toMatchObject({ kind: 'server' });
    expect(seen).toHaveLength(2);
    expect(seen[1]!.url).toBe('/v1/videos/video_0/remix');
  });

  it('leaves read retries to the executor (one budget per call) and reads the poll hint', async () => {
    answers.push(apiError(500, null));
    await expect(provider.retrieve('video_2', { signal })).rejects.toMatchObject({ kind: 'server', status: 500 });
    expect(seen.map((s) => s.headers['x-stainless-retry-count'])).toEqual(['0']);
    answers.push(json(200, video('video_2', { status: 'in_progress', progress: 40 }), { 'openai-poll-after-ms': '1234' }));
    const result = await provider.retrieve('video_2', { signal });
    expect(result).toMatchObject({ job: { status: 'in_progress', progress: 40 }, pollAfterMs: 1234 });
  });

  it('classifies rate limits with their Retry-After, quota, auth, and redacts the key from messages', async () => {
    answers.push(apiError(429, 'rate_limit_exceeded', { 'retry-after-ms': '2500' }));
    await expect(provider.create({ model: 'sora-2', size: '720x1280', seconds: 4, prompt: 'p' }, paid)).rejects.toMatchObject({ kind: 'rate-limited', retryAfterMs: 2500 });
    answers.push(apiError(429, 'insufficient_quota'));
    await expect(provider.create({ model: 'sora-2', size: '720x1280', seconds: 4, prompt: 'p' }, paid)).rejects.toMatchObject({ kind: 'quota-exhausted' });
    answers.push(apiError(401, 'invalid_api_key'));
    const error = (await provider.create({ model: 'sora-2', size: '720x1280', seconds: 4, prompt: 'p' }, paid).catch((e: unknown) => e)) as Error;
    expect(error).toMatchObject({ kind: 'auth', status: 401 });
    expect(error.message).not.toContain('sk-test-secret-key-1234567890');
  });

  it('tells a dropped answer (ambiguous) from a refused connection (not created)', async () => {
    answers.push((req) => req.socket.destroy());
    await expect(provider.create({ model: 'sora-2', size: '720x1280', seconds: 4, prompt: 'p' }, paid)).rejects.toMatchObject({ kind: 'transport' });
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await expect(provider.create({ model: 'sora-2', size: '720x1280', seconds: 4, prompt: 'p' }, paid)).rejects.toMatchObject({ kind: 'unreachable' });
    server.listen(0);
  });

  it('streams content with its length and type, and pages the list', async () => {
    answers.push((_req, res) => res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': '6' }).end(Buffer.from('abcdef')));
    const download = await provider.download('video_3', 'video', { signal });
    const parts: Uint8Array[] = [];
    for await (const chunk of download.body) parts.push(chunk);
    expect(Buffer.concat(parts).toString()).toBe('abcdef');
    expect(download).toMatchObject({ contentLength: 6, contentType: 'video/mp4' });
    expect(seen[0]!.url).toBe('/v1/videos/video_3/content?variant=video');

    answers.push(json(200, { object: 'list', data: [video('video_9'), video('video_8')], first_id: 'video_9', last_id: 'video_8', has_more: true }));
    const page = await provider.list!({ limit: 2, order: 'desc', after: 'video_10' }, { signal });
    expect(page).toMatchObject({ hasMore: true, lastId: 'video_8' });
    expect(page.jobs.map((j) => j.id)).toEqual(['video_9', 'video_8']);
    expect(seen[1]!.url).toBe('/v1/videos?limit=2&order=desc&after=video_10');
  });
});
