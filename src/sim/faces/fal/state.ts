// What the fal face remembers beside the shared job store: each queue request, uploads, and the concurrency slots.
import type { FalCharge } from '../../../catalog/fal-catalog.js';
import type { FalEndpoint, FalModelData } from '../../../catalog/types.js';
import type { JobRecord } from '../../job.js';
import type { FalWebhooks } from './webhooks.js';

/** How a job that cannot succeed ends, as its result call will answer. */
export interface FalErrorAnswer {
  status: number;
  body: unknown;
  /** `error_type` on the status and in `X-Fal-Error-Type`. */
  errorType: string;
  /** The human `error` string of the COMPLETED status. */
  message: string;
}

export interface FalRequest {
  requestId: string;
  job: JobRecord;
  model: FalModelData;
  endpoint: FalEndpoint;
  /** The input as received (for the listing's `json_input`). */
  input: Record<string, unknown>;
  charge: FalCharge;
  /** `X-Fal-Tags` as sent, split into pairs. */
  tags: Record<string, string>;
  /** Set when the job fails: the answer of its result call. */
  error?: FalErrorAnswer;
  cancelledAtMs?: number;
  /** `fal_webhook` of the submit: where the completion is POSTed. */
  webhookUrl?: string;
  /** The origin the client reached us at, for URLs in webhook payloads. */
  origin: string;
}

export interface FalUpload {
  contentType: string;
  fileName: string;
  data?: Buffer;
}

export interface FalFaceState {
  requests: Map<string, FalRequest>;
  uploads: Map<string, FalUpload>;
  /** When each of the account's concurrency slots is next free (simulator clock, ms). */
  slotFreeAtMs: number[];
  webhooks: FalWebhooks;
}

export function createFalState(concurrency: number, webhooks: FalWebhooks): FalFaceState {
  return { requests: new Map(), uploads: new Map(), slotFreeAtMs: Array.from({ length: concurrency }, () => 0), webhooks };
}
