// `providers.openrouter.catalog` is read like a reference image: inside the storyboard's folder by path and after
// symbolic links, a regular file (a FIFO is refused without hanging), of bounded size, and a catalog; its models
// then validate the storyboard's OpenRouter shots.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkStoryboardFile } from '../../../src/storyboard/load.js';
import { maxCatalogBytes } from '../../../src/storyboard/rules/provider-catalogs.js';

const goodCatalog = fileURLToPath(new URL('../../fixtures/storyboards/good/openrouter-catalog.json', import.meta.url));
let root: string;
let dir: string;

const board = (catalog: string) => `version: 1\nproviders:\n  openrouter: {catalog: ${catalog}}\nshots:\n  - id: dunes\n    provider: openrouter\n    model: alibaba/wan-3.0\n    size: 1280x720\n    seconds: 5\n    prompt: Dunes.\n`;

async function problemsOf(catalog: string): Promise<string[]> {
  writeFileSync(path.join(dir, 'sb.yaml'), board(catalog));
  const result = await checkStoryboardFile(path.join(dir, 'sb.yaml'), { displayPath: 'sb.yaml' });
  return result.ok ? [] : result.problems.map((p) => `${p.location?.line}:${p.location?.col} ${p.code} ${p.message}`);
}

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'render-catalog-'));
  dir = path.join(root, 'board');
  mkdirSync(dir);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('providers.openrouter.catalog', () => {
  it('loads a catalog inside the folder, and its models are the ones shots use', async () => {
    copyFileSync(goodCatalog, path.join(dir, 'c.json'));
    writeFileSync(path.join(dir, 'sb.yaml'), board('c.json'));
    const result = await checkStoryboardFile(path.join(dir, 'sb.yaml'));
    expect(result.ok && result.storyboard.catalogs?.openrouter?.models.map((m) => m.id)).toEqual(['alibaba/wan-3.0', 'google/veo-3.1-fast']);
  });

  it('refuses a symbolic link leading out of the folder', async () => {
    copyFileSync(goodCatalog, path.join(root, 'outside.json'));
    symlinkSync(path.join(root, 'outside.json'), path.join(dir, 'link.json'));
    expect(await problemsOf('link.json')).toEqual(['3:16 CATALOG_FILE catalog "link.json" leads outside the storyboard\'s folder (through a symbolic link)']);
  });

  it('refuses a FIFO without blocking on it, and a file over the size limit', async () => {
    execFileSync('mkfifo', [path.join(dir, 'fifo.json')]);
    expect(await problemsOf('fifo.json')).toEqual(['3:16 CATALOG_FILE catalog "fifo.json" is not a regular file']);
    writeFileSync(path.join(dir, 'big.json'), Buffer.alloc(maxCatalogBytes + 1, 32));
    expect(await problemsOf('big.json')).toEqual([expect.stringMatching(/^3:16 CATALOG_FILE catalog "big\.json" is 8\.0 MiB; the limit is 8 MiB$/)]);
  });

  it('refuses a file that is not JSON, and does not check the shots against the built-ins instead', async () => {
    writeFileSync(path.join(dir, 'broken.json'), '{"provider": "openrouter",');
    expect(await problemsOf('broken.json')).toEqual(['3:16 CATALOG_FILE catalog "broken.json" is not JSON']);
  });
});
