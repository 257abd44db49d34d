// The broken-storyboard corpus: each file in test/fixtures/storyboards/bad/ names, in `# expect: LINE:COL CODE text`
// lines at its top, exactly the problems validation must report (where, which code, what it says). Good storyboards
// must load cleanly.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkStoryboardFile } from '../../../src/storyboard/load.js';
import { readExpectations } from '../../fixtures/storyboards/expectations.js';

const root = fileURLToPath(new URL('../../fixtures/storyboards/', import.meta.url));
const yamlFiles = (dir: string) => readdirSync(path.join(root, dir)).filter((f) => f.endsWith('.yaml')).sort();

describe('bad storyboards', () => {
  it.each(yamlFiles('bad'))('%s reports exactly its expected problems', async (name) => {
    const file = path.join(root, 'bad', name);
    const expected = readExpectations(file);
    expect(expected.length, 'fixture has # expect lines').toBeGreaterThan(0);
    for (const e of expected) expect(e.code, `# expect: ${e.line}:${e.col} names the problem's code`).toMatch(/^[A-Z0-9_]+$/);
    const result = await checkStoryboardFile(file, { displayPath: `bad/${name}` });
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    const got = problems.map((p) => `${p.location?.line}:${p.location?.col} ${p.code} ${p.message}`);
    for (const e of expected) {
      const found = got.some((g) => g.startsWith(`${e.line}:${e.col} ${e.code} `) && g.includes(e.text));
      expect(found, `expected ${e.line}:${e.col} ${e.code} ${e.text}; got:\n${got.join('\n')}`).toBe(true);
    }
    expect(got).toHaveLength(expected.length);
    for (const p of problems) {
      expect(p.exitCode).toBe(2);
      expect(p.location?.file).toBe(`bad/${name}`);
    }
  });
});

describe('good storyboards', () => {
  it.each(yamlFiles('good'))('%s is valid', async (name) => {
    const result = await checkStoryboardFile(path.join(root, 'good', name));
    expect(result.ok ? [] : result.problems.map((p) => `${p.location?.line}:${p.location?.col} ${p.message}`)).toEqual([]);
  });
});
