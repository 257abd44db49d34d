// GET /videos/{id}/content?variant=…: the files of a completed, unexpired, undeleted job, or a 404 saying why not.
import type { Reply, RequestContext } from '../context.js';
import { invalidRequest, notFound, quoteList, videoNotFound } from '../http/api-error.js';
import { expiresAtMs } from '../job.js';
import { jobStateAt } from '../lifecycle.js';

const variants = { video: 'video/mp4', thumbnail: 'image/webp', spritesheet: 'image/jpeg' } as const;
type Variant = keyof typeof variants;

function readVariant(raw: string | null): Variant {
  const variant = raw ?? 'video';
  if (!(variant in variants)) throw invalidRequest(`Invalid value: '${variant}'. Supported values are: ${quoteList(Object.keys(variants), 'and')}.`, 'variant', 'invalid_value');
  return variant as Variant;
}

export async function handleContent(ctx: RequestContext): Promise<Reply> {
  const { sim } = ctx;
  ctx.videoId = ctx.id;
  const variant = readVariant(ctx.query.get('variant'));
  const job = sim.store.get(ctx.id);
  if (!job) throw videoNotFound(ctx.id);
  const now = sim.clock.now();
  const status = jobStateAt(job, now).status;
  // Gateways answer 404 for content that is not ready (docs/design/openai-videos-protocol.md#content).
  if (status !== 'completed') throw notFound(`Video '${job.id}' has no content: its status is '${status}'.`, 'video_id');
  const expires = expiresAtMs(job, now, sim.options.ttlSeconds);
  if (expires !== null && now >= expires) throw notFound(`The content of video '${job.id}' expired at ${new Date(expires).toISOString()} and is no longer available.`, 'video_id');
  const content = ctx.fault.content;
  // Asking the store again costs three stat calls, and re-renders if the cache folder was cleaned under a running simulator.
  const seconds = content?.kind === 'wrong-duration' ? content.seconds : job.seconds;
  const files = await sim.media.clip({ prompt: job.prompt, size: job.size, seconds });
  return { kind: 'file', path: files[variant], contentType: variants[variant] };
}
