// The YAML edge: options that matter for safety, positions for every path, and the nesting guard's soundness.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineCounter, parseAllDocuments, Parser, type CST } from 'yaml';
import { parseYaml, readCst } from '../../../src/storyboard/parse-yaml.js';

function parsed(text: string) {
  const result = parseYaml(text);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result;
}

/** Collections nested in the CST: exactly how deep the (recursive) composer will go. */
function cstDepth(text: string): number {
  const isCollection = (t: CST.Token) => t.type === 'block-map' || t.type === 'block-seq' || t.type === 'flow-collection';
  let deepest = 0;
  const pending: Array<[CST.Token | undefined, number]> = [...new Parser().parse(text)].map((t) => [t, 0]);
  while (pending.length > 0) {
    const [token, above] = pending.pop() ?? [undefined, 0];
    if (!token) continue;
    const depth = isCollection(token) ? above + 1 : above;
    deepest = Math.max(deepest, depth);
    if (token.type === 'document') pending.push([token.value, depth]);
    if ('items' in token) for (const item of token.items) pending.push(['key' in item ? item.key ?? undefined : undefined, depth], [item.value, depth]);
  }
  return deepest;
}

const tokens = ['[', ']', '{', '}', ', ', ': ', ':', '- ', '\n', '\n  ', '\n    ', ' ', 'a', 'b: ', "'", '"', '#', '|', '>', '&x ', '!t ', '? ', '*x', '---\n'];

describe('parseYaml', () => {
  it('reads YAML 1.2 core: no and 1:30 stay strings, merge keys work, BOM and CRLF are fine', () => {
    const { value } = parsed('\ufeffa: no\r\nb: 1:30\r\nx: &d {m: 1}\r\nc:\r\n  <<: *d\r\n  n: 2\r\n');
    expect(value).toEqual({ a: 'no', b: '1:30', x: { m: 1 }, c: { m: 1, n: 2 } });
  });

  it('locates keys, list items, keys that came through an alias or a merge, and missing keys', () => {
    const { locate } = parsed('version: 1\nx: &d {model: m}\nshots:\n  - id: a\n    <<: *d\n  - *d\n');
    expect(locate(['shots', 0, 'id'])).toEqual({ line: 4, col: 5 });
    expect(locate(['shots', '1'])).toEqual({ line: 6, col: 5 });
    expect(locate(['shots', 0, 'model'])).toEqual({ line: 5, col: 5 });
    expect(locate(['shots', 1, 'model'])).toEqual({ line: 6, col: 5 });
    expect(locate(['shots', 0, 'nope'])).toEqual({ line: 4, col: 5 });
    expect(locate([])).toEqual({ line: 1, col: 1 });
  });

  it('counts warnings as problems and refuses tags, duplicate keys and alias bombs', () => {
    const problems = (text: string) => {
      const result = parseYaml(text);
      return result.ok ? [] : result.problems.map((p) => `${p.position.line}:${p.position.col} ${p.code}`);
    };
    expect(problems('a: !js/function "f"\n')).toEqual(['1:4 YAML_TAG']);
    expect(problems('a: 1\nb:\n  c: 1\n  c: 2\na: 3\n')).toEqual(['4:3 YAML_DUPLICATE_KEY', '5:1 YAML_DUPLICATE_KEY']);
    const bomb = ['a: &a [x,x,x,x,x,x,x,x,x]', ...'bcdefghi'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`)].join('\n');
    expect(problems(bomb)).toEqual(['1:1 YAML_ALIAS_LIMIT']);
  });

  it('lets 1,000 alias uses through (the yaml default of 100 would refuse them)', () => {
    const text = `x: &d {a: 1}\nl:\n${'  - *d\n'.repeat(999)}`;
    expect((parsed(text).value as { l: unknown[] }).l).toHaveLength(999);
  });

  // The guard watches the parser's stack of open nodes. A finished flow collection that turns out to be a key is
  // wrapped in a mapping after it left the stack, so the tree can be one level deeper than the stack ever was.
  it('stops the syntax tree once it nests past the limit (at most one level late), wherever the nesting comes from', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...tokens), { maxLength: 40 }), fc.integer({ min: 1, max: 30 }), (parts, times) => {
        const text = parts.join('').repeat(times);
        const depth = cstDepth(text);
        if (depth >= 2) expect(readCst(text, new LineCounter(), depth - 2).ok, JSON.stringify(text)).toBe(false);
        // Broken input may hold a few open nodes that the finished tree drops; valid YAML is measured exactly.
        const valid = parseAllDocuments(text).every((doc) => doc.errors.length === 0);
        if (valid) expect(readCst(text, new LineCounter(), depth).ok, JSON.stringify(text)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
