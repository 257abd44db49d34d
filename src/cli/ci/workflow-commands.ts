// GitHub Actions workflow commands (`::error file=…,line=…::message`): the lines a runner turns into annotations on
// the pull request's lines. Escaped as the runner unescapes them (actions/toolkit, packages/core/src/command.ts).
import type { RenderError } from '../../common/errors.js';

export type AnnotationLevel = 'error' | 'warning' | 'notice';

export interface AnnotationProperties {
  file?: string | undefined;
  line?: number | undefined;
  col?: number | undefined;
  title?: string | undefined;
}

/** The message part: a line break would end the command, and `%` starts an escape. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value: additionally `:` (ends the properties) and `,` (separates them). */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** One workflow command line, without its newline. */
export function annotation(level: AnnotationLevel, message: string, properties: AnnotationProperties = {}): string {
  const pairs = (['file', 'line', 'col', 'title'] as const).flatMap((key) => {
    const value = properties[key];
    return value === undefined || value === '' ? [] : [`${key}=${escapeProperty(String(value))}`];
  });
  return `::${level}${pairs.length ? ` ${pairs.join(',')}` : ''}::${escapeData(message)}`;
}

/** A problem as an error annotation on its file, line and column; the hint on a second line of the message. */
export function problemAnnotation(problem: RenderError, redact: (text: string) => string = (text) => text): string {
  const message = redact(problem.hint ? `${problem.message}\nhint: ${problem.hint}` : problem.message);
  return annotation('error', message, {
    file: problem.location?.file === undefined ? undefined : redact(problem.location.file),
    line: problem.location?.line,
    col: problem.location?.col,
    title: problem.code,
  });
}
