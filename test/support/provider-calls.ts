// What provider-adapter tests do with a call's outcome: save and probe a download, or get the ProviderError it failed with.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import { isProviderError, type ProviderError, type VideoProvider } from '../../src/providers/provider.js';
import { ffprobe } from '../unit/sim/support/harness.js';

export async function downloadTo(file: string, body: AsyncIterable<Uint8Array>): Promise<void> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) chunks.push(chunk);
  await writeFile(file, Buffer.concat(chunks));
}

/** The ProviderError a call fails with; fails the test if it succeeds or fails otherwise. */
export async function rejection(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  if (!isProviderError(error)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  return error;
}

/** Download a job's video through the adapter and check it with ffprobe: an MP4 of this frame and length. */
export async function expectDownloadedClip(provider: VideoProvider, jobId: string, dir: string, clip: { width: number; height: number; seconds: number }): Promise<void> {
  const { body, contentType } = await provider.download(jobId, 'video', { signal: new AbortController().signal });
  expect(contentType).toBe('video/mp4');
  const file = join(dir, `${clip.width}x${clip.height}-${clip.seconds}.mp4`);
  await downloadTo(file, body);
  const probe = await ffprobe(file);
  expect(probe.streams.find((s) => s.codec_type === 'video')).toMatchObject({ width: clip.width, height: clip.height });
  expect(Math.abs(Number(probe.format.duration) - clip.seconds)).toBeLessThan(0.05);
}
