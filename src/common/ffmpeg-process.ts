// The only place that spawns ffmpeg or ffprobe, for the stitch and the simulator alike (docs/design/ffmpeg.md#spawning):
// argv array, no shell, minimal env, bounded stderr, SIGTERM then SIGKILL on abort, and one clear RenderError on failure.
import { spawn } from 'node:child_process';
import { RenderError } from './errors.js';
import { formatCommand, tellingLines, TextTail } from './stderr-tail.js';

/** Where ffmpeg is and the only environment it gets (PATH, LANG): the API key never reaches it. */
export interface FfmpegBinary {
  ffmpeg: string;
  childEnv: Readonly<Record<string, string>>;
}

export interface RunOptions {
  signal: AbortSignal;
  /** What the run is for, in the user's words: "stitching the final cut". */
  purpose: string;
  /** Receives stdout (progress lines, decoded samples, image bytes); without it stdout is collected as text. */
  onStdout?: (chunk: Buffer) => void;
  /** Kill the run after this long (a hung ffmpeg must not hold a nightly job forever). */
  timeoutMs?: number;
  /** Grace between SIGTERM and SIGKILL. */
  killGraceMs?: number;
  /** Bytes fed to the tool's stdin (read as `pipe:0`); without it stdin is closed. */
  stdin?: Uint8Array;
  /** Working folder of the child, for relative file names in `args`; default: this process's. */
  cwd?: string;
}

export interface RunResult {
  stdout: string;
  /** The last ~64 KiB of stderr (loudnorm prints its measurement there). */
  stderr: string;
}

/** Details kept as the error's `cause` for `--verbose`: the exact command and what ffmpeg said. */
export class ToolFailure extends Error {
  constructor(
    readonly command: string,
    readonly exitCode: number | null,
    readonly signalName: NodeJS.Signals | null,
    readonly stderrTail: string,
  ) {
    super(`${command}\nexit ${exitCode ?? signalName}\n${stderrTail}`);
    this.name = 'ToolFailure';
  }
}

/** Runs ffmpeg with `-nostdin -hide_banner` prepended. */
export function runFfmpeg(tools: FfmpegBinary, args: readonly string[], options: RunOptions): Promise<RunResult> {
  return runTool(tools.ffmpeg, ['-nostdin', '-hide_banner', ...args], tools.childEnv, options);
}

export function runTool(
  binary: string,
  args: readonly string[],
  env: Readonly<Record<string, string>>,
  options: RunOptions,
): Promise<RunResult> {
  const { signal, purpose } = options;
  if (signal.aborted) return Promise.reject(interrupted(purpose, signal.reason));
  return new Promise((resolve, reject) => {
    const child = spawn(binary, [...args], { cwd: options.cwd, shell: false, env: { ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    // Without input the pipe is closed at once (EOF, as /dev/null). A tool that exits before reading all of its input
    // (an error) closes the pipe: its exit code says why, not EPIPE.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.stdin);
    const stderr = new TextTail();
    const stdout: string[] = [];
    let stopReason: 'abort' | 'timeout' | undefined;
    let killTimer: NodeJS.Timeout | undefined;
    const stop = (reason: 'abort' | 'timeout') => {
      stopReason ??= reason;
      child.kill('SIGTERM');
      killTimer ??= setTimeout(() => child.kill('SIGKILL'), options.killGraceMs ?? 3000);
    };
    const onAbort = () => stop('abort');
    signal.addEventListener('abort', onAbort, { once: true });
    const timeout = options.timeoutMs === undefined ? undefined : setTimeout(() => stop('timeout'), options.timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => (options.onStdout ? options.onStdout(chunk) : stdout.push(chunk.toString('utf8'))));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));
    let settled = false;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      clearTimeout(timeout);
      clearTimeout(killTimer);
      if (error) reject(error);
      else resolve({ stdout: stdout.join(''), stderr: stderr.toString() });
    };
    child.on('error', (error: NodeJS.ErrnoException) => finish(spawnError(binary, purpose, error)));
    child.on('close', (code, signalName) => finish(closeError(binary, args, options, { code, signalName, stderr: stderr.toString(), stopReason })));
  });
}

/** How a run that closed ended, as the error its caller gets (undefined: it succeeded). */
export function closeError(
  binary: string,
  args: readonly string[],
  options: Pick<RunOptions, 'signal' | 'purpose' | 'timeoutMs'>,
  closed: { code: number | null; signalName: NodeJS.Signals | null; stderr: string; stopReason: 'abort' | 'timeout' | undefined },
): RenderError | undefined {
  if (closed.stopReason === 'abort') return interrupted(options.purpose, options.signal.reason);
  // Made only for a failure: an Error captures a stack, and a clean exit is the common case (one per clip check).
  const failure = () => new ToolFailure(formatCommand(binary, args), closed.code, closed.signalName, closed.stderr);
  if (closed.stopReason === 'timeout') return timedOut(options.purpose, options.timeoutMs ?? 0, failure());
  if (closed.code !== 0) return failed(binary, options.purpose, failure());
  return undefined;
}

export function interrupted(purpose: string, reason: unknown): RenderError {
  return new RenderError('INTERRUPTED', `${purpose}: interrupted`, { cause: reason });
}

function timedOut(purpose: string, ms: number, failure: ToolFailure): RenderError {
  return new RenderError('FFMPEG_TIMEOUT', `${purpose}: ffmpeg did not finish within ${Math.round(ms / 1000)} s and was stopped`, {
    hint: 'check that the machine is not overloaded and the clips are readable; run `render doctor`',
    cause: failure,
  });
}

function failed(binary: string, purpose: string, failure: ToolFailure): RenderError {
  const how = failure.exitCode === null ? `was killed by ${failure.signalName}` : `exited with code ${failure.exitCode}`;
  const said = tellingLines(failure.stderrTail).join(' | ');
  const name = binary.split(/[\\/]/).pop() ?? binary;
  return new RenderError('FFMPEG_FAILED', `${purpose}: ${name} ${how}${said ? `: ${said}` : ''}`, {
    hint: 'run again with --verbose to see the full ffmpeg command and output; `render doctor` checks the installation',
    cause: failure,
  });
}

export function spawnError(binary: string, purpose: string, error: NodeJS.ErrnoException): RenderError {
  return new RenderError('FFMPEG_MISSING', `${purpose}: cannot run ${binary} (${error.code ?? error.message})`, {
    hint: installHint,
    cause: error,
  });
}

export const installHint =
  'install ffmpeg (Debian/Ubuntu: `sudo apt-get install ffmpeg`, macOS: `brew install ffmpeg`) or set FFMPEG_PATH and FFPROBE_PATH to the binaries';
