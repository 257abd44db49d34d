// Shared by the simulator's tests: a simulator on port 0 with a temp media cache, the real SDK, ffprobe and test images.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import OpenAI, { APIError } from 'openai';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../../../src/sim/index.js';

const run = promisify(execFile);

export interface SimHarness {
  sim: Simulator;
  /** The official SDK, retries off unless a test asks for them. */
  client: OpenAI;
  dir: string;
  close(): Promise<void>;
}

export async function startHarness(options: SimulatorOptions = {}, clientOptions: { maxRetries?: number } = {}): Promise<SimHarness> {
  const dir = await mkdtemp(join(tmpdir(), 'sim-test-'));
  const sim = await startSimulator({ timeScale: 0.01, mediaCacheDir: join(dir, 'media'), ...options });
  const client = new OpenAI({ apiKey: sim.apiKey, baseURL: sim.baseURL, maxRetries: clientOptions.maxRetries ?? 0, timeout: 20_000 });
  return {
    sim,
    client,
    dir,
    async close() {
      await sim.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Finish every job without waiting: let the renders land, then jump the clock past every deadline. */
export async function finishJobs(sim: Simulator): Promise<void> {
  await sim.settled();
  sim.advance(10 * 60_000);
}

export interface Probe {
  streams: { codec_type: string; codec_name: string; width?: number; height?: number; pix_fmt?: string; sample_rate?: string; channels?: number; r_frame_rate?: string }[];
  format: { duration: string };
}

export async function ffprobe(path: string): Promise<Probe> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type,codec_name,width,height,pix_fmt,sample_rate,channels,r_frame_rate:format=duration', '-of', 'json', path]);
  return JSON.parse(stdout) as Probe;
}

/** A real image made by ffmpeg: `ext` png, jpg or webp. */
export async function makeImage(dir: string, size: string, ext: 'png' | 'jpg' | 'webp'): Promise<Buffer> {
  const path = join(dir, `ref-${size}.${ext}`);
  await run('ffmpeg', ['-nostdin', '-v', 'error', '-y', '-f', 'lavfi', '-i', `color=c=red:s=${size}`, '-frames:v', '1', path]);
  return readFile(path);
}

/** A real short MP4 made by ffmpeg, for uploads to edits, extensions and characters. */
export async function makeVideo(dir: string, size: string, seconds: number): Promise<Buffer> {
  const path = join(dir, `upload-${size}-${seconds}.mp4`);
  await run('ffmpeg', ['-nostdin', '-v', 'error', '-y', '-f', 'lavfi', '-i', `color=c=blue:s=${size}:r=30:d=${seconds}`, '-c:v', 'libx264', '-preset', 'ultrafast', path]);
  return readFile(path);
}

/** The APIError a request fails with; fails the test if it succeeds or fails otherwise. */
export async function apiError(request: Promise<unknown>): Promise<APIError> {
  try {
    await request;
  } catch (error) {
    if (error instanceof APIError) return error;
    throw error;
  }
  throw new Error('expected the request to fail with an API error, but it succeeded');
}
