// The composition root: argv → one command module (imported lazily, so --help loads almost nothing) → exit code.
import { keysInEnv, secretVariables } from './keys.js';
import { cac } from 'cac';
import { ExitCode, exitCodeHelp, interruptedExitCode, signalExitCode } from '../common/exit-codes.js';
import { formatRenderError, isRenderError, RenderError, RenderErrors } from '../common/errors.js';
import { fsUserError, isFsErrno, pathOf } from '../common/fs-errors.js';
import { createRedactor, stripControl } from '../common/redact.js';
import { coalescedOutput, everyMs, type Sinks } from './coalesced-output.js';
import type { CliIo } from './io.js';
import { commandTable, type CommandSpec } from './commands/table.js';
import { version } from '../common/version.js';
import { providersLine } from './providers-configured.js';

/** Every usage error, the parser's or a command's, ends with this hint unless it has a more specific one. */
const usageHint = "run 'render --help' for usage";

/** Thrown from cac's help callback once the help is written: cac would otherwise print it again on console.info. */
class HelpShown extends Error {}

const plainFlushMs = 100;

export function processIo(signal: AbortSignal): CliIo {
  // Read the environment once; then drop the key from process.env so no child process (ffprobe spawned through
  // fluent-ffmpeg, which cannot be given an environment) ever inherits it. Commands get it from io.env only.
  const env = { ...process.env };
  for (const name of secretVariables) delete process.env[name];
  // After SIGHUP the terminal is gone: a write to it fails (EIO, EPIPE). The run must still journal, report and
  // release its lock, so a lost message is not worth crashing for.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
  const direct = { stdout: (text: string) => void process.stdout.write(text), stderr: (text: string) => void process.stderr.write(text) };
  // On a terminal, listr2 draws on stderr itself: lines must not wait behind its frames there.
  const interactive = process.stdout.isTTY || process.stderr.isTTY;
  let out: Sinks = direct;
  if (!interactive) {
    // A tenth of a second is below what anyone tailing the log notices, and a tenth of the writes of a busy run.
    const coalesced = coalescedOutput(direct, everyMs(plainFlushMs));
    process.on('exit', coalesced.flush);
    out = coalesced;
  }
  return {
    stdout: out.stdout,
    stderr: out.stderr,
    env,
    cwd: process.cwd(),
    terminal: process.stderr.isTTY ? process.stderr : undefined,
    signal,
  };
}

function buildCli(io: CliIo, onRun: (spec: CommandSpec, args: unknown[]) => void) {
  const cli = cac('render');
  for (const spec of commandTable) {
    const command = cli.command(spec.usage, spec.description);
    for (const option of spec.options) {
      command.option(option.flags, option.description, option.default === undefined ? undefined : { default: option.default });
    }
    for (const example of spec.examples ?? []) command.example(example);
    command.action((...args: unknown[]) => onRun(spec, args));
  }
  // Command.version, not cli.version: the version flag is handled below, so cac never prints it on console.info.
  cli.globalCommand.version(version);
  cli.help((sections) => {
    sections.push({
      title: 'Exit codes',
      body: exitCodeHelp.map(([code, meaning]) => `  ${String(code).padEnd(4)} ${meaning}`).join('\n'),
    });
    sections.push({
      title: 'Environment',
      body: [
        '  OPENAI_API_KEY       key of the OpenAI-protocol provider (read from the environment only)',
        '  OPENAI_BASE_URL      its base URL (a gateway, a proxy)',
        '  FAL_KEY              key of fal.ai (shots with provider: fal)',
        '  RENDER_FAL_BASE_URL  one origin standing in for all of fal\'s hosts (a proxy, render sim)',
        '  RUNWAYML_API_SECRET  key of Runway (provider: runway); RENDER_RUNWAY_BASE_URL replaces its endpoint',
        '  OPENROUTER_API_KEY   key of OpenRouter (provider: openrouter); RENDER_OPENROUTER_BASE_URL replaces its endpoint',
        '  DATABASE_URL         the batch database of render enqueue, worker and batch (--database-url wins)',
      ].join('\n'),
    });
    io.stdout(`${sections.map((s) => (s.title ? `${s.title}:\n${s.body}` : s.body)).join('\n\n')}\n`);
    throw new HelpShown();
  });
  return cli;
}

