// Media rendering with real ffmpeg: shared runs for identical parameters, atomic files, both MP4 layouts.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MediaStore, type MediaStoreOptions } from '../../src/sim/media/media-store.js';
import { defaultFontFile } from '../../src/sim/options.js';
import { ffprobe } from '../unit/sim/support/harness.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sim-media-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

const storeOptions = (overrides: Partial<MediaStoreOptions> = {}): MediaStoreOptions => ({
  dir,
  ffmpegPath: 'ffmpeg',
  env: { PATH: '/usr/bin:/bin' },
  fontFile: defaultFontFile,
  faststart: true,
  concurrency: 2,
  ...overrides,
});

// Top-level MP4 box names in file order.
async function boxOrder(path: string): Promise<string[]> {
  const data = await readFile(path);
  const names: string[] = [];
  for (let offset = 0; offset + 8 <= data.length; offset += data.readUInt32BE(offset)) {
    names.push(data.toString('latin1', offset + 4, offset + 8));
    if (data.readUInt32BE(offset) < 8) break;
  }
  return names;
}

describe('MediaStore', () => {
  it('renders identical concurrent requests once, and serves them from disk afterwards', async () => {
    const store = new MediaStore(storeOptions());
    const request = { prompt: 'shared clip', size: '1280x720', seconds: 4 };
    const results = await Promise.all(Array.from({ length: 5 }, () => store.clip(request)));
    expect(new Set(results.map((r) => r.video)).size).toBe(1);
    expect(store.counters.runs).toBe(2);
    await store.clip(request);
    expect(store.counters).toEqual({ runs: 2, hits: 1 });
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('reuses the still segment across durations, and each clip is exactly its length', async () => {
    const store = new MediaStore(storeOptions());
    const four = await store.clip({ prompt: 'two lengths', size: '720x1280', seconds: 4 });
    const eight = await store.clip({ prompt: 'two lengths', size: '720x1280', seconds: 8 });
    expect(store.counters.runs).toBe(3);
    expect(Number((await ffprobe(four.video)).format.duration)).toBeCloseTo(4, 1);
    expect(Number((await ffprobe(eight.video)).format.duration)).toBeCloseTo(8, 1);
    expect(four.thumbnail).toBe(eight.thumbnail);
  });

  it('writes moov first with faststart, and last without it', async () => {
    const fast = await new MediaStore(storeOptions()).clip({ prompt: 'layout', size: '1280x720', seconds: 4 });
    const slow = await new MediaStore(storeOptions({ faststart: false })).clip({ prompt: 'layout', size: '1280x720', seconds: 4 });
    const fastBoxes = await boxOrder(fast.video);
    const slowBoxes = await boxOrder(slow.video);
    expect(fastBoxes.indexOf('moov')).toBeLessThan(fastBoxes.indexOf('mdat'));
    expect(slowBoxes.indexOf('moov')).toBeGreaterThan(slowBoxes.indexOf('mdat'));
  });

  it('still renders a playable clip without a font (no words, colour and tone only)', async () => {
    const files = await new MediaStore(storeOptions({ fontFile: undefined })).clip({ prompt: 'no font', size: '1280x720', seconds: 4 });
    const probe = await ffprobe(files.video);
    expect(probe.streams.map((s) => s.codec_type).sort()).toEqual(['audio', 'video']);
  });

  it('fails a render with ffmpeg\'s own words when ffmpeg cannot run', async () => {
    const store = new MediaStore(storeOptions({ ffmpegPath: join(dir, 'no-such-ffmpeg') }));
    await expect(store.clip({ prompt: 'x', size: '1280x720', seconds: 4 })).rejects.toThrow(/cannot run .*no-such-ffmpeg/);
  });
});
