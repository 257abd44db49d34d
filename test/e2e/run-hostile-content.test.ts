// The built bin against a hostile content route, with the default limits: a 1 TB Content-Length, an endless body and
// a one-byte-every-10-s trickle each fail their shot quickly with a clear message and under 64 MB sent (so under
// 64 MB written), leave no temp file, and keep the job paid for: a re-run against a healed server downloads it
// without paying again. A 502 page is requested a bounded number of times, reported truthfully and in one short line.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { FaultStep, Simulator } from '../../src/sim/index.js';
import { explain, runRender, simEnv, storyboardYaml, useSimAndWorkspace, type Workspace } from '../support/run-harness.js';

const maxSent = 64 * 1024 ** 2;

describe('render against hostile content bodies (bin, default limits)', () => {
  let sim: Simulator;
  let ws: Workspace;
  let round = 0;
  useSimAndWorkspace({ timeScale: 0.01, seed: 5, rpm: 1000 }, 'render-hostile-', (s, w) => {
    sim = s;
    ws = w;
  });
  beforeEach(async () => {
    sim.faults.clear();
    round += 1;
    // A prompt of its own per test, so each pays for one new job.
    await ws.write('storyboard.yaml', storyboardYaml({ name: 'hostile', shots: [{ id: 'one', prompt: `hostile body test ${round}` }], cut: false }));
  });

  const videoRequests = (from: number) => sim.stats().requests.log.slice(from).filter((e) => e.route === 'content' && e.fault !== 'none');

  async function runWith(step: FaultStep) {
    sim.faults.always('content', step);
    const from = sim.stats().requests.log.length;
    const started = performance.now();
    const result = await runRender(['storyboard.yaml', '--base-url', sim.baseURL, '--no-stitch'], { cwd: ws.dir, env: simEnv(sim), timeoutMs: 90_000 });
    const seconds = (performance.now() - started) / 1000;
    const hostile = videoRequests(from);
    const sent = hostile.reduce((sum, e) => sum + (e.bytesSent ?? 0), 0);
    console.info(`[figures] bin ${JSON.stringify(step).slice(0, 40)}: ${hostile.length} hostile answers, ${sent} bytes sent, ${seconds.toFixed(1)} s`);
    return { result, seconds, hostile, sent, output: `${result.stdout}\n${result.stderr}` };
  }

  async function expectCleanAndRecoverable() {
    expect(await readdir(join(ws.dir, '.render', 'tmp'))).toEqual([]);
    sim.faults.clear();
    const jobs = sim.stats().jobs.length;
    const again = await runRender(['storyboard.yaml', '--base-url', sim.baseURL, '--no-stitch'], { cwd: ws.dir, env: simEnv(sim) });
    expect(again.code, explain(again)).toBe(0);
    expect(sim.stats().jobs.length, 'the re-run downloads the recorded job, it does not pay again').toBe(jobs);
  }

  it('a 1 TB Content-Length fails the shot in seconds, nothing written, one request', async () => {
    const { result, seconds, hostile, sent, output } = await runWith({ announceBytes: 999_999_999_999 });
    expect(result.code, explain(result)).toBe(1);
    expect(output).toMatch(/announced 999999999999 bytes \(953674\.3 MiB\), more than the 26\.6 MiB limit for a 1280x720 4 s clip/);
    expect(output).toMatch(/--max-clip-mb/);
    expect(hostile).toHaveLength(1);
    expect(sent).toBeLessThan(maxSent);
    expect(seconds).toBeLessThan(15);
    await expectCleanAndRecoverable();
  });

  it('an endless body after a valid MP4 start is cut off at the limit in seconds', async () => {
    const { result, seconds, hostile, sent, output } = await runWith('endless');
    expect(result.code, explain(result)).toBe(1);
    expect(output).toMatch(/the body ran past the 26\.6 MiB limit for a 1280x720 4 s clip/);
    expect(hostile).toHaveLength(1);
    expect(sent).toBeLessThan(maxSent);
    expect(seconds).toBeLessThan(15);
    await expectCleanAndRecoverable();
  });

  it('one byte every 10 s fails on the rate floor within a minute', async () => {
    const { result, seconds, hostile, output } = await runWith({ trickleMs: 10_000 });
    expect(result.code, explain(result)).toBe(1);
    expect(output).toMatch(/trickling: 1 bytes in the last 10 s/);
    expect(hostile).toHaveLength(1);
    expect(seconds).toBeLessThan(60);
    await expectCleanAndRecoverable();
  }, 120_000);

  it('a 502 page on content: 5 requests, reported as 5, as one short line without markup', async () => {
    const page = `<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><hr>nginx${'<p>x</p>'.repeat(2000)}</body></html>`;
    const { result, hostile, output } = await runWith({ status: 502, htmlBody: page });
    expect(result.code, explain(result)).toBe(1);
    expect(hostile).toHaveLength(5);
    expect(output).toMatch(/failed after 5 requests \(last: 502 502 Bad Gateway 502 Bad Gateway nginx/);
    expect(output).not.toMatch(/<\/?(p|html|h1)>/);
    await expectCleanAndRecoverable();
  }, 120_000);
});
