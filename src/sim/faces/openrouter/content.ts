// GET /videos/{id}/content?index=N: the real MP4 at the asked size and length, `Content-Type: video/mp4` exactly;
// before completion 409 (or 400, a setting), after expiry 410, an index past the outputs 404.
import type { Reply, RequestContext } from '../../context.js';
import { OpenRouterHttpError, notFound } from './errors.js';
import { jobIn, viewAt } from './job-view.js';

export async function handleContent(ctx: RequestContext): Promise<Reply> {
  const entry = jobIn(ctx);
  const settings = ctx.sim.openRouter.settings();
  const view = viewAt(entry, settings, ctx.sim.clock.now());
  if (view.status === 'expired') throw new OpenRouterHttpError(410, `Video generation job ${entry.id} has expired; its output is no longer available`);
  if (view.status === 'failed' || view.status === 'cancelled') throw notFound(`Video generation job ${entry.id} ${view.status}: it has no output`);
  if (view.status !== 'completed') throw new OpenRouterHttpError(settings.contentBeforeCompletion, `Video generation job ${entry.id} is not completed yet (status: ${view.status})`);
  const raw = ctx.query.get('index') ?? '0';
  if (raw !== '0') throw notFound(`Video generation job ${entry.id} has no output at index ${raw}`);
  const { job } = entry;
  const seconds = ctx.fault.content?.kind === 'wrong-duration' ? ctx.fault.content.seconds : job.seconds;
  const files = await ctx.sim.media.clip({ prompt: job.prompt, size: job.size, seconds });
  return { kind: 'file', path: files.video, contentType: 'video/mp4' };
}
