// The schema, the loader, the docs and the examples describe one format: every key is described, documented,
// exercised by good/full.yaml (whose mapping load.test.ts pins), and the examples point editors at the schema.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { storyboardAjvOptions } from '../../../src/storyboard/schema.js';

type Schema = { [key: string]: unknown; properties?: Record<string, Schema>; items?: Schema; additionalProperties?: boolean | Schema; $ref?: string };

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const schema = JSON.parse(readFileSync(path.join(repo, 'schemas/storyboard.schema.json'), 'utf8')) as Schema & { $defs: Record<string, Schema> };
const resolve = (s: Schema): Schema => (s.$ref ? (schema.$defs[s.$ref.replace('#/$defs/', '')] ?? s) : s);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every property path in the schema (`shots[].remix-of`, `models.*.rpm`) with its schema. */
function propertyPaths(node: Schema, where = ''): Array<[string, Schema]> {
  const s = resolve(node);
  const out: Array<[string, Schema]> = [];
  for (const [key, sub] of Object.entries(s.properties ?? {})) out.push([`${where}${key}`, sub], ...propertyPaths(sub, `${where}${key}.`));
  if (s.items) out.push(...propertyPaths(s.items, `${where}[].`));
  if (isObject(s.additionalProperties)) out.push(...propertyPaths(s.additionalProperties as Schema, `${where}*.`));
  return out;
}

/** Schema paths that no value in `values` exercises. */
function unexercised(node: Schema, values: unknown[], where = ''): string[] {
  const s = resolve(node);
  const out: string[] = [];
  for (const [key, sub] of Object.entries(s.properties ?? {})) {
    const found = values.filter(isObject).filter((v) => key in v).map((v) => v[key]);
    out.push(...(found.length === 0 ? [`${where}${key}`] : unexercised(sub, found, `${where}${key}.`)));
  }
  if (s.items) out.push(...unexercised(s.items, values.filter(Array.isArray).flat(), `${where}[].`));
  if (isObject(s.additionalProperties)) out.push(...unexercised(s.additionalProperties as Schema, values.filter(isObject).flatMap(Object.values), `${where}*.`));
  return out;
}

describe('schemas/storyboard.schema.json', () => {
  const paths = propertyPaths(schema);

  it('is a valid JSON Schema 2020-12 document (the CLI compiles it without this check, to start faster)', () => {
    const ajv = new Ajv2020({ ...storyboardAjvOptions, validateSchema: true });
    expect(ajv.validateSchema(schema), JSON.stringify(ajv.errors)).toBe(true);
    // The CLI's own options compile it too (strict mode still refuses unknown keywords and formats).
    expect(() => new Ajv2020(storyboardAjvOptions).compile(schema)).not.toThrow();
    // The check this test stands in for does catch a broken schema.
    expect(ajv.validateSchema({ ...schema, properties: { name: { type: 'text' } } })).toBe(false);
  });

  it('describes every property, for editor hover help', () => {
    expect(paths.length).toBeGreaterThan(40);
    expect(paths.filter(([, sub]) => typeof sub.description !== 'string' || sub.description.length < 10).map(([p]) => p)).toEqual([]);
  });

  it('is exercised key by key by good/full.yaml', () => {
    const full: unknown = parse(readFileSync(path.join(repo, 'test/fixtures/storyboards/good/full.yaml'), 'utf8'));
    expect(unexercised(schema, [full])).toEqual([]);
  });

  it('has every key documented in docs/storyboard.md (as `key` or a dotted `parent.key`)', () => {
    const docs = readFileSync(path.join(repo, 'docs/storyboard.md'), 'utf8');
    const documented = (schemaPath: string) => {
      const parts = schemaPath.replace(/\.\*/g, '').replace(/\.\[\]/g, '[]').split('.');
      return parts.some((_, i) => docs.includes(`\`${parts.slice(i).join('.')}\``));
    };
    expect(paths.map(([p]) => p).filter((p) => !documented(p))).toEqual([]);
  });

  it('is what the examples point their editors at', () => {
    const first = readFileSync(path.join(repo, 'examples/storyboard.yaml'), 'utf8').split('\n')[0] ?? '';
    const target = /^# yaml-language-server: \$schema=(.+)$/.exec(first)?.[1];
    expect(target).toBe('../schemas/storyboard.schema.json');
    expect(existsSync(path.join(repo, 'examples', target ?? ''))).toBe(true);
  });
});
