// The only importer of `yaml`: text → plain JS value plus a way to find any path's line:col, with hostile-input limits.
import type { ErrorCode } from '../common/errors.js';
import { Composer, isAlias, isMap, isPair, isScalar, isSeq, Lexer, LineCounter, Parser, visit, CST, type Document, type Node, type Pair, YAMLParseError } from 'yaml';
import { maxAliasCount, maxNestingDepth } from './limits.js';
import { wholeFile, type DocPath, type Locate, type Position } from './problems.js';

export interface YamlProblem {
  code: ErrorCode;
  message: string;
  position: Position;
  hint?: string;
}

export type YamlOutcome = { ok: true; value: unknown; locate: Locate } | { ok: false; problems: YamlProblem[] };

const tagHint = 'A storyboard uses plain YAML values only; remove the tag.';

/**
 * Parse one YAML 1.2 document (core schema, no custom tags, `<<` merge keys on). Errors and warnings are both
 * problems. Duplicate keys are found by our own linear walk: the parser's `uniqueKeys` check compares every pair
 * and took 2.7 s on a 20,000-key mapping (measured with yaml 2.9.1), which a 1 MiB file can hold.
 */
export function parseYaml(text: string): YamlOutcome {
  const lineCounter = new LineCounter();
  const at = (offset: number | undefined): Position => (offset === undefined ? wholeFile : lineCounter.linePos(offset));
  const cst = readCst(text, lineCounter, maxNestingDepth);
  if (!cst.ok) {
    const message = `nesting is deeper than ${maxNestingDepth} levels; a storyboard needs a handful`;
    return { ok: false, problems: [{ code: 'YAML_TOO_DEEP', message, position: at(cst.offset) }] };
  }
  const doc = composeOne(cst.tokens, text.length);
  const problems: YamlProblem[] = [
    ...doc.errors.map((e) => {
      const unclosedQuote = e.code === 'MISSING_CHAR' && e.message.includes('quote');
      return yamlProblem(e.code, e.message, at((unclosedQuote ? quoteStart(cst.tokens, e.pos[0]) : undefined) ?? e.pos[0]));
    }),
    ...doc.warnings.map((w) => yamlProblem(w.code, w.message, at(w.pos[0]))),
    ...findDuplicateKeys(doc, at),
  ];
  if (problems.length > 0) return { ok: false, problems: problems.sort((a, b) => a.position.line - b.position.line || a.position.col - b.position.col) };
  try {
    const value: unknown = doc.toJS({ maxAliasCount });
    return { ok: true, value, locate: (path) => at(locateOffset(doc, path)) };
  } catch {
    const message = `too many alias expansions (more than ${maxAliasCount}); this looks like an alias bomb`;
    return { ok: false, problems: [{ code: 'YAML_ALIAS_LIMIT', message, position: wholeFile }] };
  }
}

/**
 * The concrete syntax tree, built by yaml's iterative lexer and parser, stopped as soon as it nests deeper than
 * the limit. Only the composer after it recurses per level, and a second stack overflow in one process aborts
 * Node 20 and 22 outright (exit 134; docs/design/untrusted-input.md#yaml), so deep input must never reach it. A text
 * pre-scan cannot be exact: the parser's error recovery nests at constant indentation (`b: : ---` repeated), while the
 * parser's open-node stack is the nesting itself (the finished tree can be one level deeper: a closed flow collection
 * that turns out to be a key gets wrapped in a mapping; test/unit/storyboard/parse-yaml.test.ts).
 */
export function readCst(text: string, lineCounter: LineCounter, limit: number): { ok: true; tokens: CST.Token[] } | { ok: false; offset: number } {
  const parser = new Parser(lineCounter.addNewLine);
  const tokens: CST.Token[] = [];
  lineCounter.addNewLine(0);
  for (const lexeme of new Lexer().lex(text)) {
    for (const token of parser.next(lexeme)) tokens.push(token);
    // The stack holds the open nodes from the document down; only collections nest (at most limit + a few scalars).
    if (parser.stack.length > limit) {
      const collections = parser.stack.filter((t) => t.type === 'block-map' || t.type === 'block-seq' || t.type === 'flow-collection');
      if (collections.length > limit) return { ok: false, offset: collections[limit]?.offset ?? parser.offset };
    }
  }
  for (const token of parser.end()) tokens.push(token);
  return { ok: true, tokens };
}

