// Spawns ffmpeg with an argv array, a minimal environment and no stdin; kills it on abort; keeps the end of stderr.
import { spawn } from 'node:child_process';

export interface FfmpegRunner {
  ffmpegPath: string;
  /** Environment of the child: PATH and locale only, so no API key reaches it. */
  env: Record<string, string>;
}

const stderrTailBytes = 4_000;

export function runFfmpeg(runner: FfmpegRunner, args: readonly string[], cwd: string, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new Error('ffmpeg not started: the simulator is closing'));
    const child = spawn(runner.ffmpegPath, args, { cwd, env: runner.env, stdio: ['ignore', 'ignore', 'pipe'], shell: false });
    let tail = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      tail = (tail + chunk).slice(-stderrTailBytes);
    });
    const onAbort = () => child.kill('SIGKILL');
    signal.addEventListener('abort', onAbort, { once: true });
    child.on('error', (error) => {
      signal.removeEventListener('abort', onAbort);
      reject(new Error(`could not run ${runner.ffmpegPath}: ${error.message}`));
    });
    child.on('close', (code, killedBy) => {
      signal.removeEventListener('abort', onAbort);
      if (code === 0) resolve();
      else reject(new Error(`ffmpeg exited with ${killedBy ?? `code ${code}`}: ${tail.trim().split('\n').slice(-3).join(' | ')}`));
    });
  });
}
