// Reads an image's type and pixel size from its first bytes, without decoding it: a 30,000 × 30,000 PNG is a
// decompression bomb for ffmpeg or any image library, so its size must be known and refused before anything decodes it.
// The storyboard checks references with it, and the simulator reads uploads with it as the API does (by magic bytes,
// whatever MIME type the client declared).

export type ImageMime = 'image/png' | 'image/jpeg' | 'image/webp';

export type ImageHeader =
  | { kind: 'image'; mime: ImageMime; width: number; height: number }
  | { kind: 'not-image' }
  /** Recognised type, but its size is not within the bytes given. */
  | { kind: 'need-more' }
  | { kind: 'corrupt'; mime: ImageMime };

export interface ImageInfo {
  mime: ImageMime;
  width: number;
  height: number;
}

const pngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function readImageHeader(bytes: Uint8Array): ImageHeader {
  if (startsWith(bytes, pngSignature)) return readPng(bytes);
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return readJpeg(bytes);
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return readWebp(bytes);
  return { kind: 'not-image' };
}

/** Format and size of a whole, sound PNG, JPEG or WebP header; undefined for anything else, truncated included. */
export function readImageInfo(bytes: Uint8Array): ImageInfo | undefined {
  const header = readImageHeader(bytes);
  return header.kind === 'image' ? { mime: header.mime, width: header.width, height: header.height } : undefined;
}

function readPng(bytes: Uint8Array): ImageHeader {
  if (bytes.length < 24) return { kind: 'need-more' };
  if (ascii(bytes, 12, 4) !== 'IHDR') return { kind: 'corrupt', mime: 'image/png' };
  return sized('image/png', uint32be(bytes, 16), uint32be(bytes, 20));
}

// Start-of-frame markers carry the size; all but C4 (DHT), C8 (JPG) and CC (DAC) in C0..CF.
const isStartOfFrame = (marker: number) => marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker);

function readJpeg(bytes: Uint8Array): ImageHeader {
  let offset = 2;
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) return { kind: 'corrupt', mime: 'image/jpeg' };
    const marker = bytes[offset + 1] ?? 0;
    if (marker === 0xff) {
      offset += 1; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      offset += 2; // markers without a length
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return { kind: 'corrupt', mime: 'image/jpeg' }; // image data before any frame header
    if (isStartOfFrame(marker)) {
      if (offset + 9 > bytes.length) return { kind: 'need-more' };
      return sized('image/jpeg', uint16be(bytes, offset + 7), uint16be(bytes, offset + 5));
    }
    offset += 2 + uint16be(bytes, offset + 2);
  }
  return { kind: 'need-more' };
}

function readWebp(bytes: Uint8Array): ImageHeader {
  if (bytes.length < 30) return { kind: 'need-more' };
  const chunk = ascii(bytes, 12, 4);
  if (chunk === 'VP8 ') {
    if (bytes[23] !== 0x9d || bytes[24] !== 0x01 || bytes[25] !== 0x2a) return { kind: 'corrupt', mime: 'image/webp' };
    return sized('image/webp', uint16le(bytes, 26) & 0x3fff, uint16le(bytes, 28) & 0x3fff);
  }
  if (chunk === 'VP8L') {
    if (bytes[20] !== 0x2f) return { kind: 'corrupt', mime: 'image/webp' };
    const bits = uint32le(bytes, 21);
    return sized('image/webp', (bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
  }
  if (chunk === 'VP8X') return sized('image/webp', uint24le(bytes, 24) + 1, uint24le(bytes, 27) + 1);
  return { kind: 'corrupt', mime: 'image/webp' };
}

function sized(mime: ImageMime, width: number, height: number): ImageHeader {
  return width > 0 && height > 0 ? { kind: 'image', mime, width, height } : { kind: 'corrupt', mime };
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

function ascii(bytes: Uint8Array, offset: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(offset, offset + length));
}

const at = (bytes: Uint8Array, i: number) => bytes[i] ?? 0;
const uint16be = (b: Uint8Array, i: number) => (at(b, i) << 8) | at(b, i + 1);
const uint16le = (b: Uint8Array, i: number) => at(b, i) | (at(b, i + 1) << 8);
const uint24le = (b: Uint8Array, i: number) => at(b, i) | (at(b, i + 1) << 8) | (at(b, i + 2) << 16);
const uint32be = (b: Uint8Array, i: number) => ((at(b, i) << 24) >>> 0) + (at(b, i + 1) << 16) + (at(b, i + 2) << 8) + at(b, i + 3);
const uint32le = (b: Uint8Array, i: number) => (at(b, i) | (at(b, i + 1) << 8) | (at(b, i + 2) << 16) | (at(b, i + 3) << 24)) >>> 0;
