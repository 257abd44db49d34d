// Remix-safe order: every remix after its parent, everything else in storyboard order.
import { RenderError } from '../common/errors.js';

/** Storyboard order, except that a parent is moved up to just before its first remix. Refuses loops. */
export function parentsFirst<T extends { id: string; remixOf?: string }>(shots: readonly T[]): T[] {
  const byId = new Map(shots.map((shot) => [shot.id, shot] as const));
  const placed = new Set<string>();
  const ordered: T[] = [];
  const place = (shot: T, chain: ReadonlySet<string>) => {
    if (placed.has(shot.id)) return;
    if (chain.has(shot.id)) throw new RenderError('REMIX_CYCLE', `remix-of forms a cycle through "${shot.id}"`);
    if (shot.remixOf !== undefined) {
      const parent = byId.get(shot.remixOf);
      if (!parent) throw new RenderError('REMIX_MISSING_PARENT', `remix-of names no shot: "${shot.remixOf}"`);
      place(parent, new Set([...chain, shot.id]));
    }
    placed.add(shot.id);
    ordered.push(shot);
  };
  for (const shot of shots) place(shot, new Set());
  return ordered;
}
