// `render sim` as a user runs it: eval-able OPENAI_* lines, a working API, Ctrl-C stops it with exit 0.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { createFalClient } from '@fal-ai/client';
import RunwayML from '@runwayml/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderBin, runCli } from '../support/cli.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sim-cli-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

interface Running {
  child: ChildProcessWithoutNullStreams;
  env: Record<string, string>;
  stderr: () => string;
  exit: Promise<number | null>;
}

function startSim(args: string[]): Promise<Running> {
  const child = spawn(process.execPath, [renderBin, 'sim', '--port', '0', '--media-cache-dir', join(dir, 'media'), ...args], { env: { ...process.env, NO_COLOR: '1' } });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      const env = Object.fromEntries(stdout.split('\n').filter((l) => l.includes('=')).map((l) => l.split(/=(.*)/s).slice(0, 2) as [string, string]));
      if (env.OPENAI_BASE_URL && env.OPENAI_API_KEY) resolve({ child, env, stderr: () => stderr, exit });
    });
    void exit.then((code) => reject(new Error(`render sim exited with ${code} before printing its URL: ${stderr}`)));
  });
}

describe('render sim', () => {
  it('prints OPENAI_BASE_URL and OPENAI_API_KEY, serves the SDK, logs with --verbose, and exits 0 on SIGINT', async () => {
    const sim = await startSim(['--time-scale', '0.01', '--verbose', '--api-key', 'sk-sim-cli-test']);
    expect(sim.env.OPENAI_BASE_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(sim.env.OPENAI_API_KEY).toBe('sk-sim-cli-test');
    const client = new OpenAI({ apiKey: sim.env.OPENAI_API_KEY, baseURL: sim.env.OPENAI_BASE_URL, maxRetries: 0 });
    const video = await client.videos.create({ prompt: 'from the command line', size: '1280x720' });
    let status = video.status;
    for (let i = 0; i < 200 && status !== 'completed'; i += 1) {
      await new Promise((r) => setTimeout(r, 50));
      status = (await client.videos.retrieve(video.id)).status;
    }
    expect(status).toBe('completed');
    const stats = (await client.get('/sim/stats')) as { billed: { microUsd: number } };
    expect(stats.billed.microUsd).toBe(400_000);
    sim.child.kill('SIGINT');
    expect(await sim.exit).toBe(0);
    expect(sim.stderr()).toMatch(/POST \/v1\/videos 200 \d+ms video_[0-9a-f]{32}/);
    expect(sim.stderr()).toContain('1 jobs, 4 s, $0.40 simulated spend');
  });

  it('prints RENDER_FAL_BASE_URL and FAL_KEY, and serves the unmodified fal SDK at that one origin', async () => {
    const sim = await startSim(['--time-scale', '0.01', '--fal-concurrency', '1']);
    expect(sim.env.RENDER_FAL_BASE_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/fal$/);
    const base = sim.env.RENDER_FAL_BASE_URL ?? '';
    const fal = createFalClient({
      credentials: sim.env.FAL_KEY,
      requestMiddleware: async (request) => ({ ...request, url: request.url.replace(/^https:\/\/(?:queue\.fal\.run|rest\.fal\.ai)/, base) }),
    });
    const result = await fal.subscribe('fal-ai/veo3.1/fast', { input: { prompt: 'from the command line', duration: '4s' }, pollInterval: 50 });
    expect((result.data as unknown as { video: { width: number } }).video.width).toBe(1280);
    sim.child.kill('SIGINT');
    expect(await sim.exit).toBe(0);
    expect(sim.stderr()).toContain('1 jobs, 4 s, $0.60 simulated spend');
  });

  it('prints the Runway and OpenRouter endpoints and keys, and the official clients reach them', async () => {
    const sim = await startSim(['--time-scale', '0.01']);
    expect(sim.env.RENDER_RUNWAY_BASE_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/runway$/);
    expect(sim.env.RENDER_OPENROUTER_BASE_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/openrouter\/api\/v1$/);
    expect(sim.env.RUNWAYML_API_SECRET).toBe(sim.env.OPENAI_API_KEY);
    expect(sim.env.OPENROUTER_API_KEY).toBe(sim.env.OPENAI_API_KEY);
    const runway = new RunwayML({ apiKey: sim.env.RUNWAYML_API_SECRET, baseURL: sim.env.RENDER_RUNWAY_BASE_URL });
    const task = await runway.textToVideo.create({ model: 'gen4.5', promptText: 'from the command line', ratio: '1280:720', duration: 4 });
    expect((await runway.tasks.retrieve(task.id)).id).toBe(task.id);
    const models = await fetch(`${sim.env.RENDER_OPENROUTER_BASE_URL}/videos/models`, { headers: { authorization: `Bearer ${sim.env.OPENROUTER_API_KEY}` } });
    expect(models.status).toBe(200);
    sim.child.kill('SIGINT');
    expect(await sim.exit).toBe(0);
  });

  it('exits 2 on a bad --fal-validate-at', async () => {
    const result = await runCli(['sim', '--fal-validate-at', 'later']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--fal-validate-at: expected 'submit' or 'result'");
  });

  it('prints a generated webhook secret when --webhook-url is given without RENDER_SIM_WEBHOOK_SECRET', async () => {
    const sim = await startSim(['--webhook-url', 'http://127.0.0.1:9/hook']);
    await new Promise((r) => setTimeout(r, 100));
    expect(sim.env.OPENAI_WEBHOOK_SECRET).toMatch(/^whsec_/);
    sim.child.kill('SIGTERM');
    expect(await sim.exit).toBe(0);
  });

  it('exits 2 with a clear message on a bad flag value', async () => {
    const result = await runCli(['sim', '--fail-rate', '2']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--fail-rate: expected a number from 0 to 1');
  });

  it('exits 1 with a hint when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as { port: number }).port;
    const result = await runCli(['sim', '--port', String(port)]);
    blocker.close();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
    expect(result.stderr).toContain('--port 0');
  });
});
