// The composition root: argv → one command module (imported lazily, so --help loads almost nothing) → exit code.
import { cac } from 'cac';
import { ExitCode, exitCodeHelp } from '../common/exit-codes.js';
import { formatRenderError, isRenderError, RenderErrors } from '../common/errors.js';
import { createRedactor, stripControl } from '../common/redact.js';
import type { CliIo } from './io.js';
import { commandTable, type CommandSpec } from './commands/table.js';
import { version } from './version.js';

class UsageError extends Error {}

export function processIo(signal: AbortSignal): CliIo {
  // Read the environment once; then drop the key from process.env so no child process (ffprobe spawned through
  // fluent-ffmpeg, which cannot be given an environment) ever inherits it. Commands get it from io.env only.
  const env = { ...process.env };
  delete process.env.OPENAI_API_KEY;
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env,
    cwd: process.cwd(),
    isTTY: Boolean(process.stderr.isTTY),
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
  cli.version(version);
  cli.help((sections) => {
    sections.push({
      title: 'Exit codes',
      body: exitCodeHelp.map(([code, meaning]) => `  ${String(code).padEnd(4)} ${meaning}`).join('\n'),
    });
    sections.push({ title: 'Environment', body: '  OPENAI_API_KEY   API key (read from the environment only)\n  OPENAI_BASE_URL  default provider base URL' });
    io.stdout(`${sections.map((s) => (s.title ? `${s.title}:\n${s.body}` : s.body)).join('\n\n')}\n`);
    return [];
  });
  return cli;
}

/** Run `render` with argv (without node and script). Returns the exit code; never throws. */
export async function main(argv: string[], io?: CliIo): Promise<number> {
  const controller = new AbortController();
  const ownsProcess = io === undefined;
  const realIo = io ?? processIo(controller.signal);
  const redact = createRedactor([realIo.env.OPENAI_API_KEY]);
  let selected: { spec: CommandSpec; args: unknown[] } | undefined;
  const cli = buildCli(realIo, (spec, args) => {
    selected = { spec, args };
  });
  const restoreInfo = console.info;
  try {
    console.info = () => {};
    try {
      cli.parse(['node', 'render', ...argv], { run: false });
      if (cli.matchedCommand) cli.runMatchedCommand();
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    } finally {
      console.info = restoreInfo;
    }
    if (!selected) {
      if (cli.options.help || cli.options.version) {
        if (cli.options.version) realIo.stdout(`render ${version}\n`);
        return ExitCode.ok;
      }
      throw new UsageError(argv.length ? `unknown command '${argv[0]}'` : 'no storyboard given');
    }
    const { spec, args } = selected;
    const options = args.at(-1) as Record<string, unknown>;
    const positional = args.slice(0, -1).flatMap((a) => (Array.isArray(a) ? a.map(String) : a === undefined ? [] : [String(a)]));
    const module = await spec.load();
    if (ownsProcess) installSignalHandlers(controller, realIo);
    return await module.run({ args: positional, options, io: realIo });
  } catch (error) {
    return reportError(error, realIo, redact, argv.includes('--verbose'));
  }
}

function reportError(error: unknown, io: CliIo, redact: (s: string) => string, verbose: boolean): number {
  if (error instanceof UsageError) {
    io.stderr(`render: ${redact(error.message)}\n  Run 'render --help' for usage.\n`);
    return ExitCode.invalid;
  }
  if (isRenderError(error)) {
    const problems = error instanceof RenderErrors ? error.problems : [error];
    for (const problem of problems) io.stderr(`${redact(stripControl(formatRenderError(problem)))}\n`);
    if (error instanceof RenderErrors) io.stderr(`${redact(error.message)}\n`);
    if (verbose && error.cause) io.stderr(`${redact(String((error.cause as Error).stack ?? error.cause))}\n`);
    return error.exitCode;
  }
  const detail = error instanceof Error ? (verbose ? (error.stack ?? error.message) : error.message) : String(error);
  io.stderr(
    `render: internal error: ${redact(detail)}\n  This is a bug in storyboard-render; please report it with the command you ran (run again with --verbose for details).\n`,
  );
  return ExitCode.failed;
}

/** First Ctrl-C aborts the run gracefully (exit 130 after in-flight jobs are recorded); a second exits at once. */
function installSignalHandlers(controller: AbortController, io: CliIo): void {
  let count = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    count += 1;
    if (count === 1) {
      controller.abort(new Error(`interrupted by ${signal}`));
      return;
    }
    io.stderr('\nrender: interrupted again, exiting now; the journal holds every job id, the next run resumes them.\n');
    process.exit(ExitCode.interrupted);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
