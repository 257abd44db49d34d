// Every check pushes problems into one collector (changesets style) so validation reports them all at once.
import { RenderError, type ErrorCode } from '../common/errors.js';
import { stripControl } from '../common/redact.js';

export interface Position {
  line: number;
  col: number;
}

/** Where a value sits in the parsed document: keys and array indexes from the root. */
export type DocPath = ReadonlyArray<string | number>;

/** Position of the key (or array item) at the end of a path; the nearest existing ancestor when it is absent. */
export type Locate = (path: DocPath) => Position;

export interface ProblemDetails {
  hint?: string;
  shot?: string;
}

export interface ProblemList {
  /** Report a problem at a path in the document. */
  at(path: DocPath, code: ErrorCode, message: string, details?: ProblemDetails): void;
  /** Report a problem at a known position. */
  atPosition(position: Position, code: ErrorCode, message: string, details?: ProblemDetails): void;
  /** Problems in file order, duplicates (same place, same message) dropped. */
  list(): RenderError[];
}

export const wholeFile: Position = { line: 1, col: 1 };

export function createProblemList(file: string, locate: Locate): ProblemList {
  const problems: RenderError[] = [];
  const seen = new Set<string>();
  const atPosition = (position: Position, code: ErrorCode, message: string, details: ProblemDetails = {}) => {
    const key = `${position.line}:${position.col}:${code}:${message}`;
    if (seen.has(key)) return;
    seen.add(key);
    const location = { file, line: position.line, col: position.col };
    problems.push(new RenderError(code, stripControl(message), { location, ...details }));
  };
  return {
    at: (path, code, message, details) => atPosition(locate(path), code, message, details),
    atPosition,
    list: () => [...problems].sort(byPosition),
  };
}

function byPosition(a: RenderError, b: RenderError): number {
  return (a.location?.line ?? 0) - (b.location?.line ?? 0) || (a.location?.col ?? 0) - (b.location?.col ?? 0);
}

/** A user value quoted for a message: JSON, control characters removed, cut to a readable length. */
export function quote(value: unknown, max = 48): string {
  const text = stripControl(typeof value === 'string' ? JSON.stringify(value) : String(JSON.stringify(value) ?? value));
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
