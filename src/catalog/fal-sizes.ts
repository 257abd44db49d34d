// The output frame an aspect ratio and a resolution name imply: the short side is the resolution's height,
// the long side follows the ratio, rounded to an even number (H.264 needs even dimensions).
const shortSides: Record<string, number> = { '360p': 360, '480p': 480, '540p': 540, '720p': 720, '768p': 768, '1080p': 1080, '1440p': 1440, '4k': 2160, '2160p': 2160 };

const even = (value: number) => Math.round(value / 2) * 2;

/** `16:9` + `720p` → `1280x720`; `9:16` + `720p` → `720x1280`; undefined for a name or ratio it does not know. */
export function frameFor(aspectRatio: string, resolution: string): string | undefined {
  const short = shortSides[resolution];
  const match = /^(\d+):(\d+)$/.exec(aspectRatio);
  if (short === undefined || !match) return undefined;
  const w = Number(match[1]);
  const h = Number(match[2]);
  if (!(w > 0 && h > 0)) return undefined;
  return w >= h ? `${even((short * w) / h)}x${short}` : `${short}x${even((short * h) / w)}`;
}

/** Every aspect ratio × resolution → WxH, for a catalog entry. */
export function sizeTable(aspectRatios: readonly string[], resolutions: readonly string[]): Record<string, Record<string, string>> {
  const table: Record<string, Record<string, string>> = {};
  for (const ratio of aspectRatios) {
    const row: Record<string, string> = {};
    for (const resolution of resolutions) {
      const frame = frameFor(ratio, resolution);
      if (frame) row[resolution] = frame;
    }
    if (Object.keys(row).length > 0) table[ratio] = row;
  }
  return table;
}
