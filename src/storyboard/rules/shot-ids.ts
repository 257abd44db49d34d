// Rule: shot ids are unique (they name cache entries, clips and remix parents).
import type { StoryboardDraft } from '../draft.js';
import type { ProblemList } from '../problems.js';

export function checkShotIds(draft: StoryboardDraft, problems: ProblemList): void {
  const firstLine = new Map<string, number>();
  for (const shot of draft.shots) {
    const line = firstLine.get(shot.id);
    if (line === undefined) {
      firstLine.set(shot.id, shot.location.line ?? 0);
      continue;
    }
    problems.at([...shot.path, 'id'], 'SHOT_DUPLICATE_ID', `duplicate shot id "${shot.id}"; the shot at line ${line} already uses it`, {
      hint: 'Give every shot its own id (raise `take` to generate the same shot again).',
    });
  }
}

/** Shots by id; the first one wins when ids repeat (that is reported separately). */
export function shotsById<T extends { id: string }>(shots: readonly T[]): Map<string, T> {
  const byId = new Map<string, T>();
  for (const shot of shots) if (!byId.has(shot.id)) byId.set(shot.id, shot);
  return byId;
}
