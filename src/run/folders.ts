// Where a run keeps its cache and writes its outputs, unless told otherwise: beside the storyboard.
import { join } from 'node:path';

export function cacheDirFor(storyboard: { dir: string }, given: string | undefined): string {
  return given ?? join(storyboard.dir, '.render');
}

/** <root>/<storyboard name>, the root being out/ beside the storyboard unless given. */
export function outDirFor(storyboard: { dir: string; name: string }, givenRoot: string | undefined): string {
  return join(givenRoot ?? join(storyboard.dir, 'out'), storyboard.name);
}
