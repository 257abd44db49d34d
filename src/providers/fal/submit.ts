// The one call that costs money, sent exactly once: a direct POST to the queue, never through the SDK (whose submit
// resends on 429, 5xx and dropped connections whatever its `retry` option says; docs/providers-fal.md). A 429 or 4xx
// answer is a definite refusal; a dropped connection or a timeout after sending is ambiguous (`transport`).
import { classifyFalError, classifyFalHttp } from './errors.js';

export interface SubmitOnce {
  /** `${queue origin}/${endpoint id}`. */
  url: string;
  apiKey: string;
  input: Record<string, unknown>;
  /** `X-Fal-Tags` (key=value) for fal's usage reports. */
  tags: Record<string, string>;
  timeoutMs: number;
  signal: AbortSignal;
  redact: (text: string) => string;
  now: () => number;
  fetch?: typeof fetch;
}

export interface SubmitAnswer {
  requestId: string;
  queuePosition?: number;
  /** The answer's `Date` header, for the server clock. */
  date: string | null;
}

const tagText = (tags: Record<string, string>) => Object.entries(tags).map(([key, value]) => `${key}=${value.replace(/[,\r\n]/g, ' ')}`).join(',');

export async function submitOnce(o: SubmitOnce): Promise<SubmitAnswer> {
  const signal = AbortSignal.any([o.signal, AbortSignal.timeout(o.timeoutMs)]);
  let response: Response;
  let body: unknown;
  try {
    response = await (o.fetch ?? fetch)(o.url, {
      method: 'POST',
      headers: { authorization: `Key ${o.apiKey}`, 'content-type': 'application/json', accept: 'application/json', 'x-fal-queue-priority': 'normal', ...(Object.keys(o.tags).length > 0 ? { 'x-fal-tags': tagText(o.tags) } : {}) },
      body: JSON.stringify(o.input),
      signal,
    });
    const text = await response.text();
    body = text === '' ? {} : JSON.parse(text);
  } catch (error) {
    // A reset, a timeout or an unreadable answer after the bytes left: the job may exist (ambiguous).
    throw classifyFalError(error, o.signal, o.redact, o.now());
  }
  if (!response.ok) throw classifyFalHttp({ status: response.status, body, headers: response.headers, statusText: response.statusText }, o.redact, o.now());
  const answer = body as { request_id?: unknown; queue_position?: unknown };
  if (typeof answer.request_id !== 'string') {
    // Accepted but unreadable: the job exists and we cannot name it, so the outcome is unknown.
    throw classifyFalError(new Error(`fal accepted the submit but its answer has no request_id (HTTP ${response.status})`), o.signal, o.redact, o.now());
  }
  return {
    requestId: answer.request_id,
    ...(typeof answer.queue_position === 'number' ? { queuePosition: answer.queue_position } : {}),
    date: response.headers.get('date'),
  };
}
