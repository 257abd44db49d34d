// Finds ffmpeg and ffprobe once (FFMPEG_PATH / FFPROBE_PATH, then PATH) so every later call gets explicit paths.
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { RenderError } from '../common/errors.js';
import { installHint, runTool } from '../common/ffmpeg-process.js';
import type { FfmpegTools } from './types.js';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Locate both binaries and read their versions. A missing binary is `FFMPEG_MISSING` with exit code 2: like a bad
 * flag it is a setup problem the user fixes before running again, and the lead checks it before any paid call.
 */
export async function locateFfmpeg(env: Env, signal: AbortSignal = new AbortController().signal): Promise<FfmpegTools> {
  const childEnv = { PATH: env.PATH ?? '/usr/local/bin:/usr/bin:/bin', LANG: env.LANG ?? 'C.UTF-8' };
  const ffmpeg = await findBinary('ffmpeg', env.FFMPEG_PATH, 'FFMPEG_PATH', [], env);
  const ffprobe = await findBinary('ffprobe', env.FFPROBE_PATH, 'FFPROBE_PATH', [dirname(ffmpeg)], env);
  const [ffmpegVersion, ffprobeVersion] = await Promise.all(
    [ffmpeg, ffprobe].map(async (binary) => {
      const { stdout } = await runTool(binary, ['-hide_banner', '-version'], childEnv, { signal, purpose: `checking ${binary}` });
      return parseVersion(stdout);
    }),
  );
  return { ffmpeg, ffprobe, ffmpegVersion: ffmpegVersion ?? 'unknown', ffprobeVersion: ffprobeVersion ?? 'unknown', childEnv };
}

/** `ffmpeg version 5.1.9-0+deb12u1 Copyright …` → `5.1.9-0+deb12u1`; git builds (`N-12345-g…`) are kept as they are. */
export function parseVersion(versionOutput: string): string | undefined {
  return /^\S+ version (\S+)/m.exec(versionOutput)?.[1];
}

/** Major and minor of a release version, or undefined for git builds ("unknown, try": docs/design/ffmpeg.md#versions-and-doctor). */
export function versionNumber(version: string): { major: number; minor: number } | undefined {
  const match = /^n?(\d+)\.(\d+)/.exec(version);
  return match ? { major: Number(match[1]), minor: Number(match[2]) } : undefined;
}

async function findBinary(name: string, override: string | undefined, variable: string, nearby: string[], env: Env): Promise<string> {
  if (override) {
    const path = resolve(override);
    if (await isExecutable(path)) return path;
    throw missing(`${variable} is set to ${path}, which is not an executable file`);
  }
  const dirs = [...nearby, ...(env.PATH ?? '').split(delimiter)].filter((d) => d && isAbsolute(d));
  const names = process.platform === 'win32' ? [`${name}.exe`, name] : [name];
  for (const dir of dirs) {
    for (const file of names) {
      const path = join(dir, file);
      if (await isExecutable(path)) return path;
    }
  }
  throw missing(`${name} was not found on PATH`);
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

function missing(message: string): RenderError {
  return new RenderError('FFMPEG_MISSING', `${message}; render needs ffmpeg and ffprobe to stitch the final cut`, {
    hint: installHint,
  });
}
