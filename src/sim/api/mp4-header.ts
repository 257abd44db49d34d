// Reads the size and duration of an uploaded MP4 (edits, extensions, characters) from its moov box, without ffprobe.
export interface Mp4Info {
  width: number;
  height: number;
  durationSeconds: number;
}

interface Box {
  type: string;
  start: number;
  end: number;
}

function* boxes(data: Buffer, start: number, end: number): Generator<Box> {
  let offset = start;
  while (offset + 8 <= end) {
    let size = data.readUInt32BE(offset);
    let header = 8;
    if (size === 1 && offset + 16 <= end) {
      size = Number(data.readBigUInt64BE(offset + 8));
      header = 16;
    } else if (size === 0) size = end - offset;
    if (size < header || offset + size > end) return;
    yield { type: data.toString('latin1', offset + 4, offset + 8), start: offset + header, end: offset + size };
    offset += size;
  }
}

function child(data: Buffer, parent: Box, type: string): Box | undefined {
  for (const box of boxes(data, parent.start, parent.end)) if (box.type === type) return box;
  return undefined;
}

function movieDuration(data: Buffer, mvhd: Box): number | undefined {
  const version = data[mvhd.start];
  if (version === 1 && mvhd.start + 32 <= mvhd.end) {
    return Number(data.readBigUInt64BE(mvhd.start + 24)) / data.readUInt32BE(mvhd.start + 20);
  }
  if (mvhd.start + 20 > mvhd.end) return undefined;
  return data.readUInt32BE(mvhd.start + 16) / data.readUInt32BE(mvhd.start + 12);
}

// tkhd ends with width and height as 16.16 fixed point; audio tracks carry zeros there.
function trackSize(data: Buffer, tkhd: Box): { width: number; height: number } {
  return { width: data.readUInt32BE(tkhd.end - 8) >>> 16, height: data.readUInt32BE(tkhd.end - 4) >>> 16 };
}

export function readMp4Info(data: Buffer): Mp4Info | undefined {
  if (data.length < 12 || data.toString('latin1', 4, 8) !== 'ftyp') return undefined;
  const moov = [...boxes(data, 0, data.length)].find((b) => b.type === 'moov');
  const mvhd = moov && child(data, moov, 'mvhd');
  if (!moov || !mvhd) return undefined;
  const durationSeconds = movieDuration(data, mvhd);
  if (durationSeconds === undefined || !Number.isFinite(durationSeconds)) return undefined;
  for (const trak of boxes(data, moov.start, moov.end)) {
    const tkhd = trak.type === 'trak' ? child(data, trak, 'tkhd') : undefined;
    if (!tkhd || tkhd.end - tkhd.start < 84) continue;
    const size = trackSize(data, tkhd);
    if (size.width > 0 && size.height > 0) return { ...size, durationSeconds };
  }
  return undefined;
}
