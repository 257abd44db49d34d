// The only user of ajv: checks a parsed storyboard against schemas/storyboard.schema.json (JSON Schema 2020-12).
import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';

/** One schema violation, in terms a message can be built from. */
export interface SchemaIssue {
  /** Path of the offending value (for an unknown or missing key: of the object holding it). */
  path: string[];
  keyword: string;
  params: Record<string, unknown>;
  /** The offending value. */
  data: unknown;
  /** Keys allowed in the object, for `additionalProperties`. */
  allowedKeys: string[];
  /** The violated (sub)schema's description, to explain a pattern. */
  description: string | undefined;
  /** Set when the violation is in a key itself (`propertyNames`). */
  propertyName: string | undefined;
}

const storyboardSchemaUrl = new URL('../../schemas/storyboard.schema.json', import.meta.url);

/**
 * The options the CLI compiles with. The schema is ours and fixed, so it is not checked against the JSON Schema
 * meta-schema at every start (compiling the meta-schema was over half of the compile); a test does that instead.
 */
export const storyboardAjvOptions = { allErrors: true, verbose: true, allowUnionTypes: true, strict: true, validateSchema: false } as const;

// Compiled on first use, once per process (~30 ms; measured), so `render --help` never pays for it.
let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (!compiled) {
    const schema = JSON.parse(readFileSync(storyboardSchemaUrl, 'utf8')) as object;
    const ajv = new Ajv2020(storyboardAjvOptions);
    compiled = ajv.compile(schema);
  }
  return compiled;
}

/** Every schema violation of `value` (empty when it conforms). */
export function checkSchema(value: unknown): SchemaIssue[] {
  const validate = validator();
  if (validate(value)) return [];
  return (validate.errors ?? []).filter((e) => e.keyword !== 'propertyNames').map(toIssue);
}

function toIssue(error: ErrorObject): SchemaIssue {
  const parent = (error.parentSchema ?? {}) as { properties?: Record<string, unknown>; description?: string };
  const propertyName = (error as ErrorObject & { propertyName?: string }).propertyName;
  return {
    path: error.instancePath === '' ? [] : error.instancePath.slice(1).split('/').map(unescapePointer),
    keyword: error.keyword,
    params: error.params as Record<string, unknown>,
    data: error.data,
    allowedKeys: Object.keys(parent.properties ?? {}),
    description: parent.description,
    propertyName,
  };
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}
