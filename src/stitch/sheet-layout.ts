// Pure layout of the contact sheet: grid sized to the clip count, tile size from the first clip, labels that fit,
// and the graph that draws it (docs/design/ffmpeg.md#contact-sheet-and-posters).
import { chain, filter, type FilterOptions } from './escape.js';

export interface SheetLayout {
  cols: number;
  rows: number;
  /** Picture area of one tile (even numbers: yuv420p). */
  tileWidth: number;
  tileHeight: number;
  /** Strip under each picture for the label. */
  labelHeight: number;
  fontSize: number;
}

const LONG_SIDE = 320;

/** A grid a little wider than square (8 clips → 4x2, 12 → 4x3), at most 8 columns, never an empty row. */
export function sheetGrid(count: number): { cols: number; rows: number } {
  const n = Math.max(1, count);
  const cols = Math.min(n, 8, Math.max(1, Math.round(Math.sqrt(n * 1.6))));
  return { cols, rows: Math.ceil(n / cols) };
}

export function sheetLayout(count: number, first: { width: number; height: number }): SheetLayout {
  const even = (x: number) => Math.max(2, Math.round(x / 2) * 2);
  const landscape = first.width >= first.height;
  const tileWidth = landscape ? LONG_SIDE : even((LONG_SIDE * first.width) / first.height);
  const tileHeight = landscape ? even((LONG_SIDE * first.height) / first.width) : LONG_SIDE;
  return { ...sheetGrid(count), tileWidth, tileHeight, labelHeight: 40, fontSize: 13 };
}

/** At most two lines, each cut to what fits the tile (drawtext does not wrap), with an ellipsis when cut. */
export function fitLabel(label: string, layout: Pick<SheetLayout, 'tileWidth' | 'fontSize'>): string {
  const maxChars = Math.max(4, Math.floor((layout.tileWidth - 12) / (layout.fontSize * 0.6)));
  const lines = label
    .split(/\r?\n/)
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter((l) => l.length > 0);
  const kept = lines.slice(0, 2).map((line) => ([...line].length > maxChars ? `${[...line].slice(0, maxChars - 1).join('')}…` : line));
  if (lines.length > 2 && kept[1] !== undefined && !kept[1].endsWith('…')) kept[1] = `${[...kept[1]].slice(0, maxChars - 1).join('')}…`;
  return kept.join('\n');
}

/** The frame to show: the middle of the clip, but never past its last frame. */
export function frameTime(durationSeconds: number): number {
  return Math.max(0, Math.min(durationSeconds / 2, durationSeconds - 0.1));
}

/** One tile per input (input k shows its first frame), labels from `textFiles[k]`, tiled into one picture. */
export function buildSheetGraph(layout: SheetLayout, textFiles: readonly string[], fontFile: string | undefined): { graph: string; label: string } {
  const { tileWidth: w, tileHeight: h, labelHeight } = layout;
  const tiles = textFiles.map((textFile, k) => {
    const text: FilterOptions = [
      ['expansion', 'none'],
      ['textfile', textFile],
      ...(fontFile ? ([['fontfile', fontFile]] as const) : []),
      ['fontsize', layout.fontSize],
      ['fontcolor', 'white'],
      ['line_spacing', 3],
      ['x', 6],
      ['y', h + 6],
    ];
    return chain(
      [`${k}:v`],
      [
        filter('trim', [['end_frame', 1]]),
        filter('setpts', [['expr', 'PTS-STARTPTS']]),
        filter('scale', [['w', w], ['h', h], ['force_original_aspect_ratio', 'decrease']]),
        filter('pad', [['w', w], ['h', h + labelHeight], ['x', '(ow-iw)/2'], ['y', `(${h}-ih)/2`], ['color', '0x202020']]),
        filter('setsar', [['sar', 1]]),
        filter('drawtext', text),
      ],
      `t${k}`,
    );
  });
  const empty = layout.cols * layout.rows - textFiles.length;
  const sheet = chain(
    textFiles.map((_, k) => `t${k}`),
    [
      filter('concat', [['n', textFiles.length], ['v', 1], ['a', 0]]),
      // tile only emits a full grid: fill the empty cells so the last, partial row is drawn.
      ...(empty > 0 ? [filter('tpad', [['stop', empty], ['stop_mode', 'add'], ['color', '0x101010']])] : []),
      filter('tile', [['layout', `${layout.cols}x${layout.rows}`], ['padding', 4], ['margin', 4], ['color', '0x101010']]),
      filter('format', [['pix_fmts', 'yuvj420p']]),
    ],
    'sheet',
  );
  return { graph: [...tiles, sheet].join(';'), label: 'sheet' };
}