function composeOne(tokens: CST.Token[], length: number): Document.Parsed {
  const composer = new Composer({ version: '1.2', schema: 'core', customTags: [], merge: true, uniqueKeys: false });
  const [doc, second] = Array.from(composer.compose(tokens, true, length));
  // `compose(…, forceDoc)` always yields at least one document.
  const first = doc as Document.Parsed;
  if (second) first.errors.push(new YAMLParseError(second.range.slice(0, 2) as [number, number], 'MULTIPLE_DOCS', 'more than one document'));
  return first;
}

/** Where an unclosed quoted scalar that runs to `end` opens: the parser reports the end, people look for the start. */
function quoteStart(tokens: readonly CST.Token[], end: number): number | undefined {
  let start: number | undefined;
  for (const token of tokens) {
    if (token.type !== 'document') continue;
    CST.visit(token, (item) => {
      for (const node of [item.key, item.value]) {
        const quoted = node?.type === 'double-quoted-scalar' || node?.type === 'single-quoted-scalar';
        if (quoted && node.offset + node.source.length === end) start = node.offset;
      }
    });
  }
  return start;
}

function yamlProblem(code: string, message: string, position: Position): YamlProblem {
  if (code === 'TAG_RESOLVE_FAILED') return { code: 'YAML_TAG', message: `unsupported YAML tag: ${message.replace(/^Unresolved tag: /, '')}`, position, hint: tagHint };
  if (code === 'MULTIPLE_DOCS') return { code: 'YAML_MULTIPLE_DOCUMENTS', message: 'a storyboard is one YAML document; remove the second "---"', position };
  return { code: 'YAML_SYNTAX', message: `YAML: ${message.replace(/\s+/g, ' ').trim()}`, position };
}

function findDuplicateKeys(doc: Document, at: (offset: number | undefined) => Position): YamlProblem[] {
  const problems: YamlProblem[] = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        const key = keyText(pair);
        if (key === undefined) continue;
        if (seen.has(key)) {
          const position = at(isScalar(pair.key) ? pair.key.range?.[0] : undefined);
          problems.push({ code: 'YAML_DUPLICATE_KEY', message: `duplicate key "${key}"; each key may appear once in a mapping`, position });
        }
        seen.add(key);
      }
    },
  });
  return problems;
}

/** The text of a plain key; undefined for merge keys (`<<`) and complex keys. */
function keyText(pair: Pair): string | undefined {
  if (!isScalar(pair.key)) return undefined;
  const value = pair.key.value;
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

/**
 * Offset of the key (or array item) a path names. Stops at the nearest existing ancestor; through an alias it
 * stops at the alias (the place that used it); a key that arrives through `<<: *anchor` points at the `<<` key.
 */
function locateOffset(doc: Document, path: DocPath): number | undefined {
  let node: unknown = doc.contents;
  let offset = nodeStart(node);
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => keyText(p) === String(segment));
      if (!pair) return mergeKeyOffset(doc, node.items, String(segment)) ?? offset;
      offset = isScalar(pair.key) ? (pair.key.range?.[0] ?? offset) : offset;
      node = pair.value;
    } else if (isSeq(node)) {
      const item: unknown = node.items[Number(segment)];
      if (item === undefined) return offset;
      offset = nodeStart(item) ?? offset;
      node = item;
    } else {
      return offset;
    }
  }
  return offset;
}

function mergeKeyOffset(doc: Document, pairs: readonly unknown[], key: string): number | undefined {
  for (const pair of pairs) {
    if (!isPair(pair) || !isScalar(pair.key) || typeof pair.key.value !== 'symbol') continue;
    const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
    for (const source of sources) {
      const target = isAlias(source) ? source.resolve(doc) : source;
      if (isMap(target) && target.items.some((p) => keyText(p) === key)) return pair.key.range?.[0];
    }
  }
  return undefined;
}

function nodeStart(node: unknown): number | undefined {
  return isPair(node) ? nodeStart(node.key) : ((node as Node | null | undefined)?.range?.[0] ?? undefined);
}
