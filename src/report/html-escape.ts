// Escaping by default: every value interpolated into report.html is text unless it was built by `html` itself.
import { stripControl } from '../common/redact.js';

/** Markup that is already safe; only `html` and `raw` make one, so untrusted text cannot pose as markup. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type HtmlValue = string | number | SafeHtml | null | undefined | false | readonly HtmlValue[];

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for an element body or a quoted attribute: control characters dropped, markup characters escaped. */
export function escapeHtml(text: string): string {
  return stripControl(text).replace(/[&<>"']/g, (c) => entities[c] ?? c);
}

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** Tagged template: the literal parts are trusted markup, every interpolation is escaped. */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}

/** For markup the report itself generates (the stylesheet); never for data. */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/**
 * A relative file path as a URL for `src`/`href`: each segment percent-encoded, so `#`, `?`, `:` or spaces in a
 * name stay part of the path and a value like `javascript:` cannot become a scheme.
 */
export function fileUrl(relativePath: string): string {
  return relativePath
    .split(/[\\/]/)
    .filter((segment) => segment !== '' && segment !== '.')
    .map((segment) => encodeURIComponent(stripControl(segment)))
    .join('/');
}
