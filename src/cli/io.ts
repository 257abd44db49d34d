// What a command may touch of the process: streams, environment, working folder, signals. Passed in, never global.
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** stderr as a stream, when it is an interactive terminal: listr2 draws its rows on it. */
  terminal?: NodeJS.WriteStream | undefined;
  /** Aborted on the first Ctrl-C. */
  signal: AbortSignal;
}

export interface CommandContext<Options> {
  args: string[];
  options: Options;
  io: CliIo;
}
