// The documented exit codes of every `render` command. Only the CLI turns these into process.exitCode.
export const ExitCode = {
  ok: 0,
  failed: 1,
  invalid: 2,
  budget: 3,
  interrupted: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export const exitCodeHelp: ReadonlyArray<readonly [ExitCodeValue, string]> = [
  [ExitCode.ok, 'success'],
  [ExitCode.failed, 'a shot, download or stitch failed'],
  [ExitCode.invalid, 'invalid storyboard or usage'],
  [ExitCode.budget, 'the budget cap would be exceeded'],
  [ExitCode.interrupted, 'interrupted (Ctrl-C); the next run resumes'],
];
