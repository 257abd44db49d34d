// Rule: every image a shot names (`reference`; `last-frame` on fal, Runway and OpenRouter; `references` on fal) is a safe, readable image
// inside the storyboard folder; each file is inspected once.
import type { ShotReference } from '../model.js';
import type { DraftShot, StoryboardDraft } from '../draft.js';
import type { DocPath, ProblemList } from '../problems.js';
import { inspectReference, type ReferenceOutcome } from '../reference.js';

/** The images of each shot that passed, by shot id. */
export interface ShotImages {
  reference: Map<string, ShotReference>;
  lastFrame: Map<string, ShotReference>;
  references: Map<string, ShotReference[]>;
}

type Inspect = (file: string, at: DocPath) => Promise<ShotReference | undefined>;

function inspector(draft: StoryboardDraft, allowOutside: boolean, problems: ProblemList): Inspect {
  const outcomes = new Map<string, ReferenceOutcome>();
  return async (file, at) => {
    let outcome = outcomes.get(file);
    if (!outcome) {
      // One at a time: a storyboard may name hundreds of files, and they are read only up to their header.
      outcome = await inspectReference(file, draft.dir, allowOutside);
      outcomes.set(file, outcome);
    }
    if (outcome.ok) return outcome.reference;
    problems.at(at, outcome.code, outcome.message, outcome.hint ? { hint: outcome.hint } : {});
    return undefined;
  };
}

/** A frame (first or last) must match the shot's size when it is not fitted. */
function fitsFrame(shot: DraftShot, file: string, image: ShotReference, at: DocPath, problems: ProblemList): boolean {
  const { width, height } = image;
  if (shot.referenceFit !== 'none' || `${width}x${height}` === shot.size) return true;
  problems.at(at, 'REF_SIZE_MISMATCH', `reference "${file}" is ${width}x${height} but the shot is ${shot.size}; with reference-fit: none they must match`, {
    hint: 'Use reference-fit: cover or contain to fit the image to the shot.',
  });
  return false;
}

/** Inspect the images of non-remix shots; `last-frame` not on OpenAI shots, `references` only on fal (others are refused). */
export async function checkReferences(draft: StoryboardDraft, allowOutside: boolean, problems: ProblemList): Promise<ShotImages> {
  const inspect = inspector(draft, allowOutside, problems);
  const images: ShotImages = { reference: new Map(), lastFrame: new Map(), references: new Map() };
  for (const shot of draft.shots) {
    if (shot.remixOf !== undefined) continue;
    if (shot.referencePath !== undefined) {
      const at = [...shot.path, 'reference'];
      const image = await inspect(shot.referencePath, at);
      if (image && fitsFrame(shot, shot.referencePath, image, at, problems)) images.reference.set(shot.id, image);
    }
    if (shot.provider === 'openai') continue;
    if (shot.lastFramePath !== undefined) {
      const at = [...shot.path, 'last-frame'];
      const image = await inspect(shot.lastFramePath, at);
      if (image && fitsFrame(shot, shot.lastFramePath, image, at, problems)) images.lastFrame.set(shot.id, image);
    }
    if (shot.provider !== 'fal') continue;
    const list: ShotReference[] = [];
    for (const [index, file] of (shot.referencePaths ?? []).entries()) {
      const image = await inspect(file, [...shot.path, 'references', index]);
      if (image) list.push(image);
    }
    if (list.length > 0) images.references.set(shot.id, list);
  }
  return images;
}
