// ffmpeg can print megabytes; the error that matters is at the end. Keep a bounded tail and pick the telling lines.

/** Keeps the last `capacity` characters of a stream (a ring buffer of ~64 KiB: docs/design/ffmpeg.md#spawning). */
export class TextTail {
  #text = '';
  #dropped = false;
  constructor(private readonly capacity = 64 * 1024) {}

  push(chunk: string): void {
    this.#text += chunk;
    if (this.#text.length > this.capacity * 2) this.#trim();
  }

  toString(): string {
    this.#trim();
    return this.#dropped ? this.#text.slice(this.#text.indexOf('\n') + 1) : this.#text;
  }

  #trim(): void {
    if (this.#text.length <= this.capacity) return;
    this.#text = this.#text.slice(-this.capacity);
    this.#dropped = true;
  }
}

const telling = /error|invalid|fail|cannot|could not|no such|not found|unable|corrupt|mismatch|unknown|too many|denied|unsupported|partial file/i;

/** The last few lines that say what went wrong (zx formatErrorDetails keeps only such lines); else the last lines. */
export function tellingLines(tail: string, max = 4): string[] {
  const lines = tail
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  const matches = lines.filter((l) => telling.test(l));
  return (matches.length ? matches : lines).slice(-max);
}

/** A command line for humans: arguments quoted only when needed, control characters made visible. */
export function formatCommand(binary: string, args: readonly string[]): string {
  return [binary, ...args].map(quoteArg).join(' ');
}

function quoteArg(arg: string): string {
  const visible = arg.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return /^[\w@%+=:,./-]+$/.test(visible) ? visible : `'${visible.replace(/'/g, `'\\''`)}'`;
}
