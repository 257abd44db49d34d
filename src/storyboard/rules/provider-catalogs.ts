// Rule: `providers.openrouter.catalog` names a catalog file (written by `render models --refresh openrouter`) that is
// a regular file inside the storyboard's folder, like a reference image (docs/design/untrusted-input.md#paths), at
// most 8 MiB, and an OpenRouter catalog. Its models then stand in for the built-in OpenRouter models.
import { constants } from 'node:fs';
import { open, realpath } from 'node:fs/promises';
import path from 'node:path';
import { readOpenRouterCatalogFile } from '../../catalog/openrouter-catalog-file.js';
import type { StoryboardDraft } from '../draft.js';
import type { LoadedOpenRouterCatalog } from '../model.js';
import type { ProblemList } from '../problems.js';
import { isInside } from '../reference.js';

export const maxCatalogBytes = 8 * 1024 * 1024;

type Outcome = { ok: true; catalog: LoadedOpenRouterCatalog } | { ok: false; message: string };

async function readCatalog(relPath: string, dir: string, allowOutside: boolean): Promise<Outcome> {
  const fail = (message: string): Outcome => ({ ok: false, message: `catalog "${relPath}" ${message}` });
  const absPath = path.resolve(dir, relPath);
  if (!allowOutside && !isInside(dir, absPath)) return fail("is outside the storyboard's folder");
  let text: string;
  try {
    const real = await realpath(absPath);
    if (!allowOutside && !isInside(await realpath(dir), real)) return fail("leads outside the storyboard's folder (through a symbolic link)");
    // O_NONBLOCK: a FIFO standing here must neither hang nor be read.
    const handle = await open(real, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const stats = await handle.stat();
      if (!stats.isFile()) return fail('is not a regular file');
      if (stats.size > maxCatalogBytes) return fail(`is ${(stats.size / 1024 / 1024).toFixed(1)} MiB; the limit is ${maxCatalogBytes / 1024 / 1024} MiB`);
      text = await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return fail(`not found (looked for ${absPath})`);
    return fail(`cannot be read (${code ?? 'unknown error'})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return fail('is not JSON');
  }
  const file = readOpenRouterCatalogFile(json);
  if (typeof file === 'string') return fail(file);
  return { ok: true, catalog: { path: relPath, absPath, fetchedAt: file.fetchedAt, source: file.source, models: file.models } };
}

/** The OpenRouter catalog the storyboard names, or undefined (none named, or a problem was reported). */
export async function checkProviderCatalogs(draft: StoryboardDraft, allowOutside: boolean, problems: ProblemList): Promise<LoadedOpenRouterCatalog | undefined> {
  const relPath = draft.providers.openrouter?.catalog;
  if (relPath === undefined) return undefined;
  const outcome = await readCatalog(relPath, draft.dir, allowOutside);
  if (outcome.ok) return outcome.catalog;
  problems.at(['providers', 'openrouter', 'catalog'], 'CATALOG_FILE', outcome.message, {
    hint: 'Write one with `render models --refresh openrouter --out <file in the storyboard folder>`.',
  });
  return undefined;
}
