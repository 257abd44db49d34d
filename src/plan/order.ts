// Derivation-safe order: every remix or extension after its parent, everything else in storyboard order.
import { RenderError } from '../common/errors.js';

/** Storyboard order, except that a parent is moved up to just before its first remix. Refuses loops. */
export function parentsFirst<T extends { id: string; remixOf?: string | undefined; extendOf?: string | undefined }>(shots: readonly T[]): T[] {
  const byId = new Map(shots.map((shot) => [shot.id, shot] as const));
  const placed = new Set<string>();
  const ordered: T[] = [];
  const place = (shot: T, chain: ReadonlySet<string>) => {
    if (placed.has(shot.id)) return;
    if (chain.has(shot.id)) throw new RenderError('REMIX_CYCLE', `remix-of forms a cycle through "${shot.id}"`);
    const parentId = shot.remixOf ?? shot.extendOf;
    if (parentId !== undefined) {
      const parent = byId.get(parentId);
      if (!parent) throw new RenderError(shot.remixOf === undefined ? 'EXTEND_MISSING_PARENT' : 'REMIX_MISSING_PARENT', `${shot.remixOf === undefined ? 'extend-of' : 'remix-of'} names no shot: "${parentId}"`);
      place(parent, new Set([...chain, shot.id]));
    }
    placed.add(shot.id);
    ordered.push(shot);
  };
  for (const shot of shots) place(shot, new Set());
  return ordered;
}
