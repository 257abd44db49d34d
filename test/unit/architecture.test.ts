// Dependencies point one way: cli → stages → common. A stage never imports the CLI, common imports no stage, the
// simulator imports only the catalog and common (never the executor), and inside the simulator the HTTP plumbing
// (src/sim/http) imports no protocol face (src/sim/api, src/sim/faces): the faces build on it, not the other way.
// Two modules spawn child processes: one for ffmpeg and ffprobe (the stitch and the simulator alike), one for git
// (`render plan --base`), each with an argv array, no shell and a minimal environment.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../../src/', import.meta.url));

interface ImportEdge {
  /** The importing file, relative to src/ (e.g. `sim/http/pipeline.ts`). */
  from: string;
  /** The imported file, relative to src/ (e.g. `sim/context.js`). */
  to: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Relative specifiers of static imports and re-exports (`from '…'`, `import '…'`) and of dynamic `import('…')`. */
function relativeImports(text: string): string[] {
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s*)['"](\.{1,2}\/[^'"]+)['"]/gm;
  return [...text.matchAll(pattern)].map((match) => match[1] ?? '');
}

const sources = sourceFiles(src).map((file) => ({ file, text: readFileSync(file, 'utf8') }));
const edges: ImportEdge[] = sources.flatMap(({ file, text }) =>
  relativeImports(text).map((specifier) => ({
    from: relative(src, file),
    to: relative(src, resolve(dirname(file), specifier)),
  })),
);

const under = (folder: string) => (path: string) => path.startsWith(`${folder}/`);
const describeEdges = (list: ImportEdge[]) => list.map((edge) => `${edge.from} → ${edge.to}`);

describe('import rules', () => {
  it('sees the imports it checks (a scan that finds nothing would pass every rule)', () => {
    expect(edges.length).toBeGreaterThan(100);
    expect(describeEdges(edges)).toContain('sim/api/routes.ts → sim/http/face.js');
    expect(relativeImports("import type { A } from './a.js';\nexport { b } from '../b.js';\nconst c = await import('./c.js');\nimport './d.js';\nimport x from 'node:fs';")).toEqual(['./a.js', '../b.js', './c.js', './d.js']);
  });

  it('no stage imports the CLI', () => {
    expect(describeEdges(edges.filter((edge) => !under('cli')(edge.from) && edge.from !== 'index.ts' && under('cli')(edge.to)))).toEqual([]);
  });

  it('common imports no stage', () => {
    expect(describeEdges(edges.filter((edge) => under('common')(edge.from) && !under('common')(edge.to)))).toEqual([]);
  });

  it('the simulator imports only the catalog and common from outside itself (never the executor)', () => {
    const allowed = ['sim', 'catalog', 'common'].map(under);
    expect(describeEdges(edges.filter((edge) => under('sim')(edge.from) && !allowed.some((inside) => inside(edge.to))))).toEqual([]);
  });

  it("the simulator's HTTP plumbing imports no protocol face", () => {
    const faces = [under('sim/api'), under('sim/faces')];
    expect(describeEdges(edges.filter((edge) => under('sim/http')(edge.from) && faces.some((face) => face(edge.to))))).toEqual([]);
  });

  it('only common/ spawns child processes: ffmpeg-process.ts (ffmpeg, ffprobe), the tool host that runs the per-shot ffprobe for it, and git-show.ts (git)', () => {
    const spawners = sources.filter(({ text }) => /from\s*['"](node:)?child_process['"]/.test(text)).map(({ file }) => relative(src, file));
    expect(spawners.sort()).toEqual(['common/ffmpeg-process.ts', 'common/git-show.ts', 'common/tool-host-child.ts', 'common/tool-host.ts']);
  });
});
