#!/usr/bin/env node
// The host's yardstick for the executor bench's CPU figure: the protocol work of one shot and nothing else, in a
// process of its own, through the same openai SDK and node as the CLI. Per shot: create, retrieve after a second
// (the 1,000-shot run's jobs are done by then, so one status check, as the CLI makes), download the clip (written,
// fsynced, renamed) and its thumbnail (written, renamed). No journal, cache index, budget, clip checks, output or
// report. What this costs per shot is what any Node tool pays on this host for the same requests and files; the CLI's
// CPU divided by it travels between hosts better than the CLI's milliseconds alone (docs/executor.md § Benchmark).
// Usage: node --import=<rss hook> executor-reference.js <config.json>, config {baseURL, apiKey, shots, concurrency, outDir}.
import { open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import OpenAI from 'openai';
import pLimit from 'p-limit';

async function store(response, file, durable) {
  const part = `${file}.part`;
  const handle = await open(part, 'wx');
  try {
    for await (const chunk of response.body) await handle.write(chunk);
    if (durable) await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(part, file);
}

const { baseURL, apiKey, shots, concurrency, outDir } = JSON.parse(await readFile(process.argv[2], 'utf8'));
const client = new OpenAI({ apiKey, baseURL, maxRetries: 0 });
const limit = pLimit(concurrency);
let failed = 0;
await Promise.all(
  shots.map((shot) =>
    limit(async () => {
      let video = await client.videos.create({ model: shot.model, prompt: shot.prompt, size: shot.size, seconds: String(shot.seconds) });
      while (video.status === 'queued' || video.status === 'in_progress') {
        await sleep(1000);
        video = await client.videos.retrieve(video.id);
      }
      if (video.status !== 'completed') throw new Error(`job ${video.id} ${video.status}`);
      await store(await client.videos.downloadContent(video.id), join(outDir, `${shot.id}.mp4`), true);
      await store(await client.videos.downloadContent(video.id, { variant: 'thumbnail' }), join(outDir, `${shot.id}.webp`), false);
    }).catch(() => (failed += 1)),
  ),
);
process.exitCode = failed === 0 ? 0 : 1;
