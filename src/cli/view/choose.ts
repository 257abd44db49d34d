// Pick the view a user expects: NDJSON with --json, listr2 rows on an interactive terminal, plain lines otherwise
// (CI set, NO_COLOR or a pipe). listr2 is imported only when it will draw.
import type { CliIo } from '../io.js';
import { createJsonView } from './json.js';
import { createPlainView } from './plain.js';
import type { RunView } from './view.js';

export async function chooseView(io: CliIo, json: boolean, redact: (text: string) => string): Promise<RunView> {
  if (json) return createJsonView(io, redact);
  const ci = io.env.CI !== undefined && io.env.CI !== '' && io.env.CI !== 'false';
  if (io.terminal && !ci && io.env.TERM !== 'dumb') {
    const { createTaskView } = await import('./tasks.js');
    return createTaskView(io.terminal, redact);
  }
  return createPlainView(io, redact);
}
