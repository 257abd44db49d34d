// Runs ffprobe/ffmpeg through the tool host, a small helper process started once (tool-host-child.ts), for the runs
// made once per shot (the download check): forking the CLI itself for each was the largest part of its own CPU on a
// long run (docs/executor.md § "The CLI's own CPU per shot"). Same contract as runTool (argv, no shell, the given env,
// bounded stderr, SIGTERM then SIGKILL on abort or timeout, the same errors); a run the host could not make (it would
// not start, or died) is made directly with runTool, so the host is never a new way to fail.
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { closeError, interrupted, runTool, spawnError, type RunOptions, type RunResult } from './ffmpeg-process.js';
import { TextTail } from './stderr-tail.js';
import type { HostDone, HostRun, HostStop } from './tool-host-child.js';

/** dist/ holds the compiled .js; the tests run src/, where Node runs the .ts as it is (type stripping). */
function childScript(): string {
  const js = fileURLToPath(new URL('./tool-host-child.js', import.meta.url));
  return existsSync(js) ? js : js.replace(/\.js$/, '.ts');
}

interface Pending {
  done: (reply: HostDone) => void;
  /** The host went away before answering: the run is made again directly. */
  lost: () => void;
}

class ToolHost {
  #child: ChildProcess | undefined;
  #pending = new Map<number, Pending>();
  #next = 0;
  /** Set once the host could not be started: every run is then made directly. */
  #unusable = false;

  /** The host, started on first use; undefined when it cannot run here. */
  #host(): ChildProcess | undefined {
    if (this.#unusable) return undefined;
    if (this.#child?.connected) return this.#child;
    try {
      // No execArgv and an empty env: the CLI's node flags and its environment (the API key) stay with the CLI.
      const child = fork(childScript(), [], { execArgv: [], env: {}, stdio: ['ignore', 'ignore', 'inherit', 'ipc'], serialization: 'json' });
      child.on('message', (reply: HostDone) => this.#answer(reply));
      child.on('error', () => {
        this.#unusable = true;
        this.#lose(child);
      });
      child.on('exit', () => this.#lose(child));
      // The host never keeps the CLI alive: only a run in flight does (see #hold).
      child.unref();
      child.channel?.unref();
      this.#child = child;
      return child;
    } catch {
      this.#unusable = true;
      return undefined;
    }
  }

  #answer(reply: HostDone): void {
    const pending = this.#pending.get(reply.id);
    if (!pending) return;
    this.#pending.delete(reply.id);
    this.#hold();
    pending.done(reply);
  }

  /** Every run the host had not answered is made again directly. */
  #lose(child: ChildProcess): void {
    if (this.#child !== child) return;
    this.#child = undefined;
    const lost = [...this.#pending.values()];
    this.#pending.clear();
    for (const pending of lost) pending.lost();
  }

  /** The IPC channel keeps the event loop alive only while a run waits for its answer. */
  #hold(): void {
    if (this.#pending.size > 0) this.#child?.channel?.ref();
    else this.#child?.channel?.unref();
  }

  run(binary: string, args: readonly string[], env: Readonly<Record<string, string>>, options: RunOptions): Promise<RunResult> {
    const { signal, purpose } = options;
    if (signal.aborted) return Promise.reject(interrupted(purpose, signal.reason));
    const host = options.onStdout || options.stdin || options.cwd ? undefined : this.#host();
    if (!host) return runTool(binary, args, env, options);
    const id = (this.#next += 1);
    const request: HostRun = { op: 'run', id, binary, args: [...args], env: { ...env }, timeoutMs: options.timeoutMs, killGraceMs: options.killGraceMs ?? 3000 };
    return new Promise<RunResult>((resolve, reject) => {
      const onAbort = () => host.connected && host.send({ op: 'stop', id } satisfies HostStop);
      signal.addEventListener('abort', onAbort, { once: true });
      const settle = () => signal.removeEventListener('abort', onAbort);
      this.#pending.set(id, {
        done: (reply) => {
          settle();
          if (reply.spawnError) {
            reject(spawnError(binary, purpose, Object.assign(new Error(reply.spawnError.message), { code: reply.spawnError.code })));
            return;
          }
          const stderr = new TextTail();
          stderr.push(reply.stderr);
          const stopReason = reply.stopped === 'output' ? undefined : reply.stopped;
          const error = closeError(binary, args, options, { code: reply.code, signalName: reply.signal as NodeJS.Signals | null, stderr: stderr.toString(), stopReason });
          if (error) reject(error);
          else resolve({ stdout: reply.stdout, stderr: stderr.toString() });
        },
        lost: () => {
          settle();
          runTool(binary, args, env, options).then(resolve, reject);
        },
      });
      this.#hold();
      host.send(request, (error) => {
        if (!error) return;
        // Not delivered (the host is exiting): made directly instead.
        const pending = this.#pending.get(id);
        this.#pending.delete(id);
        this.#hold();
        pending?.lost();
      });
    });
  }
}

const shared = new ToolHost();

/** runTool through the process's one tool host (started on first use). */
export function runToolHosted(binary: string, args: readonly string[], env: Readonly<Record<string, string>>, options: RunOptions): Promise<RunResult> {
  return shared.run(binary, args, env, options);
}
