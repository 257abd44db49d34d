// Rules for `extend-of`: the parent exists, is not the shot itself, chains do not loop, and a shot does not both
// remix and extend; an extension inherits its parent's provider, model and size (it continues that clip), and its
// seconds, when it sets none, are the extend endpoint's default (Veo 3.1 adds 7 s per call).
import { falFamily } from '../../catalog/fal-catalog.js';
import { didYouMeanSuffix } from '../did-you-mean.js';
import type { DraftShot, StoryboardDraft } from '../draft.js';
import type { ProblemList } from '../problems.js';
import { rootOf } from './remix.js';
import { shotsById } from './shot-ids.js';

const extendRoot = (shot: DraftShot, byId: ReadonlyMap<string, DraftShot>) => rootOf(shot, byId, 'extendOf');

function reportParent(shot: DraftShot, byId: ReadonlyMap<string, DraftShot>, shots: readonly DraftShot[], problems: ProblemList): void {
  const at = [...shot.path, 'extend-of'];
  const parent = shot.extendOf ?? '';
  if (parent === shot.id) return problems.at(at, 'EXTEND_SELF', `shot "${shot.id}" cannot extend itself`, { hint: 'Name the shot to continue in `extend-of`.' });
  if (!byId.has(parent)) return problems.at(at, 'EXTEND_MISSING_PARENT', `extend-of names no shot: "${parent}"${didYouMeanSuffix(parent, byId.keys())}`);
  if (shot.remixOf !== undefined) return problems.at(at, 'EXTEND_AND_REMIX', `shot "${shot.id}" sets both remix-of and extend-of; a shot derives from one parent in one way`);
  // Report a loop once, at the first of its shots in the file.
  if (extendRoot(shot, byId) === undefined && shots.find((s) => s.extendOf !== undefined && extendRoot(s, byId) === undefined) === shot) {
    problems.at(at, 'EXTEND_CYCLE', `extend-of forms a cycle through "${shot.id}"`, { hint: 'An extension needs a parent that is generated first; break the loop.' });
  }
}

function inherit(shot: DraftShot, root: DraftShot, problems: ProblemList): DraftShot {
  for (const key of ['model', 'size'] as const) {
    if (shot.origin[key] !== 'shot' || shot[key] === root[key]) continue;
    problems.at([...shot.path, key], 'EXTEND_OVERRIDE', `an extension inherits ${key} from "${shot.extendOf}" (${root[key]}); this shot sets ${shot[key]}`, {
      hint: `Remove \`${key}\` from the extension: it continues its parent's clip.`,
    });
  }
  const extend = root.provider === 'fal' ? falFamily(root.model)?.endpoints.find((endpoint) => endpoint.mode === 'extend') : undefined;
  const seconds = shot.origin.seconds === 'shot' ? shot.seconds : (extend?.durations?.default ?? shot.seconds);
  return { ...shot, provider: root.provider, model: root.model, size: root.size, seconds };
}

/** Check every `extend-of`; each valid extension carries its root's provider, model and size. */
export function inheritExtendValues(draft: StoryboardDraft, problems: ProblemList): StoryboardDraft {
  const byId = shotsById(draft.shots);
  const shots = draft.shots.map((shot) => {
    if (shot.extendOf === undefined) return shot;
    reportParent(shot, byId, draft.shots, problems);
    const root = extendRoot(shot, byId);
    return root && root !== shot && shot.remixOf === undefined ? inherit(shot, root, problems) : shot;
  });
  return { ...draft, shots };
}
