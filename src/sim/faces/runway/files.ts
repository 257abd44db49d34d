// Output files: each `GET /v1/tasks/{id}` of a SUCCEEDED task mints a fresh signed URL that works for the configured
// retention ("These URLs will expire within 24-48 hours; fetch the task again to get fresh URLs", SDK
// src/resources/tasks.ts), like the real API's self-authenticating links: no key is needed to fetch one.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Reply, RequestContext } from '../../context.js';
import { RunwayHttpError } from './errors.js';
import type { RunwayFaceState, RunwayTask } from './state.js';
import { taskViewAt } from './status.js';

export const runwayPrefix = '/runway';
const filePath = /\/runway\/files\/([0-9a-f-]{36})\/(\d+)\/([0-9a-f]{32})\/output\.mp4$/;

function signature(state: RunwayFaceState, id: string, expiresAtMs: number): string {
  return createHmac('sha256', state.secret).update(`${id}:${expiresAtMs}`).digest('hex').slice(0, 32);
}

export function outputUrl(ctx: RequestContext, task: RunwayTask): string {
  const state = ctx.sim.runway;
  const expiresAtMs = ctx.sim.clock.now() + state.options.outputTtlSeconds * 1000;
  return `${ctx.origin}${runwayPrefix}/files/${task.id}/${expiresAtMs}/${signature(state, task.id, expiresAtMs)}/output.mp4`;
}

/** A URL of ours naming a task's output, whether or not it still works. */
export function outputTaskOf(ctx: RequestContext, url: string): RunwayTask | undefined {
  if (!url.startsWith(`${ctx.origin}${runwayPrefix}/files/`)) return undefined;
  const id = filePath.exec(url.split('?')[0] ?? '')?.[1];
  return id ? ctx.sim.runway.tasks.get(id) : undefined;
}

const denied = () => new RunwayHttpError(403, 'Access denied: the URL has expired or its signature is invalid');

export async function handleOutputFile(ctx: RequestContext): Promise<Reply> {
  const [id = '', expiry = '', sig = ''] = ctx.params;
  ctx.videoId = id;
  const state = ctx.sim.runway;
  const expected = Buffer.from(signature(state, id, Number(expiry)));
  if (expected.length !== sig.length || !timingSafeEqual(expected, Buffer.from(sig))) throw denied();
  const now = ctx.sim.clock.now();
  const task = state.tasks.get(id);
  // `expire(id)` ends every URL of the task at once.
  if (now >= Number(expiry) || (task?.job.expiredAtMs !== undefined && now >= task.job.expiredAtMs)) throw denied();
  // Deleting a task removes its output.
  if (!task || task.deletedAtMs !== undefined || taskViewAt(task, now).status !== 'SUCCEEDED') throw new RunwayHttpError(404, 'Not found');
  const { job } = task;
  const seconds = ctx.fault.content?.kind === 'wrong-duration' ? ctx.fault.content.seconds : job.seconds;
  const files = await ctx.sim.media.clip({ prompt: job.prompt, size: job.size, seconds });
  return { kind: 'file', path: files.video, contentType: 'video/mp4' };
}
