// `render doctor`: can this machine stitch? Versions, needed filters and encoders, a smoke render; exit 1 if not.
// It also says which providers have a key set (yes/no, never the key).
// With RUNWAYML_API_SECRET set it also reads the Runway account (balance, tier, limits): informational, so a failure
// there is one line and leaves the exit code to the stitching checks.
import { formatRenderError, RenderError } from '../../common/errors.js';
import { ExitCode } from '../../common/exit-codes.js';
import { createRedactor } from '../../common/redact.js';
import { runDoctor, type DoctorReport } from '../../stitch/doctor.js';
import { checkRunwayAccount, runwayKeyVariable } from '../../run/runway-account.js';
import type { CommandContext } from '../io.js';
import type { DoctorFlags } from './options.js';
import { runwayAccountLines } from './runway-account-lines.js';
import { providerConfigurations, providersLine } from '../providers-configured.js';

export async function run({ options, io }: CommandContext<DoctorFlags>): Promise<number> {
  const [report, runway] = await Promise.all([runDoctor({ env: io.env, signal: io.signal }), checkRunwayAccount({ env: io.env, signal: io.signal })]);
  // A key pasted into a base URL (or echoed by a stand-in) must not reach the terminal either.
  const redact = createRedactor([io.env[runwayKeyVariable]]);
  if (options.json) io.stdout(redact(`${JSON.stringify({ ...report, providers: providerConfigurations(io.env), runway }, null, 2)}\n`));
  else {
    if (report.problem) {
      const { code, message, hint } = report.problem;
      io.stderr(`render doctor: ${formatRenderError(new RenderError(code, message, hint ? { hint } : {}))}\n`);
    } else io.stdout(formatReport(report));
    io.stdout(redact(`\n${providersLine(io.env)}\n${runwayAccountLines(runway).join('\n')}\n`));
  }
  return report.ok ? ExitCode.ok : ExitCode.failed;
}

/** Plain text, no colour: it is pasted into issues and chat as often as it is read on a terminal. */
export function formatReport(report: DoctorReport): string {
  const lines: string[] = [];
  for (const [name, tool] of [['ffmpeg', report.ffmpeg], ['ffprobe', report.ffprobe]] as const) {
    if (tool) lines.push(`${name.padEnd(8)} ${tool.version.padEnd(20)} ${tool.path}`);
  }
  lines.push('');
  for (const check of report.checks) {
    const status = check.ok ? 'ok     ' : 'MISSING';
    const what = `${check.kind === 'render' ? '' : `${check.kind} `}${check.name}`;
    const detail = check.ok ? (check.detail ?? '') : `${check.feature} unavailable${check.detail ? `: ${check.detail}` : ''}`;
    lines.push(`  ${status}  ${what.padEnd(20)} ${check.ok ? check.feature : ''}${check.ok && detail ? ` (${detail})` : detail}`);
  }
  lines.push('', ...report.notes);
  const failed = report.checks.filter((c) => !c.ok);
  lines.push(
    failed.length === 0
      ? 'All checks passed: render can stitch, transition, normalise loudness and draw contact sheets.'
      : `${failed.length} check(s) failed. Install a complete ffmpeg build (Debian/Ubuntu: sudo apt-get install ffmpeg; macOS: brew install ffmpeg) or point FFMPEG_PATH and FFPROBE_PATH at one.`,
  );
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n')}\n`;
}