/** Run `render` with argv (without node and script). Returns the exit code; never throws. */
export async function main(argv: string[], io?: CliIo): Promise<number> {
  const controller = new AbortController();
  const ownsProcess = io === undefined;
  const realIo = io ?? processIo(controller.signal);
  const redact = createRedactor(keysInEnv(realIo.env));
  let selected: { spec: CommandSpec; args: unknown[] } | undefined;
  const cli = buildCli(realIo, (spec, args) => {
    selected = { spec, args };
  });
  try {
    try {
      cli.parse(['node', 'render', ...argv], { run: false });
      if (cli.options.version && cli.matchedCommandName === undefined) {
        realIo.stdout(`render ${version}\n${providersLine(realIo.env)}\n`);
        return ExitCode.ok;
      }
      if (cli.matchedCommand) cli.runMatchedCommand();
    } catch (error) {
      if (error instanceof HelpShown) return ExitCode.ok;
      throw new RenderError('USAGE', error instanceof Error ? error.message : String(error), { hint: usageHint });
    }
    if (!selected) throw new RenderError('USAGE', argv.length ? `unknown command '${argv[0]}'` : 'no storyboard given', { hint: usageHint });
    const { spec, args } = selected;
    const options = args.at(-1) as Record<string, unknown>;
    const positional = args.slice(0, -1).flatMap((a) => (Array.isArray(a) ? a.map(String) : a === undefined ? [] : [String(a)]));
    const module = await spec.load();
    if (ownsProcess) installSignalHandlers(controller, realIo);
    return byInterruption(await module.run({ args: positional, options, io: realIo }), realIo.signal);
  } catch (error) {
    return byInterruption(reportError(error, realIo, redact, argv.includes('--verbose')), realIo.signal);
  }
}

/** An interrupted command exits with the code of the signal that stopped it (SIGINT 130, SIGTERM 143, SIGHUP 129). */
function byInterruption(code: number, signal: AbortSignal): number {
  return code === ExitCode.interrupted ? interruptedExitCode(signal) : code;
}

function reportError(error: unknown, io: CliIo, redact: (s: string) => string, verbose: boolean): number {
  if (isRenderError(error)) {
    const problems = error instanceof RenderErrors ? error.problems : [error];
    for (const problem of problems) io.stderr(`${redact(stripControl(formatProblem(problem)))}\n`);
    if (error instanceof RenderErrors) io.stderr(`${redact(error.message)}\n`);
    if (verbose && error.cause) io.stderr(`${redact(String((error.cause as Error).stack ?? error.cause))}\n`);
    return error.exitCode;
  }
  // A file-system failure nobody wrapped is still the user's to fix (disk full, read-only…), never a bug report.
  if (isFsErrno(error)) return reportError(fsUserError(error, pathOf(error) ?? '(unknown path)', 'cannot read or write a file'), io, redact, verbose);
  const detail = error instanceof Error ? (verbose ? (error.stack ?? error.message) : error.message) : String(error);
  io.stderr(
    `render: internal error: ${redact(detail)}\n  This is a bug in storyboard-render; please report it with the command you ran (run again with --verbose for details).\n`,
  );
  return ExitCode.failed;
}

/** A usage error reads the same whoever found it (the parser or a command): `render: what\n  hint: how`. */
function formatProblem(problem: RenderError): string {
  if (problem.code !== 'USAGE') return formatRenderError(problem);
  const withHint = problem.hint ? problem : new RenderError('USAGE', problem.message, { hint: usageHint });
  return `render: ${formatRenderError(withHint)}`;
}

/**
 * The first Ctrl-C, SIGTERM or SIGHUP (a closed terminal) aborts the run gracefully: in-flight jobs are recorded, the
 * report written, the lock released, then the exit code is the signal's (130, 143, 129). A second signal exits at once.
 */
function installSignalHandlers(controller: AbortController, io: CliIo): void {
  let first: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (first === undefined) {
      first = signal;
      controller.abort(Object.assign(new Error(`interrupted by ${signal}`), { signal }));
      return;
    }
    io.stderr('\nrender: interrupted again, exiting now; the journal holds every job id, the next run resumes them.\n');
    process.exit(signalExitCode(first));
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);
}
