// `render validate FILE...`: every problem of every file as FILE:LINE:COL: message, then a count (all on stdout:
// the problems are this command's result). Exit 0 when all are valid, 2 when any is not. Under GitHub Actions (or
// --format github) each problem is a workflow command instead, so it annotates the storyboard's line.
import path from 'node:path';
import { formatRenderError, type RenderError } from '../../common/errors.js';
import { ExitCode } from '../../common/exit-codes.js';
import { createRedactor } from '../../common/redact.js';
import { keysInEnv } from '../settings.js';
import { checkStoryboardFile } from '../../storyboard/load.js';
import { problemAnnotation } from '../ci/workflow-commands.js';
import type { CommandContext } from '../io.js';
import { outputFormat, type OutputFormat } from '../output-format.js';
import type { ValidateFlags } from './options.js';

interface FileResult {
  file: string;
  problems: RenderError[];
}

export async function run({ args, options, io }: CommandContext<ValidateFlags>): Promise<number> {
  const format = outputFormat(options, io.env);
  const results: FileResult[] = [];
  for (const file of args) {
    const check = await checkStoryboardFile(path.resolve(io.cwd, file), { displayPath: file });
    results.push({ file, problems: check.ok ? [] : check.problems });
  }
  const redact = createRedactor(keysInEnv(io.env));
  const output = format === 'json' ? `${JSON.stringify(toJson(results), null, 2)}\n` : formatText(results, format, redact);
  io.stdout(redact(output));
  return results.some((r) => r.problems.length > 0) ? ExitCode.invalid : ExitCode.ok;
}

function formatText(results: readonly FileResult[], format: OutputFormat, redact: (text: string) => string): string {
  // A workflow command is redacted before it is escaped: escaping could split a key the redactor would have found.
  const line = format === 'github' ? (p: RenderError) => problemAnnotation(p, redact) : formatRenderError;
  const lines = results.flatMap((r) => r.problems.map(line));
  lines.push(summarize(results));
  return `${lines.join('\n')}\n`;
}

/** `3 storyboards valid`, or `2 problems in 1 of 3 storyboards`. */
function summarize(results: readonly FileResult[]): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const problems = results.reduce((sum, r) => sum + r.problems.length, 0);
  if (problems === 0) return `${plural(results.length, 'storyboard')} valid`;
  const invalid = results.filter((r) => r.problems.length > 0).length;
  const where = results.length === 1 ? '1 storyboard' : `${invalid} of ${plural(results.length, 'storyboard')}`;
  return `${plural(problems, 'problem')} in ${where}`;
}

function toJson(results: readonly FileResult[]) {
  return {
    valid: results.every((r) => r.problems.length === 0),
    problemCount: results.reduce((sum, r) => sum + r.problems.length, 0),
    files: results.map((r) => ({
      file: r.file,
      valid: r.problems.length === 0,
      problems: r.problems.map((p) => ({
        line: p.location?.line ?? 1,
        col: p.location?.col ?? 1,
        code: p.code,
        message: p.message,
        ...(p.hint ? { hint: p.hint } : {}),
      })),
    })),
  };
}
