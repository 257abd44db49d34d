// The naive script the executor bench compares against: what a person writes around the official openai SDK with its
// default settings. For each shot, with the same concurrency (p-limit): create (or remix, once the parent is done),
// retrieve every second until the job ends, then download the video once. No cache, journal, budget or rate limiter.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import OpenAI from 'openai';
import pLimit from 'p-limit';

/**
 * Runs `shots` ({id, prompt, model, size, seconds, remixOf?}, parents first) against `baseURL`; writes each clip to
 * `outDir`. Resolves with {finishedAtMs, failed: [{id, message}]} once every shot has ended.
 */
export async function runNaive({ baseURL, apiKey, shots, concurrency, outDir }) {
  const client = new OpenAI({ apiKey, baseURL });
  const limit = pLimit(concurrency);
  const done = new Map();
  const failed = [];
  const one = async (shot, parentId) => {
    let video = parentId
      ? await client.videos.remix(parentId, { prompt: shot.prompt })
      : await client.videos.create({ model: shot.model, prompt: shot.prompt, size: shot.size, seconds: String(shot.seconds) });
    while (video.status === 'queued' || video.status === 'in_progress') {
      await sleep(1000);
      video = await client.videos.retrieve(video.id);
    }
    if (video.status !== 'completed') throw new Error(`job ${video.id} ${video.status}: ${video.error?.message ?? ''}`);
    const response = await client.videos.downloadContent(video.id);
    await writeFile(join(outDir, `${shot.id}.mp4`), Buffer.from(await response.arrayBuffer()));
    return video.id;
  };
  for (const shot of shots) {
    const parent = shot.remixOf === undefined ? undefined : done.get(shot.remixOf);
    const run = (async () => {
      const parentId = parent === undefined ? undefined : await parent;
      return limit(() => one(shot, parentId));
    })();
    run.catch((error) => failed.push({ id: shot.id, message: error instanceof Error ? error.message : String(error) }));
    done.set(shot.id, run);
  }
  await Promise.allSettled(done.values());
  return { finishedAtMs: Date.now(), failed };
}
