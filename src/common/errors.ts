// One error type for everything a user can cause or fix: a stable code, one actionable line, and where.
import { errorCodes, type ErrorCode } from './error-codes.js';
import type { ExitCodeValue } from './exit-codes.js';

export type { ErrorCode } from './error-codes.js';

export interface Location {
  file: string;
  line?: number;
  col?: number;
}

export interface RenderErrorOptions {
  location?: Location;
  hint?: string;
  cause?: unknown;
  /** Shot id the problem belongs to, when there is one. */
  shot?: string;
}

/** The codes of errors about the machine rather than the storyboard (a view of the table in error-codes.ts). */
const environmentCodes = ['FS_DISK_FULL', 'FS_READ_ONLY', 'FS_PERMISSION', 'FS_NOT_FOUND', 'FS_NOT_A_FOLDER', 'FS_IS_A_FOLDER', 'FS_NOT_REGULAR', 'FS_IO', 'BASE_URL_CREDENTIALS'] as const;

export type EnvironmentErrorCode = (typeof environmentCodes)[number];

export const environmentErrorCodes = Object.fromEntries(environmentCodes.map((code) => [code, errorCodes[code].exit])) as Readonly<Record<EnvironmentErrorCode, ExitCodeValue>>;

const renderErrorTag = Symbol.for('storyboard-render.RenderError');

export class RenderError extends Error {
  readonly code: ErrorCode;
  readonly location: Location | undefined;
  readonly hint: string | undefined;
  readonly exitCode: ExitCodeValue;
  readonly shot: string | undefined;
  readonly [renderErrorTag] = true;

  constructor(code: ErrorCode, message: string, options: RenderErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RenderError';
    this.code = code;
    this.location = options.location;
    this.hint = options.hint;
    this.shot = options.shot;
    this.exitCode = errorCodes[code].exit;
  }
}

export function isRenderError(value: unknown): value is RenderError {
  return typeof value === 'object' && value !== null && renderErrorTag in value;
}

/** `file:line:col` (or as much of it as is known), the form editors and CI annotate. */
export function formatLocation(location: Location): string {
  let text = location.file;
  if (location.line !== undefined) {
    text += `:${location.line}`;
    if (location.col !== undefined) text += `:${location.col}`;
  }
  return text;
}

/** One line for the user: `where: message (hint)`. */
export function formatRenderError(error: RenderError): string {
  const where = error.location ? `${formatLocation(error.location)}: ` : '';
  const shot = error.shot && !error.message.includes(error.shot) ? ` [shot ${error.shot}]` : '';
  const hint = error.hint ? `\n  hint: ${error.hint}` : '';
  return `${where}${error.message}${shot}${hint}`;
}

/** A collection of problems found at once (validation reports every problem, not the first). */
export class RenderErrors extends RenderError {
  readonly problems: readonly RenderError[];
  constructor(problems: readonly RenderError[], summary: string) {
    super('MULTIPLE', summary);
    this.problems = problems;
  }
}
