// fal storage as the SDK uses it: POST /storage/upload/initiate → {upload_url, file_url}; an unauthenticated PUT of
// the bytes to upload_url; the file then served at file_url. Generated videos are served under /fal/files too.
import { randomUUID } from 'node:crypto';
import type { Reply, RequestContext } from '../../context.js';
import { jobStateAt } from '../../lifecycle.js';
import { FalHttpError, notFound } from './errors.js';

const outputPath = /\/fal\/files\/([0-9a-f-]{36})\/output\.mp4$/;
const uploadPath = /\/fal\/files\/uploads\/([0-9a-f-]{36})\//;

/** The URL a completed request's video is served at. */
export function outputUrl(origin: string, requestId: string): string {
  return `${origin}/fal/files/${requestId}/output.mp4`;
}

/** A video URL the simulator served: its length and size; 'missing' if it names nothing we serve; undefined if foreign. */
export function sourceOf(ctx: RequestContext, url: string): { seconds: number; size: string } | 'missing' | undefined {
  if (!url.startsWith(`${ctx.origin}/fal/files/`)) return undefined;
  const output = outputPath.exec(url);
  const request = output?.[1] ? ctx.sim.fal.requests.get(output[1]) : undefined;
  if (request) return jobStateAt(request.job, ctx.sim.clock.now()).status === 'completed' ? { seconds: request.job.seconds, size: request.job.size } : 'missing';
  const upload = uploadPath.exec(url);
  const file = upload?.[1] ? ctx.sim.fal.uploads.get(upload[1]) : undefined;
  return file?.data ? undefined : 'missing';
}

export function handleUploadInitiate(ctx: RequestContext): Reply {
  const { content_type: contentType, file_name: fileName } = ctx.body.fields;
  if (typeof contentType !== 'string' || typeof fileName !== 'string' || !/^[A-Za-z0-9._-]{1,200}$/.test(fileName)) {
    throw new FalHttpError(422, { detail: [{ loc: ['body', 'file_name'], msg: 'content_type and file_name (letters, digits, . _ -) are required', type: 'value_error' }] });
  }
  const token = randomUUID();
  ctx.sim.fal.uploads.set(token, { contentType, fileName });
  return { kind: 'json', body: { upload_url: `${ctx.origin}/fal/storage/upload/put/${token}`, file_url: `${ctx.origin}/fal/files/uploads/${token}/${fileName}` } };
}

export function handleUploadPut(ctx: RequestContext): Reply {
  const upload = ctx.sim.fal.uploads.get(ctx.id);
  if (!upload) throw notFound('Upload URL not found or already used');
  upload.data = ctx.raw ?? Buffer.alloc(0);
  return { kind: 'json', body: { ok: true } };
}

export function handleUploadedFile(ctx: RequestContext): Reply {
  const upload = ctx.sim.fal.uploads.get(ctx.id);
  if (!upload?.data || ctx.params[1] !== upload.fileName) throw notFound('File not found');
  return { kind: 'bytes', contentType: upload.contentType, data: upload.data };
}

export async function handleOutputFile(ctx: RequestContext): Promise<Reply> {
  ctx.videoId = ctx.id;
  const request = ctx.sim.fal.requests.get(ctx.id);
  const now = ctx.sim.clock.now();
  if (!request || jobStateAt(request.job, now).status !== 'completed') throw notFound('File not found');
  // CDN files live "forever if not configured"; only an explicit expire() removes one.
  if (request.job.expiredAtMs !== undefined && now >= request.job.expiredAtMs) throw notFound('File has expired');
  const { job } = request;
  const seconds = ctx.fault.content?.kind === 'wrong-duration' ? ctx.fault.content.seconds : job.seconds;
  const files = await ctx.sim.media.clip({ prompt: job.prompt, size: job.size, seconds });
  return { kind: 'file', path: files.video, contentType: 'video/mp4' };
}
