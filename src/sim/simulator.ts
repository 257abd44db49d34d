// startSimulator(): wires the state, listens on 127.0.0.1, and hands tests the controls they need.
import { access } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClock } from './clock.js';
import type { SimState } from './context.js';
import { expireJob } from './controls.js';
import { FaultController } from './faults/controller.js';
import type { FaultControls, FaultRates } from './faults/types.js';
import { handleRequest } from './http/pipeline.js';
import { JobStore } from './job-store.js';
import { isFilterSafePath } from './media/ffmpeg-args.js';
import { MediaStore } from './media/media-store.js';
import { resolveOptions, type SimulatorOptions } from './options.js';
import { seededRandom } from './prng.js';
import { SlidingWindowLimiter } from './rate-limiter.js';
import { RequestLog } from './request-log.js';
import { buildStats, type SimStats } from './stats.js';
import { WebhookNotifier } from './webhooks.js';
import { openaiFace } from './api/openai-face.js';
import { falFace, falPrefix } from './faces/fal/face.js';
import { createFalState } from './faces/fal/state.js';
import { FalWebhooks } from './faces/fal/webhooks.js';
import type { Face } from './http/face.js';
import { runwayFace, runwayPrefix } from './faces/runway/face.js';
import { createRunwayState } from './faces/runway/state.js';

import { openRouterFace, openRouterPrefix } from './faces/openrouter/face.js';
import { createOpenRouterState, type OpenRouterControls } from './faces/openrouter/state.js';
import { OpenRouterWebhooks } from './faces/openrouter/webhooks.js';

// The fal face owns /fal/…, the Runway face /runway/…, the OpenRouter face /openrouter/…; every other path is the
// /v1/videos face's.
const faces: readonly Face[] = [falFace, runwayFace, openRouterFace, openaiFace];

export interface Simulator {
  /** `http://127.0.0.1:PORT/v1`, ready for `new OpenAI({ baseURL, apiKey })`. */
  baseURL: string;
  /** `http://127.0.0.1:PORT/fal`: stands in for every fal host (queue, storage, Platform API), paths unchanged. */
  falBaseURL: string;
  /** `http://127.0.0.1:PORT/runway`: the `baseURL` of `new RunwayML(...)` (the SDK adds `/v1/…`). */
  runwayBaseURL: string;
  /** `http://127.0.0.1:PORT/openrouter/api/v1`: the OpenRouter SDK's `serverURL` (it includes `/api/v1`). */
  openRouterBaseURL: string;
  /** The OpenRouter face's settings (cost factor, retention, callback secret, duplicate callbacks…). */
  openRouter: OpenRouterControls;
  apiKey: string;
  port: number;
  /** Every job created (with its price) and every request seen, as of now. */
  stats(): SimStats;
  faults: FaultControls;
  /** The simulator clock (ms); `advance` moves it forward, so jobs progress and limits reset without waiting. */
  now(): number;
  advance(ms: number): void;
  /** Expire a job's content now; false if there is no such job. */
  expire(id: string): boolean;
  /** Resolves once every media render started so far has finished (tests that assert on ffmpeg work). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

const rateKeys: readonly (keyof FaultRates)[] = ['failRate', 'errorRate', 'dropRate', 'lateErrorRate', 'resetRate', 'slowRate', 'slowMs', 'listLagMs', 'listOmitsPrompt', 'clockSkewMs', 'echoKey'];

function initialRates(options: SimulatorOptions): Partial<FaultRates> {
  return Object.fromEntries(rateKeys.filter((key) => options[key] !== undefined).map((key) => [key, options[key]]));
}

async function fontFileOrNone(path: string): Promise<string | undefined> {
  if (!isFilterSafePath(path)) throw new RangeError(`fontFile may contain only letters, digits, '_', '.', '/' and '-': ${path}`);
  return access(path).then(() => path, () => undefined);
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

async function createState(options: SimulatorOptions): Promise<SimState> {
  const resolved = resolveOptions(options);
  const clock = createClock(resolved.clock);
  const fontFile = await fontFileOrNone(resolved.fontFile);
  const falWebhooks = new FalWebhooks(clock, resolved.clock, resolved.falDuplicateWebhooks);
  const openRouterWebhooks = new OpenRouterWebhooks(clock, resolved.clock);
  const state: SimState = {
    options: resolved,
    clock,
    store: new JobStore(),
    faults: new FaultController(seededRandom(resolved.seed), initialRates(options)),
    limiter: new SlidingWindowLimiter(),
    media: new MediaStore({ ...resolved, dir: resolved.mediaCacheDir, fontFile, env: resolved.childEnv, concurrency: resolved.mediaConcurrency }),
    log: new RequestLog(),
    webhooks: new WebhookNotifier(resolved.webhook, clock, resolved.clock),
    characters: new Map(),
    idempotency: new Map(),
    renders: new Set(),
    fal: createFalState(resolved.falConcurrency, falWebhooks),
    runway: createRunwayState(options.runway, resolved.timeScale),
    openRouter: createOpenRouterState(options.openRouter, openRouterWebhooks),
  };
  falWebhooks.bind(state);
  openRouterWebhooks.bind(state);
  return state;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const sim = await createState(options);
  // handleRequest answers every error itself; this catch only guards against a throwing onRequest callback.
  const server = createServer({ keepAliveTimeout: 10_000 }, (req, res) => void handleRequest(faces, sim, req, res).catch(() => res.destroy()));
  const port = await listen(server, sim.options.port);
  const settled = async () => void (await Promise.allSettled([...sim.renders]));
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    falBaseURL: `http://127.0.0.1:${port}${falPrefix}`,
    runwayBaseURL: `http://127.0.0.1:${port}${runwayPrefix}`,
    openRouterBaseURL: `http://127.0.0.1:${port}${openRouterPrefix}/api/v1`,
    openRouter: { set: (change) => sim.openRouter.set(change), settings: () => sim.openRouter.settings() },
    apiKey: sim.options.apiKey,
    port,
    stats: () => buildStats(sim),
    faults: sim.faults,
    now: () => sim.clock.now(),
    advance(ms) {
      sim.clock.advance(ms);
      sim.webhooks.checkAll();
      sim.fal.webhooks.checkAll();
      sim.openRouter.webhooks.checkAll();
    },
    expire: (id) => expireJob(sim, id),
    settled,
    async close() {
      sim.media.abort();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await Promise.all([closed, sim.webhooks.close(), sim.fal.webhooks.close(), sim.openRouter.webhooks.close(), settled()]);
    },
  };
}
