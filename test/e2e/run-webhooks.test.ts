// `render --webhooks` through the built CLI, with fal and OpenRouter shots on the simulator's faces: the faces post
// signed deliveries to the run's receiver, which verifies them, drops OpenRouter's redelivered copies, refuses forged
// ones with 401 (the run goes on unharmed) and wakes the waits, so the run reads job status less often than a run
// without webhooks. With every delivery failing, the slow fallback polling still finishes the run. Offline
// (`--provider sim`) the simulator's key and secret are wired in by themselves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unusedLoopbackPort } from '../support/ports.js';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { mixEnv, mixStoryboardYaml, type MixShot } from '../support/provider-mix.js';
import { baseEnv, explain, filesContaining, makeWorkspace, readReport, runRender, startCli, type Workspace } from '../support/run-harness.js';

// Two runs in the first test, under load from other suites on two cores.
const slow = 300_000;
const secret = 'or-webhook-secret-7f3a9c1e5b';
const statusRoutes = new Set(['fal.status', 'fal.stream', 'openrouter.poll']);
const shots = (tag: string): MixShot[] => [
  { id: 'or1', provider: 'openrouter', model: 'alibaba/wan-3.0', seconds: 2, prompt: `hooks ${tag}: gulls over a harbour` },
  { id: 'or2', provider: 'openrouter', model: 'alibaba/wan-3.0', seconds: 2, prompt: `hooks ${tag}: a boat leaves port` },
  { id: 'fal1', provider: 'fal', model: 'fal-ai/wan/v2.7', seconds: 2, prompt: `hooks ${tag}: nets drying in the sun` },
  { id: 'fal2', provider: 'fal', model: 'fal-ai/wan/v2.7', seconds: 2, prompt: `hooks ${tag}: a lighthouse at dusk` },
];

const workspaces: Workspace[] = [];
afterAll(() => Promise.all(workspaces.map((ws) => ws.cleanup())));

async function board(tag: string): Promise<Workspace> {
  const ws = await makeWorkspace(`render-hooks-${tag}-`);
  workspaces.push(ws);
  await ws.write('storyboard.yaml', mixStoryboardYaml({ name: `hooks-${tag}`, shots: shots(tag), cut: false }));
  return ws;
}

