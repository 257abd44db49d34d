// One error type for everything a user can cause or fix: a stable code, one actionable line, and where.
import { ExitCode, type ExitCodeValue } from './exit-codes.js';

export interface Location {
  file: string;
  line?: number;
  col?: number;
}

export interface RenderErrorOptions {
  location?: Location;
  hint?: string;
  exitCode?: ExitCodeValue;
  cause?: unknown;
  /** Shot id the problem belongs to, when there is one. */
  shot?: string;
}

/**
 * Codes of errors about the machine rather than the storyboard, with their exit codes: every file-system failure
 * (src/common/fs-errors.ts) and a base URL that carries credentials.
 */
export const environmentErrorCodes = {
  FS_DISK_FULL: ExitCode.fileSystem,
  FS_READ_ONLY: ExitCode.fileSystem,
  FS_PERMISSION: ExitCode.fileSystem,
  FS_NOT_FOUND: ExitCode.fileSystem,
  FS_NOT_A_FOLDER: ExitCode.fileSystem,
  FS_IS_A_FOLDER: ExitCode.fileSystem,
  FS_NOT_REGULAR: ExitCode.fileSystem,
  FS_IO: ExitCode.fileSystem,
  BASE_URL_CREDENTIALS: ExitCode.invalid,
} as const satisfies Record<string, ExitCodeValue>;

export type EnvironmentErrorCode = keyof typeof environmentErrorCodes;

const renderErrorTag = Symbol.for('storyboard-render.RenderError');

export class RenderError extends Error {
  readonly code: string;
  readonly location: Location | undefined;
  readonly hint: string | undefined;
  readonly exitCode: ExitCodeValue;
  readonly shot: string | undefined;
  readonly [renderErrorTag] = true;

  constructor(code: string, message: string, options: RenderErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RenderError';
    this.code = code;
    this.location = options.location;
    this.hint = options.hint;
    this.shot = options.shot;
    this.exitCode = options.exitCode ?? ExitCode.failed;
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
  constructor(problems: readonly RenderError[], summary: string, exitCode: ExitCodeValue = ExitCode.invalid) {
    super('MULTIPLE', summary, { exitCode });
    this.problems = problems;
  }
}
