// GET …/requests/{id} (and …/response): the model's output, or the model's own error with its status; PUT …/cancel.
import { stat } from 'node:fs/promises';
import { frameRate } from '../../media/ffmpeg-args.js';
import type { Reply, RequestContext, SimState } from '../../context.js';
import type { FalRequest } from './state.js';
import { jobStateAt } from '../../lifecycle.js';
import { FalHttpError, notFound } from './errors.js';
import { errorOf, falStatusAt, requestIn } from './status.js';
import { outputUrl } from './storage.js';

export async function handleFalResult(ctx: RequestContext): Promise<Reply> {
  const request = requestIn(ctx);
  const { sim } = ctx;
  const now = sim.clock.now();
  const headers = { 'x-fal-request-id': request.requestId };
  if (falStatusAt(request, now) !== 'COMPLETED') throw new FalHttpError(400, { detail: 'Request is still in progress' }, headers);
  const state = jobStateAt(request.job, now);
  const finished = state.finishedAtMs ?? now;
  const keptUntil = Math.min(finished + sim.options.falResultTtlSeconds * 1000, request.job.expiredAtMs ?? Number.POSITIVE_INFINITY);
  if (now >= keptUntil) throw notFound(`The result of request ${request.requestId} is no longer available: results are kept ${sim.options.falResultTtlSeconds} s after completion.`);
  const error = errorOf(request, now);
  if (error) throw new FalHttpError(error.status, error.body, { ...headers, 'x-fal-error-type': error.errorType });
  return { kind: 'json', body: await outputBody(sim, request, ctx.origin), headers: { ...headers, 'x-fal-billable-units': String(request.charge.units) } };
}

/** A completed request's output, as the result call and an `OK` webhook carry it. */
export async function outputBody(sim: SimState, request: FalRequest, origin: string): Promise<Record<string, unknown>> {
  const { job } = request;
  const files = await sim.media.clip({ prompt: job.prompt, size: job.size, seconds: job.seconds });
  const [width = 0, height = 0] = job.size.split('x').map(Number);
  const video = {
    url: outputUrl(origin, request.requestId),
    content_type: 'video/mp4',
    file_name: 'output.mp4',
    file_size: (await stat(files.video)).size,
    width,
    height,
    fps: frameRate,
    duration: job.seconds,
    num_frames: job.seconds * frameRate,
  };
  return { video, seed: job.seq + 1 };
}

export function handleFalCancel(ctx: RequestContext): Reply {
  let request;
  try {
    request = requestIn(ctx);
  } catch {
    return { kind: 'json', status: 404, body: { status: 'NOT_FOUND' } };
  }
  const now = ctx.sim.clock.now();
  const status = falStatusAt(request, now);
  if (status === 'COMPLETED') return { kind: 'json', status: 400, body: { status: 'ALREADY_COMPLETED' } };
  if (status === 'IN_QUEUE') {
    // Removed from the queue and never run: it ends now, COMPLETED with client_cancelled, and is not charged.
    request.job.queueMs = now - request.job.createdAtMs;
    request.job.failure = { code: 'client_cancelled', message: 'The request was cancelled by the client.', atFraction: 0 };
    request.cancelledAtMs = now;
  }
  // A running request gets the signal and may ignore it: this one runs to the end and is charged.
  return { kind: 'json', status: 202, body: { status: 'CANCELLATION_REQUESTED' } };
}
