// A failed call's message as the user sees it: an HTML error page from a proxy (or any long body) is cut down to
// its text, so a 502 reads "502 Bad Gateway nginx" and never pastes a whole page into the terminal or the journal.

export const maxErrorTextChars = 200;

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function looksLikeHtml(text: string): boolean {
  return /<(!doctype|html|head|body|title|h[1-6]|p|div|center|hr|pre)\b/i.test(text);
}

function htmlToText(text: string): string {
  return text
    .replace(/<(script|style)\b[\s\S]*?(<\/\1\s*>|$)/gi, ' ')
    .replace(/<!--[\s\S]*?(-->|$)/g, ' ')
    .replace(/<[^>]*>?/g, ' ')
    .replace(/&(#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)) || 32);
      return entities[name.toLowerCase()] ?? whole;
    });
}

/** Tags stripped (when it is markup), whitespace collapsed, at most maxErrorTextChars characters. */
export function shortenErrorText(text: string): string {
  const plain = (looksLikeHtml(text) ? htmlToText(text) : text).replace(/\s+/g, ' ').trim();
  if (plain.length <= maxErrorTextChars) return plain;
  return `${plain.slice(0, maxErrorTextChars - 1).trimEnd()}…`;
}
