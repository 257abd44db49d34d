// The tool host starts the per-shot ffprobe children in a small helper process, so the CLI is not forked for each.
// What a user would notice if it went wrong: a check that hangs or is not stopped by Ctrl-C, a wrong error, a run lost
// when the helper dies, or a CLI that does not exit when its work is done. Real processes throughout (sh, sleep, node).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isRenderError } from '../../src/common/errors.js';
import { runToolHosted } from '../../src/common/tool-host.js';

const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8' };
const options = (signal = new AbortController().signal) => ({ signal, purpose: 'testing the host' });
const codeOf = (error: unknown) => (isRenderError(error) ? error.code : String(error));

/** The pid of the process that started the tool: the host's, if the run went through it. */
async function starterPid(): Promise<number> {
  const { stdout } = await runToolHosted('/bin/sh', ['-c', 'echo $PPID'], env, options());
  return Number(stdout.trim());
}

/** Running, not gone and not a zombie (an orphan's zombie waits for whoever reaps it, e.g. a container's pid 1). */
const alive = (pid: number) => {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
};

describe('tool host', () => {
  it('starts tools from its own process, with the given env only, and returns what they printed', async () => {
    const host = await starterPid();
    expect(host).not.toBe(process.pid);
    expect(await starterPid()).toBe(host); // one host for the process, not one per run
    const { stdout } = await runToolHosted('/bin/sh', ['-c', 'echo "$LANG|${OPENAI_API_KEY:-none}"; echo said >&2'], env, options());
    expect(stdout).toBe('C.UTF-8|none\n');
  });

  it('gives the same errors as a direct run: a failing tool with its telling line, a missing binary', async () => {
    const failed = await runToolHosted('/bin/sh', ['-c', 'echo "Invalid data found" >&2; exit 3'], env, options()).catch((e: unknown) => e);
    expect(codeOf(failed)).toBe('FFMPEG_FAILED');
    expect((failed as Error).message).toBe('testing the host: sh exited with code 3: Invalid data found');
    const missing = await runToolHosted('/nonexistent/ffprobe', [], env, options()).catch((e: unknown) => e);
    expect(codeOf(missing)).toBe('FFMPEG_MISSING');
  });

  it('stops a run on abort (SIGTERM) and on its timeout', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const run = runToolHosted('/bin/sleep', ['30'], env, options(controller.signal));
    setTimeout(() => controller.abort(), 200);
    expect(codeOf(await run.catch((e: unknown) => e))).toBe('INTERRUPTED');
    const timedOut = await runToolHosted('/bin/sleep', ['30'], env, { ...options(), timeoutMs: 200 }).catch((e: unknown) => e);
    expect(codeOf(timedOut)).toBe('FFMPEG_TIMEOUT');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('makes a run again directly when the host dies before answering, and starts a new host after', async () => {
    const host = await starterPid();
    const run = runToolHosted('/bin/sh', ['-c', 'sleep 0.5; echo done'], env, options());
    await new Promise((resolve) => setTimeout(resolve, 100));
    process.kill(host, 'SIGKILL');
    expect((await run).stdout).toBe('done\n');
    const next = await starterPid();
    expect(next).not.toBe(host);
    expect(next).not.toBe(process.pid);
  });

  it('does not keep a finished process alive, and its host exits with it', async () => {
    // The built module, in a process of its own: it must exit as soon as its one run is done.
    const dist = fileURLToPath(new URL('../../dist/common/tool-host.js', import.meta.url));
    const script = `const { runToolHosted } = await import(${JSON.stringify(dist)});
      const r = await runToolHosted('/bin/sh', ['-c', 'echo $PPID'], { PATH: process.env.PATH }, { signal: new AbortController().signal, purpose: 'x' });
      console.log(r.stdout.trim());`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    const started = Date.now();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(5_000);
    const host = Number(out.trim());
    expect(host).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(alive(host)).toBe(false);
  });
});
