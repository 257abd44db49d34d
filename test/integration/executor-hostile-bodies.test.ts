// A broken or hostile server cannot fill the disk or hold a run: a 1 TB Content-Length, an endless body after a valid
// MP4 start and a one-byte trickle each fail that shot quickly with a clear code and hint, write far less than 64 MB,
// leave no temp file, and are not re-downloaded in the same run. A 502 on content is requested a bounded number of
// times and the message says how many; an HTML error page is reduced to a short line.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createOpenAIVideosProvider } from '../../src/providers/openai-videos.js';
import type { VideoProvider } from '../../src/providers/provider.js';
import type { FaultStep } from '../../src/sim/index.js';
import { shot, startHarness, type Harness } from '../support/executor-harness.js';

const limitMiB = 64;

describe('hostile content bodies (simulator, real SDK)', () => {
  let h: Harness;
  afterEach(async () => h.close());

  const contentRequests = () => h.sim.stats().requests.log.filter((e) => e.route === 'content' && !e.path.includes('thumbnail'));
  const sentBytes = () => contentRequests().reduce((sum, e) => sum + (e.bytesSent ?? 0), 0);

  /** The real provider, counting every body byte handed to the executor (an upper bound of what it wrote). */
  function countingProvider(counter: { read: number }): VideoProvider {
    const real = createOpenAIVideosProvider({ apiKey: h.sim.apiKey, baseURL: h.sim.baseURL, readTimeoutMs: 10_000 });
    return {
      create: (...args) => real.create(...args),
      remix: (...args) => real.remix(...args),
      retrieve: (...args) => real.retrieve(...args),
      list: (...args) => real.list!(...args),
      delete: (...args) => real.delete(...args),
      download: async (...args) => {
        const response = await real.download(...args);
        async function* counted() {
          for await (const chunk of response.body) {
            counter.read += chunk.length;
            yield chunk;
          }
        }
        return { ...response, body: counted() };
      },
    };
  }

  async function runAgainst(step: FaultStep, overrides: Parameters<Harness['execute']>[0] = {}) {
    h = await startHarness();
    h.sim.faults.always('content', step);
    const counter = { read: 0 };
    const started = performance.now();
    const result = await h.execute({ shots: [shot('one', 'A kite over a beach')], provider: countingProvider(counter), ...overrides });
    const seconds = (performance.now() - started) / 1000;
    console.info(`[figures] ${JSON.stringify(step).slice(0, 40)}: ${counter.read} bytes read by the executor, ${sentBytes()} sent by the server, ${seconds.toFixed(2)} s`);
    expect(counter.read).toBeLessThan(limitMiB * 1024 ** 2);
    return { result, seconds };
  }

  async function expectNoTempFile() {
    expect(await readdir(join(h.cacheDir, 'tmp'))).toEqual([]);
  }

  it('a 1 TB Content-Length is refused before a byte is written, once, within seconds', async () => {
    const { result, seconds } = await runAgainst({ announceBytes: 999_999_999_999 });
    const error = result.shots[0]!.error!;
    expect(error.code).toBe('DOWNLOAD_TOO_LARGE');
    expect(error.message).toMatch(/announced 999999999999 bytes .*more than the 26\.6 MiB limit for a 720x1280 4 s clip/);
    expect(error.hint).toMatch(/paid for and recorded: a re-run tries the download again.*--max-clip-mb/);
    expect(result.shots[0]!.costMicroUsd, 'the job stays paid for').toBe(400_000);
    expect(contentRequests().filter((e) => e.videoId === result.shots[0]!.jobId)).toHaveLength(1);
    expect(sentBytes()).toBeLessThan(limitMiB * 1024 ** 2);
    expect(seconds).toBeLessThan(10);
    await expectNoTempFile();
  });

  it('an endless body after a valid MP4 start is cut off at the clip limit, once, within seconds', async () => {
    const { result, seconds } = await runAgainst('endless');
    const error = result.shots[0]!.error!;
    expect(error.code).toBe('DOWNLOAD_TOO_LARGE');
    expect(error.message).toMatch(/the body ran past the 26\.6 MiB limit for a 720x1280 4 s clip \(cut off there\)/);
    expect(contentRequests()).toHaveLength(1);
    expect(sentBytes()).toBeLessThan(limitMiB * 1024 ** 2);
    expect(seconds).toBeLessThan(10);
    await expectNoTempFile();
  });

  it('a body trickling one byte at a time fails on the rate floor, not retried, within seconds', async () => {
    // The floor's window shortened from 10 s to 1 s so the test takes seconds; the idle limit never fires (bytes move).
    const { result, seconds } = await runAgainst({ trickleMs: 200 }, { downloadFloor: { minBytes: 64 * 1024, windowMs: 1_000 }, downloadIdleMs: 5_000 });
    const error = result.shots[0]!.error!;
    expect(error.code).toBe('DOWNLOAD_TOO_SLOW');
    expect(error.message).toMatch(/trickling: \d bytes in the last 1 s/);
    expect(contentRequests()).toHaveLength(1);
    expect(seconds).toBeLessThan(5);
    await expectNoTempFile();
  });

  it('a 502 on content is requested exactly readAttempts (5) times, and the message says 5 requests', async () => {
    const page = `<!DOCTYPE html><html><head><title>502 Bad Gateway</title><style>body{color:red}</style></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center>${'<p>padding</p>'.repeat(400)}</body></html>`;
    const { result } = await runAgainst({ status: 502, htmlBody: page });
    const error = result.shots[0]!.error!;
    expect(error.code).toBe('DOWNLOAD_FAILED');
    expect(contentRequests()).toHaveLength(5);
    expect(error.message).toMatch(/failed after 5 requests \(last: 502 502 Bad Gateway 502 Bad Gateway nginx padding/);
    expect(error.message).not.toMatch(/[<>]|color:red/);
    expect(error.message.length).toBeLessThan(320);
    const retries = h.events.filter((e) => e.type === 'retry' && e.what === 'download');
    expect(retries).toHaveLength(4);
  });
});
