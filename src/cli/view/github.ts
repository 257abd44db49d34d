// --format github (the default under GitHub Actions): the plain lines on stderr as in any CI log, plus a workflow
// command on stdout for each failed shot, warning and stop, pointing at the shot's line in the storyboard so the
// runner shows it on the pull request.
import { annotation } from '../ci/workflow-commands.js';
import type { CliIo } from '../io.js';
import type { RunEvent, RunSummary, RunView, StitchProgress, ViewShot } from './view.js';

export function createGithubView(io: CliIo, plain: RunView, storyboardFile: string, redact: (text: string) => string): RunView {
  const lines = new Map<string, number>();
  // Redacted before escaping: escaping could split a key the redactor would have found.
  const emit = (level: 'error' | 'warning', message: string, shot: string | undefined, title: string) => {
    const line = shot === undefined ? undefined : lines.get(shot);
    io.stdout(`${annotation(level, redact(message), { file: redact(storyboardFile), line, title: redact(title) })}\n`);
  };
  return {
    start(shots: readonly ViewShot[]) {
      for (const shot of shots) if (shot.line !== undefined) lines.set(shot.id, shot.line);
      plain.start(shots);
    },
    event(event: RunEvent) {
      plain.event(event);
      if (event.type === 'shot-failed') emit('error', `${event.message}${event.hint ? `\nhint: ${event.hint}` : ''}`, event.shot, `shot ${event.shot}: ${event.code}`);
      if (event.type === 'warning') emit('warning', event.message, event.shot, event.shot ? `shot ${event.shot}` : 'render');
      if (event.type === 'stopped' && event.reason !== 'interrupted') emit('error', event.message, undefined, `render stopped: ${event.reason}`);
    },
    stitch(progress: StitchProgress) {
      plain.stitch(progress);
      if (progress.phase === 'failed') emit('error', progress.message ?? 'the stitch failed', undefined, 'render: stitch failed');
    },
    note: (text: string) => plain.note(text),
    abort: () => plain.abort(),
    finish: (summary: RunSummary) => plain.finish(summary),
  };
}
