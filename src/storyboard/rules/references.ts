// Rule: every `reference` is a safe, readable image inside the storyboard folder; each file is inspected once.
import type { ShotReference } from '../model.js';
import type { StoryboardDraft } from '../draft.js';
import type { ProblemList } from '../problems.js';
import { inspectReference, type ReferenceOutcome } from '../reference.js';

/** Inspect the references of non-remix shots; returns each valid one by shot id. */
export async function checkReferences(draft: StoryboardDraft, allowOutside: boolean, problems: ProblemList): Promise<Map<string, ShotReference>> {
  const outcomes = new Map<string, ReferenceOutcome>();
  const references = new Map<string, ShotReference>();
  for (const shot of draft.shots) {
    if (shot.referencePath === undefined || shot.remixOf !== undefined) continue;
    let outcome = outcomes.get(shot.referencePath);
    if (!outcome) {
      // One at a time: a storyboard may name hundreds of files, and they are read only up to their header.
      outcome = await inspectReference(shot.referencePath, draft.dir, allowOutside);
      outcomes.set(shot.referencePath, outcome);
    }
    const at = [...shot.path, 'reference'];
    if (!outcome.ok) {
      problems.at(at, outcome.code, outcome.message, outcome.hint ? { hint: outcome.hint } : {});
      continue;
    }
    const { width, height } = outcome.reference;
    if (shot.referenceFit === 'none' && `${width}x${height}` !== shot.size) {
      problems.at(at, 'REF_SIZE_MISMATCH', `reference "${shot.referencePath}" is ${width}x${height} but the shot is ${shot.size}; with reference-fit: none they must match`, {
        hint: 'Use reference-fit: cover or contain to fit the image to the shot.',
      });
      continue;
    }
    references.set(shot.id, outcome.reference);
  }
  return references;
}
