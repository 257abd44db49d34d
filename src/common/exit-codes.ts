// The documented exit codes of every `render` command. Only the CLI turns these into process.exitCode.
export const ExitCode = {
  ok: 0,
  failed: 1,
  invalid: 2,
  budget: 3,
  /** A file or folder could not be read or written: disk full, read-only, permissions, missing, wrong kind. */
  fileSystem: 4,
  /** 128 + the signal's number, as shells report a process ended by that signal. */
  hangup: 129,
  interrupted: 130,
  terminated: 143,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** The exit code of a run stopped by `signal` (SIGINT 130, SIGTERM 143, SIGHUP 129). */
export function signalExitCode(signal: string | undefined): ExitCodeValue {
  if (signal === 'SIGTERM') return ExitCode.terminated;
  if (signal === 'SIGHUP') return ExitCode.hangup;
  return ExitCode.interrupted;
}

/** The exit code of a command stopped through `signal` (its abort reason carries the signal's name). */
export function interruptedExitCode(signal: AbortSignal): ExitCodeValue {
  const reason: unknown = signal.reason;
  const name = typeof reason === 'object' && reason !== null ? (reason as { signal?: unknown }).signal : undefined;
  return signalExitCode(typeof name === 'string' ? name : undefined);
}

/** What each exit code means, as `render --help` prints it and the README's table says (a test compares them). */
export const exitCodeHelp: ReadonlyArray<readonly [ExitCodeValue, string]> = [
  [ExitCode.ok, 'success'],
  [ExitCode.failed, 'a shot, download or stitch failed (also: another `render` holds the cache folder\'s lock)'],
  [ExitCode.invalid, 'invalid storyboard or usage (also: ffmpeg or the API key missing)'],
  [ExitCode.budget, 'the budget cap would be exceeded'],
  [ExitCode.fileSystem, 'a file or folder cannot be read or written: disk full, read-only, permissions, missing (the message names the path and the fix)'],
  [ExitCode.hangup, 'stopped by SIGHUP (terminal or SSH session closed); the next run resumes'],
  [ExitCode.interrupted, 'interrupted (Ctrl-C); the next run resumes'],
  [ExitCode.terminated, 'stopped by SIGTERM; the next run resumes'],
];
