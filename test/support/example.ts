// The README's example, copied the way a fresh clone has it: only the storyboard and its reference images, never
// the `.render/` cache or `out/` folder a user's own run leaves beside them (tests must not see or touch those).
import { cp, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoExamples = fileURLToPath(new URL('../../examples/', import.meta.url));

/** What a fresh clone's examples/ folder holds: the files a render reads, nothing it writes. */
export const exampleSources = ['storyboard.yaml', 'refs'] as const;

/** Copy examples/storyboard.yaml and examples/refs/ to `<dir>/examples/`; returns that folder. */
export async function copyExample(dir: string): Promise<string> {
  const examples = join(dir, 'examples');
  await mkdir(examples, { recursive: true });
  for (const name of exampleSources) await cp(join(repoExamples, name), join(examples, name), { recursive: true });
  return examples;
}
