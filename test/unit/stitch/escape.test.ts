import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chain, escapeFilterGraph, escapeFilterValue, filter } from '../../../src/stitch/escape.js';

/** A reading of ffmpeg's av_get_token: `\x` is x, `'…'` is literal; stops at an unescaped, unquoted delimiter. */
function readToken(text: string, delimiters: string): { token: string; rest: string } {
  let token = '';
  let i = 0;
  while (i < text.length && !delimiters.includes(text[i] as string)) {
    const c = text[i] as string;
    if (c === '\\' && i + 1 < text.length) {
      token += text[i + 1];
      i += 2;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      token += text.slice(i + 1, end < 0 ? undefined : end);
      i = end < 0 ? text.length : end + 1;
    } else {
      token += c;
      i += 1;
    }
  }
  return { token, rest: text.slice(i) };
}

describe('filter-graph escaping', () => {
  it('reproduces the worked example of ffmpeg-filters(1) "Notes on filtergraph escaping"', () => {
    const text = "this is a 'string': may contain one, or more, special characters";
    expect(escapeFilterGraph(`drawtext=text=${escapeFilterValue(text)}`)).toBe(
      "drawtext=text=this is a \\\\\\'string\\\\\\'\\\\: may contain one\\, or more\\, special characters",
    );
  });

  it('escapes exactly \\ \' : at the value level and \\ \' [ ] , ; at the graph level', () => {
    expect(escapeFilterValue("a\\b'c:d[e]f,g;h")).toBe("a\\\\b\\'c\\:d[e]f,g;h");
    expect(escapeFilterGraph("a\\b'c:d[e]f,g;h")).toBe("a\\\\b\\'c:d\\[e\\]f\\,g\\;h");
  });

  it('round-trips any text through both levels, as ffmpeg reads them back', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const graph = escapeFilterGraph(`text=${escapeFilterValue(text)}`);
        const description = readToken(graph, '[],;');
        expect(description.rest).toBe('');
        const value = readToken(readToken(description.token, '=').rest.slice(1), ':');
        expect(value.rest).toBe('');
        expect(value.token).toBe(text);
      }),
      { numRuns: 500 },
    );
  });
});

describe('filter() and chain()', () => {
  it('builds named options with both escapes applied', () => {
    expect(filter('drawtext', [['textfile', "/tmp/it's:here/a.txt"], ['fontsize', 13]])).toBe(
      "drawtext=textfile=/tmp/it\\\\\\'s\\\\:here/a.txt:fontsize=13",
    );
    expect(filter('null')).toBe('null');
  });

  it('refuses what cannot be a filter name, a label or a number', () => {
    expect(() => filter('scale,drawtext', [])).toThrow(TypeError);
    expect(() => filter('xfade', [['offset', Number.NaN]])).toThrow(/offset is NaN/);
    expect(() => chain(['v0'], ['null'], 'out];[x')).toThrow(TypeError);
    expect(chain(['0:v', 'v1'], ['a', 'b'], 'out')).toBe('[0:v][v1]a,b[out]');
  });
});
