// What a simulated clip looks and sounds like: colour, tone and words derived from the prompt, so every shot is recognisable.
import { createHash } from 'node:crypto';

export interface ClipLook {
  /** Background colour, `0xRRGGBB`. */
  background: string;
  /** Sine tone, whole hertz (a whole number of cycles per second, so loops are seamless). */
  toneHz: number;
  /** The words drawn on the frame, already wrapped. */
  text: string;
  fontSize: number;
}

const maxLines = 6;

function hslToHex(hue: number, saturation: number, lightness: number): string {
  const a = saturation * Math.min(lightness, 1 - lightness);
  const channel = (n: number) => {
    const k = (n + hue / 30) % 12;
    const value = lightness - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(value * 255).toString(16).padStart(2, '0');
  };
  return `0x${channel(0)}${channel(8)}${channel(4)}`;
}

/** Greedy word wrap; over-long words are cut, extra lines dropped with an ellipsis. */
export function wrapText(text: string, width: number, lines = maxLines): string {
  const words = text.replace(/\s+/g, ' ').trim().split(' ').filter(Boolean);
  const out: string[] = [];
  let line = '';
  for (const raw of words) {
    const word = raw.length > width ? `${raw.slice(0, width - 1)}…` : raw;
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  if (out.length <= lines) return out.join('\n');
  const kept = out.slice(0, lines);
  kept[lines - 1] = `${(kept[lines - 1] ?? '').slice(0, width - 1)}…`;
  return kept.join('\n');
}

// C0/C1 controls would draw as boxes or break lines where we did not wrap.
const controlChars = /[\u0000-\u001f\u007f-\u009f]/g;

export function clipLook(prompt: string, size: string): ClipLook {
  const [width = 1280, height = 720] = size.split('x').map(Number);
  const digest = createHash('sha256').update(prompt).digest();
  const fontSize = Math.round(Math.min(width, height) / 18);
  // DejaVu Sans averages about 0.6 em per character; keep a 5 % margin each side.
  const charsPerLine = Math.max(8, Math.floor((0.9 * width) / (0.6 * fontSize)));
  return {
    background: hslToHex(digest.readUInt16BE(0) % 360, 0.55, 0.3),
    toneHz: 220 + (digest.readUInt16BE(2) % 661),
    text: wrapText(prompt.replace(controlChars, ' '), charsPerLine) || ' ',
    fontSize,
  };
}

export function hashKey(parts: readonly unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
}
