// fal's Platform API request listing (`GET /v1/models/requests/by-endpoint`), the one way back to a request whose
// submit answer was lost, mapped to VideoJobs with the recipe the submit asked for. The SDK has no call for it.
import type { FalModelData } from '../../catalog/types.js';
import type { ListPage, VideoJob } from '../provider.js';
import { classifyFalError, classifyFalHttp, falDetailText, falErrorType } from './errors.js';
import { recipeOf } from './input.js';
import { falJobId } from './job-id.js';

export interface ListedRequest {
  request_id: string;
  endpoint_id: string;
  sent_at: string | null;
  started_at?: string | null;
  ended_at?: string | null;
  status_code?: number | null;
  json_input?: Record<string, unknown> | null;
  json_output?: unknown;
}

const seconds = (iso: string | null | undefined) => (iso ? Math.floor(Date.parse(iso) / 1000) : null);

/** A listed job, with the clip an extension continues (named by URL; the adapter maps it to the job that made it). */
export type ListedJob = VideoJob & { sourceVideoUrl?: string };

/** One listed request as a job; undefined for an endpoint the catalog does not know. Pure. */
export function listedJob(item: ListedRequest, models?: readonly FalModelData[]): ListedJob | undefined {
  const recipe = recipeOf(item.endpoint_id, item.json_input, models);
  if (!recipe) return undefined;
  const code = item.status_code ?? null;
  const failed = code !== null && code >= 400;
  return {
    id: falJobId({ endpointId: item.endpoint_id, requestId: item.request_id }),
    status: code === null ? (item.started_at ? 'in_progress' : 'queued') : failed ? 'failed' : 'completed',
    progress: code === null ? 0 : 100,
    ...recipe,
    createdAt: seconds(item.sent_at) ?? 0,
    completedAt: seconds(item.ended_at),
    expiresAt: null,
    remixedFromId: null,
    error: failed ? { code: falErrorType(item.json_output) ?? `http_${code}`, message: falDetailText(item.json_output) ?? `HTTP ${code}` } : null,
  };
}

export interface ListRequests {
  /** `${platform origin}/v1/models/requests/by-endpoint`. */
  url: string;
  apiKey: string;
  endpointIds: readonly string[];
  limit: number;
  cursor?: string;
  signal: AbortSignal;
  timeoutMs: number;
  redact: (text: string) => string;
  now: () => number;
  models?: readonly FalModelData[];
}

export async function listRequests(o: ListRequests): Promise<Omit<ListPage, 'jobs'> & { jobs: ListedJob[]; date: string | null }> {
  const query = new URLSearchParams({ expand: 'payloads', limit: String(Math.min(100, Math.max(1, o.limit))) });
  for (const id of o.endpointIds) query.append('endpoint_id', id);
  if (o.cursor) query.set('cursor', o.cursor);
  let response: Response;
  let body: unknown;
  try {
    response = await fetch(`${o.url}?${query}`, { headers: { authorization: `Key ${o.apiKey}`, accept: 'application/json' }, signal: AbortSignal.any([o.signal, AbortSignal.timeout(o.timeoutMs)]) });
    body = await response.json().catch(() => ({}));
  } catch (error) {
    throw classifyFalError(error, o.signal, o.redact, o.now());
  }
  if (!response.ok) throw classifyFalHttp({ status: response.status, body, headers: response.headers, statusText: response.statusText }, o.redact, o.now());
  const page = body as { items?: ListedRequest[]; next_cursor?: string | null; has_more?: boolean };
  const jobs = (page.items ?? []).flatMap((item) => listedJob(item, o.models) ?? []);
  return { jobs, hasMore: page.has_more === true && typeof page.next_cursor === 'string', ...(page.next_cursor ? { lastId: page.next_cursor } : {}), date: response.headers.get('date') };
}
