// A small, strict XML 1.0 reader for tests: elements, double- or single-quoted attributes, text, the five named
// entities and character references. It throws on anything not well-formed (a raw `<` or `&` in text, mismatched or
// unclosed tags, a duplicate attribute, a character XML forbids, two roots), so a test that reads a file back
// also proves the file is well-formed.
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** Concatenated text content directly inside this element (entities decoded). */
  text: string;
}

const forbidden = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const nameChars = /[A-Za-z_:][-A-Za-z0-9_:.]*/y;
const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string, where: number): string {
  if (raw.includes('<')) throw new Error(`raw '<' at ${where}`);
  return raw.replace(/&([^;]*);|&/g, (match, body: string | undefined) => {
    if (body === undefined) throw new Error(`bare '&' at ${where}`);
    if (body in named) return named[body]!;
    const code = /^#x([0-9a-fA-F]+)$/.exec(body)?.[1] ?? /^#([0-9]+)$/.exec(body)?.[1];
    if (code === undefined) throw new Error(`unknown entity &${body}; at ${where}`);
    const value = String.fromCodePoint(parseInt(code, body.startsWith('#x') ? 16 : 10));
    if (forbidden.test(value)) throw new Error(`reference to a forbidden character at ${where}`);
    return value;
  });
}

export function parseXml(source: string): XmlElement {
  if (forbidden.test(source)) throw new Error('a character XML 1.0 forbids');
  let at = 0;
  const skipSpace = () => {
    while (at < source.length && /\s/.test(source[at]!)) at += 1;
  };
  const readName = () => {
    nameChars.lastIndex = at;
    const match = nameChars.exec(source);
    if (!match) throw new Error(`a name expected at ${at}`);
    at += match[0].length;
    return match[0];
  };
  if (source.startsWith('<?xml')) {
    const end = source.indexOf('?>');
    if (end < 0) throw new Error('unclosed XML declaration');
    at = end + 2;
  }
  const readElement = (): XmlElement => {
    if (source[at] !== '<') throw new Error(`'<' expected at ${at}`);
    at += 1;
    const element: XmlElement = { name: readName(), attributes: {}, children: [], text: '' };
    for (;;) {
      const before = at;
      skipSpace();
      if (source.startsWith('/>', at)) {
        at += 2;
        return element;
      }
      if (source[at] === '>') {
        at += 1;
        break;
      }
      if (before === at) throw new Error(`space expected before an attribute at ${at}`);
      const key = readName();
      skipSpace();
      if (source[at] !== '=') throw new Error(`'=' expected at ${at}`);
      at += 1;
      skipSpace();
      const quote = source[at];
      if (quote !== '"' && quote !== "'") throw new Error(`quoted attribute value expected at ${at}`);
      const end = source.indexOf(quote, at + 1);
      if (end < 0) throw new Error('unclosed attribute value');
      if (key in element.attributes) throw new Error(`duplicate attribute ${key}`);
      element.attributes[key] = decode(source.slice(at + 1, end), at);
      at = end + 1;
    }
    for (;;) {
      const next = source.indexOf('<', at);
      if (next < 0) throw new Error(`unclosed <${element.name}>`);
      element.text += decode(source.slice(at, next), at);
      at = next;
      if (source.startsWith('</', at)) {
        at += 2;
        const name = readName();
        if (name !== element.name) throw new Error(`</${name}> closes <${element.name}>`);
        skipSpace();
        if (source[at] !== '>') throw new Error(`'>' expected at ${at}`);
        at += 1;
        return element;
      }
      element.children.push(readElement());
    }
  };
  skipSpace();
  const root = readElement();
  skipSpace();
  if (at !== source.length) throw new Error(`content after the root element at ${at}`);
  return root;
}

/** Every descendant element with this name, in document order. */
export function findAll(element: XmlElement, name: string): XmlElement[] {
  return element.children.flatMap((child) => [...(child.name === name ? [child] : []), ...findAll(child, name)]);
}
