// Rules for `remix-of`: the parent exists, is not the shot itself, chains do not loop; a remix inherits its
// parent's model, size and seconds (the API's remix endpoint takes a prompt only) and may only repeat them.
import { didYouMeanSuffix } from '../did-you-mean.js';
import type { DraftShot, InheritedKey, StoryboardDraft } from '../draft.js';
import type { ProblemList } from '../problems.js';
import { shotsById } from './shot-ids.js';

const inheritedKeys: readonly InheritedKey[] = ['model', 'size', 'seconds'];

/** Check every `remix-of` and return the draft with each valid remix carrying its parent's model, size and seconds. */
export function inheritRemixValues(draft: StoryboardDraft, problems: ProblemList): StoryboardDraft {
  const byId = shotsById(draft.shots);
  reportMissingParents(draft.shots, byId, problems);
  reportCycles(draft.shots, byId, problems);
  const shots = draft.shots.map((shot) => {
    const root = rootOf(shot, byId);
    return root && root !== shot ? inherit(shot, root, problems) : shot;
  });
  return { ...draft, shots };
}

/** The first ancestor that is not itself a remix (or, `via: 'extendOf'`, an extension); undefined when the chain is broken or loops. */
export function rootOf<T extends { id: string; remixOf?: string; extendOf?: string }>(shot: T, byId: ReadonlyMap<string, T>, via: 'remixOf' | 'extendOf' = 'remixOf'): T | undefined {
  const seen = new Set<string>();
  let current: T | undefined = shot;
  while (current?.[via] !== undefined) {
    if (seen.has(current.id)) return undefined;
    seen.add(current.id);
    current = byId.get(current[via]);
  }
  return current;
}

function reportMissingParents(shots: readonly DraftShot[], byId: ReadonlyMap<string, DraftShot>, problems: ProblemList): void {
  for (const shot of shots) {
    if (shot.remixOf === undefined) continue;
    const at = [...shot.path, 'remix-of'];
    if (shot.remixOf === shot.id) {
      problems.at(at, 'REMIX_SELF', `shot "${shot.id}" cannot remix itself`, { hint: 'Name the shot to remix in `remix-of`.' });
    } else if (!byId.has(shot.remixOf)) {
      problems.at(at, 'REMIX_MISSING_PARENT', `remix-of names no shot: "${shot.remixOf}"${didYouMeanSuffix(shot.remixOf, byId.keys())}`);
    }
  }
}

function reportCycles(shots: readonly DraftShot[], byId: ReadonlyMap<string, DraftShot>, problems: ProblemList): void {
  const reported = new Set<string>();
  for (const shot of shots) {
    const chain: string[] = [];
    let current: DraftShot | undefined = shot;
    while (current?.remixOf !== undefined && !chain.includes(current.id)) {
      chain.push(current.id);
      current = byId.get(current.remixOf);
    }
    if (current === undefined || current.remixOf === undefined) continue;
    const cycle = chain.slice(chain.indexOf(current.id));
    const key = [...cycle].sort().join(' ');
    if (cycle.length < 2 || reported.has(key)) continue;
    reported.add(key);
    const first = shots.find((s) => cycle.includes(s.id)) ?? shot;
    const start = cycle.indexOf(first.id);
    const loop = [...cycle.slice(start), ...cycle.slice(0, start), first.id];
    problems.at([...first.path, 'remix-of'], 'REMIX_CYCLE', `remix-of forms a cycle: ${loop.join(' → ')}`, {
      hint: 'A remix needs a parent that is generated first; break the loop.',
    });
  }
}

function inherit(shot: DraftShot, root: DraftShot, problems: ProblemList): DraftShot {
  for (const key of inheritedKeys) {
    if (shot.origin[key] !== 'shot' || shot[key] === root[key]) continue;
    problems.at([...shot.path, key], 'REMIX_OVERRIDE', `a remix inherits ${key} from "${shot.remixOf}" (${root[key]}); this shot sets ${shot[key]}`, {
      hint: `Remove \`${key}\` from the remix, or generate a new shot instead of a remix.`,
    });
  }
  // The provider too: a remix is made where its parent's clip was (docs/storyboard.md, `provider`).
  return { ...shot, provider: root.provider, model: root.model, size: root.size, seconds: root.seconds };
}
