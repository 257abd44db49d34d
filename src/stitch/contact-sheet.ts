// contact-sheet.jpg (one labelled frame per shot, for chat and email) and per-clip posters for the report.
import { createHash } from 'node:crypto';
import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { filter } from './escape.js';
import { writeAtomically } from './output-file.js';
import { mp4Input, probeClips } from './probe.js';
import { runFfmpeg } from '../common/ffmpeg-process.js';
import { buildSheetGraph, fitLabel, frameTime, sheetLayout } from './sheet-layout.js';
import type { ClipInfo, FfmpegTools } from './types.js';
import { ownTempStem } from '../common/durable-fs.js';
import { makeDir } from '../common/fs-errors.js';

export interface ContactSheetInput {
  tools: FfmpegTools;
  /** One tile per clip, in cut order. `label` may hold any text (quotes, colons, newlines): it is drawn from a file. */
  clips: { shotId: string; file: string; label: string; info?: ClipInfo }[];
  /** Absolute path of the JPEG. */
  output: string;
  signal: AbortSignal;
  /** Where the label files go (a private sub-folder is made and removed); default the output's folder. */
  workDir?: string;
  /** A TrueType font; default the first common system font found, else fontconfig's default. */
  fontFile?: string;
}

export interface ContactSheetResult {
  file: string;
  cols: number;
  rows: number;
}

const fontCandidates = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/TTF/DejaVuSans.ttf',
  '/System/Library/Fonts/Supplemental/Arial.ttf',
  '/Library/Fonts/Arial.ttf',
];

export async function makeContactSheet(input: ContactSheetInput): Promise<ContactSheetResult> {
  const { tools, signal } = input;
  const infos = await probeClips(tools, input.clips, signal);
  const layout = sheetLayout(infos.length, infos[0] ?? { width: 16, height: 9 });
  await makeDir(dirname(input.output));
  const dir = await mkdtemp(ownTempStem(input.workDir ?? dirname(input.output), 'contact-sheet'));
  try {
    const textFiles = await Promise.all(input.clips.map((clip) => writeLabel(dir, fitLabel(clip.label, layout))));
    const { graph, label } = buildSheetGraph(layout, textFiles, input.fontFile ?? (await firstExisting(fontCandidates)));
    const inputs = infos.flatMap((info) => ['-ss', frameTime(info.duration).toFixed(3), ...mp4Input(info.file)]);
    await writeAtomically(input.output, (temp) =>
      runFfmpeg(tools, ['-v', 'error', ...inputs, '-filter_complex', graph, '-map', `[${label}]`, ...jpegOutput(temp)], {
        signal,
        purpose: 'drawing the contact sheet',
      }),
    );
    return { file: input.output, cols: layout.cols, rows: layout.rows };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface ThumbnailInput {
  tools: FfmpegTools;
  file: string;
  /** Absolute path; `.webp` or `.jpg` by `format`. */
  output: string;
  format?: 'jpeg' | 'webp';
  /** Width in pixels (height follows the aspect ratio); default 640. */
  width?: number;
  /** Default: the middle of the clip. */
  atSeconds?: number;
  info?: ClipInfo;
  signal: AbortSignal;
}

/** A poster frame for the report's shot card (one fast-seeked frame: docs/design/ffmpeg.md#contact-sheet-and-posters). */
export async function extractThumbnail(input: ThumbnailInput): Promise<string> {
  const { tools, signal } = input;
  const at = input.atSeconds ?? frameTime((await probeClips(tools, [input], signal))[0]?.duration ?? 0);
  const scale = filter('scale', [['w', input.width ?? 640], ['h', -2]]);
  const encode = (temp: string) =>
    input.format === 'webp' ? ['-frames:v', '1', '-c:v', 'libwebp', '-quality', '80', '-f', 'webp', '-y', `file:${temp}`] : jpegOutput(temp);
  await writeAtomically(input.output, (temp) => {
    const args = ['-v', 'error', '-ss', at.toFixed(3), ...mp4Input(input.file), '-vf', scale, ...encode(temp)];
    return runFfmpeg(tools, args, { signal, purpose: `making a poster of ${input.file}` });
  });
  return input.output;
}

function jpegOutput(temp: string): string[] {
  return ['-frames:v', '1', '-q:v', '3', '-update', '1', '-f', 'image2', '-c:v', 'mjpeg', '-y', `file:${temp}`];
}

/** Label text goes to a file named by its hash, so neither the text nor the path needs any quoting in the graph. */
async function writeLabel(dir: string, text: string): Promise<string> {
  const file = join(dir, `label-${createHash('sha256').update(text).digest('hex').slice(0, 16)}.txt`);
  await writeFile(file, text, 'utf8');
  return file;
}

async function firstExisting(paths: readonly string[]): Promise<string | undefined> {
  for (const path of paths) {
    try {
      await access(path);
      return path;
    } catch {
      // try the next one
    }
  }
  return undefined;
}
