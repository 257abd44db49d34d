// Loading a storyboard file: read it safely, parse it, check schema and rules, and either return the Storyboard or
// every problem found. `checkStoryboardFile` never throws for anything a user can cause; `loadStoryboard` throws them.
import path from 'node:path';
import { RenderErrors, type RenderError } from '../common/errors.js';
import type { ErrorCode } from '../common/errors.js';
import { builtinCatalog, type CatalogData } from '../catalog/catalog.js';
import { buildStoryboard } from './build-storyboard.js';
import { maxStoryboardBytes } from './limits.js';
import type { Storyboard } from './model.js';
import { parseYaml } from './parse-yaml.js';
import { createProblemList, wholeFile, type Position } from './problems.js';
import type { RawStoryboard } from './raw.js';
import { readStoryboardSource } from './read-source.js';
import { reportSchemaIssues } from './schema-problems.js';
import { checkSchema } from './schema.js';

export interface LoadOptions {
  /** Let `reference` paths leave the storyboard's folder (default false). */
  allowOutside?: boolean;
  /** Catalog before the storyboard's `models:` block (default: the built-in one). */
  catalog?: CatalogData;
  /** How problems name the file (default: `file` as given). */
  displayPath?: string;
}

export type StoryboardCheck = { ok: true; storyboard: Storyboard } | { ok: false; problems: RenderError[] };

/** Load and check one storyboard; every problem comes back as a RenderError with file, line and col (exit code 2). */
export async function checkStoryboardFile(file: string, options: LoadOptions = {}): Promise<StoryboardCheck> {
  const displayFile = options.displayPath ?? file;
  const early = (...found: Array<{ code: ErrorCode; message: string; position: Position; hint?: string }>): StoryboardCheck => {
    const problems = createProblemList(displayFile, () => wholeFile);
    for (const p of found) problems.atPosition(p.position, p.code, p.message, p.hint ? { hint: p.hint } : {});
    return { ok: false, problems: problems.list() };
  };
  const absFile = path.resolve(file);
  const source = await readStoryboardSource(absFile, maxStoryboardBytes);
  if (!source.ok) return early(source.problem);
  const parsed = parseYaml(source.text);
  if (!parsed.ok) return early(...parsed.problems);

  const problems = createProblemList(displayFile, parsed.locate);
  const issues = checkSchema(parsed.value);
  reportSchemaIssues(issues, problems);
  // Unknown keys leave the shape intact, so the rules can still run; any other violation stops here.
  if (issues.some((issue) => issue.keyword !== 'additionalProperties')) return { ok: false, problems: problems.list() };
  const draftSource = { file: absFile, dir: path.dirname(absFile), displayFile, stem: path.basename(absFile).replace(/\.[^.]*$/, ''), sha256: source.sha256 };
  const buildOptions = { base: options.catalog ?? builtinCatalog, allowOutside: options.allowOutside ?? false };
  const storyboard = await buildStoryboard(parsed.value as RawStoryboard, draftSource, parsed.locate, problems, buildOptions);
  return storyboard && problems.list().length === 0 ? { ok: true, storyboard } : { ok: false, problems: problems.list() };
}

/** Load a storyboard or throw RenderErrors (exit code 2) listing every problem. */
export async function loadStoryboard(file: string, options: LoadOptions = {}): Promise<Storyboard> {
  const result = await checkStoryboardFile(file, options);
  if (result.ok) return result.storyboard;
  const count = result.problems.length;
  throw new RenderErrors(result.problems, `${count} problem${count === 1 ? '' : 's'} in ${options.displayPath ?? file}`);
}
