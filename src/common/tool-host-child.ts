// The tool host's own program: a small Node process that starts ffprobe and ffmpeg for the CLI and sends back what
// they printed (src/common/tool-host.ts). Node starts a child by forking the whole process, so a CLI holding 200 MB
// paid for copying its page tables, and then for copy-on-write faults, on every clip check; forking this process
// instead costs a fraction of that, and the CLI's loop no longer blocks while the child execs. It imports nothing but
// node:child_process and is written in erasable TypeScript, so the tests run it from src/ as it is.
import { spawn, type ChildProcess } from 'node:child_process';

export interface HostRun {
  op: 'run';
  id: number;
  binary: string;
  args: string[];
  env: Record<string, string>;
  timeoutMs?: number | undefined;
  killGraceMs: number;
}

export interface HostStop {
  op: 'stop';
  id: number;
}

export interface HostDone {
  op: 'done';
  id: number;
  code: number | null;
  signal: string | null;
  stdout: string;
  /** The last ~128 KiB of stderr (the CLI keeps its own bounded tail of it). */
  stderr: string;
  stopped?: 'abort' | 'timeout' | 'output';
  spawnError?: { code?: string | undefined; message: string };
}

const stderrKeep = 128 * 1024;
/** The check children print a few KiB of JSON; a run printing more than this is stopped, not buffered. */
const stdoutMax = 8 * 1024 * 1024;

const running = new Map<number, { child: ChildProcess; stop: (why: 'abort' | 'timeout' | 'output') => void }>();

function reply(done: HostDone): void {
  if (process.connected) process.send?.(done);
}

function run(request: HostRun): void {
  let child: ChildProcess;
  try {
    child = spawn(request.binary, request.args, { env: request.env, shell: false, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    reply({ op: 'done', id: request.id, code: null, signal: null, stdout: '', stderr: '', spawnError: { message: String(error) } });
    return;
  }
  const stdout: string[] = [];
  let stdoutBytes = 0;
  let stderr = '';
  let stopped: HostDone['stopped'];
  let killTimer: NodeJS.Timeout | undefined;
  const stop = (why: 'abort' | 'timeout' | 'output') => {
    stopped ??= why;
    child.kill('SIGTERM');
    killTimer ??= setTimeout(() => child.kill('SIGKILL'), request.killGraceMs);
  };
  running.set(request.id, { child, stop });
  const timeout = request.timeoutMs === undefined ? undefined : setTimeout(() => stop('timeout'), request.timeoutMs);
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdoutBytes += chunk.length;
    if (stdoutBytes > stdoutMax) stop('output');
    else stdout.push(chunk);
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    if (stderr.length > stderrKeep * 2) stderr = stderr.slice(-stderrKeep);
  });
  let spawnError: HostDone['spawnError'];
  child.on('error', (error: NodeJS.ErrnoException) => (spawnError = { code: error.code, message: error.message }));
  child.on('close', (code, signal) => {
    running.delete(request.id);
    clearTimeout(timeout);
    clearTimeout(killTimer);
    reply({ op: 'done', id: request.id, code, signal, stdout: stdout.join(''), stderr: stderr.slice(-stderrKeep), ...(stopped ? { stopped } : {}), ...(spawnError ? { spawnError } : {}) });
  });
}

process.on('message', (message: HostRun | HostStop) => {
  if (message.op === 'run') run(message);
  else if (message.op === 'stop') running.get(message.id)?.stop('abort');
});

// The CLI is gone (it exited, or was killed with -9): its checks are of no use to anyone, so they stop with it.
process.on('disconnect', () => {
  for (const { child } of running.values()) child.kill('SIGKILL');
  process.exit(0);
});
