// Which output a command writes: text for people, JSON for programs, workflow commands for GitHub Actions. Under
// GitHub Actions (GITHUB_ACTIONS=true) the default is `github`, so problems land on the pull request's lines with
// no flag; an explicit --format or --json always wins.
import { RenderError } from '../common/errors.js';
import type { CliIo } from './io.js';

export const outputFormats = ['text', 'json', 'github'] as const;
export type OutputFormat = (typeof outputFormats)[number];

export function outputFormat(flags: { format?: string | number | undefined; json?: boolean | undefined }, env: CliIo['env']): OutputFormat {
  if (flags.format !== undefined) {
    const given = String(flags.format);
    if (!(outputFormats as readonly string[]).includes(given)) {
      throw new RenderError('USAGE', `--format must be one of ${outputFormats.join(', ')} (got ${JSON.stringify(given)})`);
    }
    if (flags.json && given !== 'json') throw new RenderError('USAGE', `--json and --format ${given} ask for two outputs; give one`);
    return given as OutputFormat;
  }
  if (flags.json) return 'json';
  return env.GITHUB_ACTIONS === 'true' ? 'github' : 'text';
}
