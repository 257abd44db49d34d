// Turns ajv's schema violations into one readable problem each, at the offending key's own line:col.
import { didYouMean } from './did-you-mean.js';
import { quote, type DocPath, type ProblemList } from './problems.js';
import type { SchemaIssue } from './schema.js';

/** Report each issue; a misspelt required key is reported once, as the unknown key with its did-you-mean. */
export function reportSchemaIssues(issues: readonly SchemaIssue[], problems: ProblemList): void {
  const suggested = new Set<string>();
  for (const issue of issues) {
    if (issue.keyword !== 'additionalProperties') continue;
    const key = String(issue.params.additionalProperty);
    const suggestion = didYouMean(key, issue.allowedKeys);
    if (suggestion) suggested.add(`${issue.path.join('/')}#${suggestion}`);
    const hint = suggestion ? undefined : `Allowed here: ${issue.allowedKeys.join(', ')}.`;
    const message = `unknown key ${quote(key)}${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`;
    problems.at([...issue.path, key], 'SCHEMA_UNKNOWN_KEY', message, hint ? { hint } : {});
  }
  for (const issue of issues) {
    if (issue.keyword === 'additionalProperties') continue;
    if (issue.keyword === 'required' && suggested.has(`${issue.path.join('/')}#${String(issue.params.missingProperty)}`)) continue;
    const at: DocPath = issue.propertyName === undefined ? issue.path : [...issue.path, issue.propertyName];
    const { message, hint } = describeIssue(issue);
    problems.at(at, issue.keyword === 'required' ? 'SCHEMA_REQUIRED' : 'SCHEMA_VALUE', message, hint ? { hint } : {});
  }
}

interface Described {
  message: string;
  hint?: string;
}

function describeIssue(issue: SchemaIssue): Described {
  const name = nameOf(issue.path);
  const { params, data } = issue;
  switch (issue.keyword) {
    case 'required':
      return describeMissing(issue.path, String(params.missingProperty));
    case 'type':
      return describeType(issue.path, name, data, params.type);
    case 'const':
      return { message: `unsupported ${name} ${quote(data)}; this render reads storyboard version 1`, hint: 'Set `version: 1`.' };
    case 'enum':
      return { message: `${name} must be one of ${(params.allowedValues as unknown[]).join(', ')}, not ${quote(data)}` };
    case 'pattern':
      return describePattern(issue, name);
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { message: `${name} must be ${String(params.comparison)} ${String(params.limit)}, not ${quote(data)}` };
    case 'minItems':
      return { message: issue.path.join('/') === 'shots' ? 'a storyboard needs at least one shot' : `${name} must have at least ${String(params.limit)} item` };
    case 'maxItems':
      return { message: `${name} has ${(data as unknown[]).length} items; at most ${String(params.limit)} are allowed` };
    case 'minLength':
      return { message: `${name} must not be empty` };
    case 'maxLength':
      return { message: `${name} is too long: ${(data as string).length} characters, at most ${String(params.limit)}` };
    case 'uniqueItems':
      return { message: `${name} lists ${quote((data as unknown[])[Number(params.j)])} twice` };
    default:
      return { message: `${name} is not valid (${issue.keyword})` };
  }
}

function describeMissing(path: readonly string[], key: string): Described {
  const where = path.length === 0 ? '' : ` in ${nameOf(path)}`;
  const hint = key === 'version' ? 'Start the storyboard with `version: 1`.' : undefined;
  return hint ? { message: `missing required key ${quote(key)}${where}`, hint } : { message: `missing required key ${quote(key)}${where}` };
}

function describeType(path: readonly string[], name: string, data: unknown, expected: unknown): Described {
  if (path.length === 0) {
    const message = data === null || data === undefined ? 'the storyboard is empty' : 'the storyboard must be a YAML mapping of keys';
    return { message, hint: 'Start with `version: 1` and a `shots:` list; see docs/storyboard.md.' };
  }
  const types = (Array.isArray(expected) ? expected : [expected]).map((t) => (t === 'object' ? 'a mapping' : t === 'array' ? 'a list' : `a ${String(t)}`));
  return { message: `${name} must be ${types.join(' or ')}, not ${data === null ? 'empty' : quote(data)}` };
}

function describePattern(issue: SchemaIssue, name: string): Described {
  if (issue.propertyName !== undefined) {
    return { message: `key ${quote(issue.propertyName)} is not valid here: ${lowerFirst(issue.description ?? 'wrong format')}` };
  }
  if (issue.params.pattern === '\\S') return { message: `${name} must not be blank` };
  return { message: `${name} ${quote(issue.data)} is not valid: ${lowerFirst(issue.description ?? `must match ${String(issue.params.pattern)}`)}` };
}

/** `seconds` for a key, `item 3 of shots` for a list item (1-based, as people count). */
function nameOf(path: readonly string[]): string {
  const last = path.at(-1);
  if (last === undefined) return 'the storyboard';
  if (!/^\d+$/.test(last)) return last;
  return `item ${Number(last) + 1} of ${path.at(-2) ?? 'the list'}`;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
