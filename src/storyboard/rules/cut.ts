// Rules for `cut:`: entries name real shots and times inside them, transitions fit between the clips, and the output
// is a plain file name (it becomes an ffmpeg argument and a path; docs/design/untrusted-input.md#paths).
import { didYouMeanSuffix } from '../did-you-mean.js';
import type { StoryboardDraft } from '../draft.js';
import type { ProblemList } from '../problems.js';
import { shotsById } from './shot-ids.js';

/** Check the cut of a draft whose remixes already carry their inherited seconds. */
export function checkCut(draft: StoryboardDraft, problems: ProblemList): void {
  const outputProblem = describeBadOutput(draft.cut.output);
  if (outputProblem) problems.at(['cut', 'output'], 'CUT_OUTPUT', outputProblem, { hint: 'Use a plain file name such as final.mp4.' });
  const durations = checkEntries(draft, problems);
  checkTransition(draft, durations, problems);
  const size = draft.cut.size;
  if (size !== undefined && size.split('x').some((side) => Number(side) % 2 !== 0)) {
    problems.at(['cut', 'size'], 'CUT_SIZE', `cut size ${size} must have an even width and height (H.264 needs it)`);
  }
}

/** Why `output` is not a safe plain file name, or undefined when it is. */
export function describeBadOutput(output: string): string | undefined {
  if (/[/\\]/.test(output)) return `cut.output must be a file name, not a path: "${output}"`;
  if (output.startsWith('-')) return `cut.output must not start with "-" (it would read as an ffmpeg option): "${output}"`;
  if (output.includes(':')) return `cut.output must not contain ":" (ffmpeg would read a protocol): "${output}"`;
  if (/[\u0000-\u001f\u007f]/.test(output)) return 'cut.output must not contain control characters';
  if (!/\.(mp4|mov|mkv)$/.test(output)) return `cut.output must end with .mp4, .mov or .mkv: "${output}"`;
  return undefined;
}

/** Duration of each clip after trimming (undefined for an entry naming no shot). */
function checkEntries(draft: StoryboardDraft, problems: ProblemList): Array<number | undefined> {
  const byId = shotsById(draft.shots);
  return draft.cut.entries.map((entry, index) => {
    const path = ['cut', 'shots', index];
    const shot = byId.get(entry.shot);
    if (!shot) {
      problems.at([...path, 'shot'], 'CUT_UNKNOWN_SHOT', `cut names no shot: "${entry.shot}"${didYouMeanSuffix(entry.shot, byId.keys())}`);
      return undefined;
    }
    const from = entry.from ?? 0;
    const to = entry.to ?? shot.seconds;
    let valid = true;
    const report = (key: 'from' | 'to', message: string) => {
      valid = false;
      problems.at([...path, key], 'CUT_TIME', message);
    };
    if (from >= shot.seconds) report('from', `from ${from} is not inside shot "${shot.id}" (${shot.seconds} s long)`);
    if (to > shot.seconds) report('to', `to ${to} is past the end of shot "${shot.id}" (${shot.seconds} s long)`);
    if (valid && from >= to) report('from', `from ${from} must be before to ${to}`);
    return valid ? to - from : undefined;
  });
}

function checkTransition(draft: StoryboardDraft, durations: ReadonlyArray<number | undefined>, problems: ProblemList): void {
  const { type, seconds } = draft.cut.transition;
  if (type === 'cut') return;
  for (let i = 0; i + 1 < durations.length; i += 1) {
    const before = durations[i];
    const after = durations[i + 1];
    if (before === undefined || after === undefined || seconds < Math.min(before, after)) continue;
    const names = `"${draft.cut.entries[i]?.shot}" (${before} s) and "${draft.cut.entries[i + 1]?.shot}" (${after} s)`;
    problems.at(['cut', 'transition', 'seconds'], 'CUT_TRANSITION', `a ${seconds} s ${type} does not fit between ${names}; it must be shorter than both clips`);
    return;
  }
}