/** POST until the receiver answers (it starts with the run), then return the status. */
async function postWhenUp(url: string, body: string, headers: Record<string, string>, deadlineMs = 30_000): Promise<number> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    try {
      const response = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
      if (response.status !== 503) return response.status;
    } catch {
      if (Date.now() > until) throw new Error(`nothing listened at ${url}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const statusReads = (sim: Simulator) => sim.stats().requests.log.filter((e) => statusRoutes.has(e.route)).length;
const doneShots = async (ws: Workspace, tag: string) => (await readReport(`${ws.dir}/out/hooks-${tag}`)).shots.filter((s) => s.status === 'completed').length;

describe('render --webhooks against the simulator\'s fal and OpenRouter faces', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, timeScale: 0.05, rpm: 10_000, falConcurrency: 8, falDuplicateWebhooks: 1, openRouter: { callbackSecret: secret, duplicateCallbacks: 1 } });
  });
  afterAll(() => sim?.close());
  const env = (extra: Record<string, string> = {}) => mixEnv(sim, { OPENROUTER_WEBHOOK_SECRET: secret, RENDER_FAL_JWKS_URL: `${sim.falBaseURL}/.well-known/jwks.json`, ...extra });

  it('verified deliveries wake the waits: fewer status reads than polling, duplicates dropped, forgeries refused', async () => {
    const polled = await board('polled');
    const before = statusReads(sim);
    const plain = await runRender(['storyboard.yaml', '--base-url', sim.baseURL], { cwd: polled.dir, env: env() });
    expect(plain.code, explain(plain)).toBe(0);
    const readsPolling = statusReads(sim) - before;

    const hooked = await board('hooked');
    const port = await unusedLoopbackPort();
    const deliveredBefore = sim.stats().webhooks.length;
    const between = statusReads(sim);
    const run = startCli(['storyboard.yaml', '--base-url', sim.baseURL, '--webhooks', `127.0.0.1:${port}`], { cwd: hooked.dir, env: env() });
    // Forged while the run waits: a callback signed with the wrong secret, a fal delivery with a made-up signature.
    const forgedOr = JSON.stringify({ type: 'video.generation.completed', created_at: new Date().toISOString(), data: { id: 'gen-vid-1-forged', status: 'completed' } });
    const t = Math.floor(Date.now() / 1000);
    const { createHmac } = await import('node:crypto');
    const orStatus = await postWhenUp(`http://127.0.0.1:${port}/openrouter`, forgedOr, { 'x-openrouter-signature': `t=${t},v1=${createHmac('sha256', 'not-the-secret').update(`${t},${forgedOr}`).digest('hex')}` });
    const falStatus = await postWhenUp(`http://127.0.0.1:${port}/fal/fal-ai/wan/v2.7/text-to-video`, '{"request_id":"r1","status":"OK"}', {
      'x-fal-webhook-request-id': 'r1', 'x-fal-webhook-user-id': 'u', 'x-fal-webhook-timestamp': String(t), 'x-fal-webhook-signature': 'ab'.repeat(64),
    });
    const result = await run.done;
    expect(result.code, explain(result)).toBe(0);
    expect([orStatus, falStatus]).toEqual([401, 401]);
    expect(await doneShots(hooked, 'hooked')).toBe(4);
    const readsWebhooks = statusReads(sim) - between;

    // Every delivery the faces sent was answered 204: 2 fal results and 2 OpenRouter callbacks, each sent twice.
    const sent = sim.stats().webhooks.slice(deliveredBefore);
    expect(sent.map((d) => d.outcome)).toEqual(Array(8).fill(204));
    expect(result.stderr + result.stdout).toContain('webhooks: 4 verified, 4 duplicates dropped, 2 refused');
    // The 30 s fallback never came due: each job was read once or twice, not polled.
    expect(readsWebhooks).toBeLessThan(readsPolling);
    expect(readsWebhooks).toBeLessThanOrEqual(8);
    expect(await filesContaining(hooked.dir, [secret])).toEqual([]);
    expect(result.stdout + result.stderr).not.toContain(secret);
  }, slow);

  it('with every delivery failing (nothing listens at the URL the providers were given), polling finishes the run', async () => {
    const ws = await board('lost');
    const unreachable = await unusedLoopbackPort();
    const deliveredBefore = sim.stats().webhooks.length;
    const result = await runRender(['storyboard.yaml', '--base-url', sim.baseURL, '--webhooks', '127.0.0.1:0', '--webhook-url', `http://127.0.0.1:${unreachable}`], {
      cwd: ws.dir,
      env: env({ RENDER_WEBHOOK_FALLBACK_MS: '300' }),
    });
    expect(result.code, explain(result)).toBe(0);
    expect(await doneShots(ws, 'lost')).toBe(4);
    expect(result.stderr + result.stdout).toContain('webhooks: 0 verified');
    expect(sim.stats().webhooks.slice(deliveredBefore).some((d) => d.outcome !== 204)).toBe(true);
  }, slow);

  it('OpenRouter shots with --webhooks need OPENROUTER_WEBHOOK_SECRET: one clear usage error, nothing sent', async () => {
    const ws = await board('nosecret');
    const submits = sim.stats().requests.log.filter((e) => e.route.endsWith('submit')).length;
    const result = await runRender(['storyboard.yaml', '--base-url', sim.baseURL, '--webhooks', '127.0.0.1:0'], { cwd: ws.dir, env: env({ OPENROUTER_WEBHOOK_SECRET: '' }) });
    expect(result.code, explain(result)).toBe(2);
    expect(result.stderr).toContain('--webhooks with OpenRouter shots needs OPENROUTER_WEBHOOK_SECRET');
    expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(sim.stats().requests.log.filter((e) => e.route.endsWith('submit')).length).toBe(submits);
  }, slow);
});

describe('render --provider sim --webhooks', () => {
  it('works offline: the simulator\'s JWKS and signing secret are wired in, every delivery verified', async () => {
    const ws = await board('offline');
    const result = await runRender(['storyboard.yaml', '--provider', 'sim', '--webhooks', '127.0.0.1:0'], { cwd: ws.dir, env: baseEnv({ RENDER_SIM_TIME_SCALE: '0.03', RENDER_POLL_MIN_MS: '50' }) });
    expect(result.code, explain(result)).toBe(0);
    expect(await doneShots(ws, 'offline')).toBe(4);
    expect(result.stderr + result.stdout).toContain('webhooks: 4 verified, 0 duplicates dropped, 0 refused');
  }, slow);

  it('a malformed --webhooks is a usage error', async () => {
    const ws = await board('bad');
    const result = await runRender(['storyboard.yaml', '--provider', 'sim', '--webhooks', 'here:port'], { cwd: ws.dir, env: baseEnv() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--webhooks 'here:port' is not [HOST:]PORT");
    const alone = await runRender(['storyboard.yaml', '--provider', 'sim', '--webhook-url', 'https://hooks.example.com'], { cwd: ws.dir, env: baseEnv() });
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain('--webhook-url needs --webhooks [HOST:]PORT');
  });
});
