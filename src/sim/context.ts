// What every request handler can reach: the simulator's state, this request's inputs, and what it changed.
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { SimClock } from './clock.js';
import type { FaultController } from './faults/controller.js';
import type { ResolvedFault } from './faults/types.js';
import type { ParsedBody } from './http/read-body.js';
import type { JobRecord } from './job.js';
import type { JobStore } from './job-store.js';
import type { MediaStore } from './media/media-store.js';
import type { ResolvedOptions } from './options.js';
import type { SlidingWindowLimiter } from './rate-limiter.js';
import type { RequestLog } from './request-log.js';
import type { WebhookNotifier } from './webhooks.js';
import type { FalFaceState } from './faces/fal/state.js';
import type { RunwayFaceState } from './faces/runway/state.js';
import type { OpenRouterFaceState } from './faces/openrouter/state.js';

export interface Character {
  id: string;
  name: string;
  createdAtMs: number;
}

export interface SimState {
  options: ResolvedOptions;
  clock: SimClock;
  store: JobStore;
  faults: FaultController;
  limiter: SlidingWindowLimiter;
  media: MediaStore;
  log: RequestLog;
  webhooks: WebhookNotifier;
  characters: Map<string, Character>;
  /** Idempotency-Key → job id. */
  idempotency: Map<string, string>;
  /** Media renders in flight, so close() can wait for them to settle. */
  renders: Set<Promise<void>>;
  /** What only the fal face remembers: request ids, inputs, uploads, concurrency slots. */
  fal: FalFaceState;
  /** What only the Runway face remembers: tasks, their slots, the organization's settings. */
  runway: RunwayFaceState;
  /** What only the OpenRouter face remembers: its jobs, callbacks and settings. */
  openRouter: OpenRouterFaceState;
}

export interface RequestContext {
  sim: SimState;
  /** The id in the path, when the route has one. */
  id: string;
  /** Every capture of the route's pattern. */
  params: string[];
  /** `http://host:port` as the client reached us, for URLs in answers. */
  origin: string;
  /** The body as bytes, on routes that take raw uploads. */
  raw?: Buffer;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: ParsedBody;
  fault: ResolvedFault;
  /** Set by paid routes: the job this request created (or replayed). */
  created?: JobRecord;
  /** Set by routes about one video, for the request log. */
  videoId?: string;
}

export type Reply =
  | { kind: 'json'; status?: number; body: unknown; headers?: Record<string, string> }
  | { kind: 'file'; path: string; contentType: string }
  | { kind: 'bytes'; status?: number; contentType: string; data: Buffer; headers?: Record<string, string> }
  /** The handler writes the answer itself (server-sent events). */
  | { kind: 'stream'; run: (res: ServerResponse) => Promise<void> };
