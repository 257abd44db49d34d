// The repository explains itself: no file points at notes that live outside it, every relative link in the docs
// lands on a file (and a heading, when it names one), and every `docs/….md#anchor` a comment cites exists.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

// Built from parts so this file does not match its own patterns.
const outsideNames = ['reliability', 'openai-videos-api', 'ffmpeg-recipes', 'peers', 'style', 'fal', 'runway', 'openrouter', 'google-veo'];
const outsidePatterns: RegExp[] = [
  new RegExp(['shared', 'reference'].join('/')),
  new RegExp(`\\.\\./${'shared'}`),
  ...outsideNames.map((name) => new RegExp(`(?<![\\w.-])${name}\\.md\\b`)),
];

const scannedDirs = ['src', 'test', 'bench', 'scripts', 'docs', 'schemas', 'bin', '.ci'];
const skippedDirs = new Set(['node_modules', 'dist', '.work', '.render', 'out']);
const binaryExtensions = /\.(png|jpe?g|webp|gif|mp4|mov|mkv|wav|ico)$/i;

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return skippedDirs.has(entry.name) ? [] : walk(path);
    return entry.isFile() && !binaryExtensions.test(entry.name) ? [path] : [];
  });
}

function rootTextFiles(): string[] {
  return readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isFile() && /\.(md|ts|js|json)$/.test(e.name) && e.name !== 'package-lock.json')
    .map((e) => join(root, e.name));
}

const scannedFiles = [...scannedDirs.flatMap((d) => walk(join(root, d))), ...rootTextFiles()];
const markdownFiles = scannedFiles.filter((f) => f.endsWith('.md') && (f === join(root, 'README.md') || f.startsWith(join(root, 'docs'))));
const rel = (file: string) => relative(root, file);

/** Markdown without fenced blocks and inline code, where links and headings are not what they look like. */
function proseOf(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

/** GitHub's heading anchors: lower case, punctuation dropped, each space a hyphen, repeats numbered. */
function anchorsOf(file: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  const text = readFileSync(file, 'utf8').replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
  for (const match of text.matchAll(/^#{1,6}[ \t]+(.+?)[ \t#]*$/gm)) {
    const heading = (match[1] ?? '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
    const base = heading.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').trim().replace(/\s/g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

/** Why `target#anchor`, seen from `from`, does not resolve; undefined when it does. */
function brokenTarget(fromDir: string, target: string, anchor: string | undefined): string | undefined {
  const path = resolve(fromDir, target);
  if (!existsSync(path)) return `${rel(path)} does not exist`;
  if (anchor === undefined) return undefined;
  if (!statSync(path).isFile() || !path.endsWith('.md')) return `${rel(path)} has no headings to link to`;
  return anchorsOf(path).has(anchor) ? undefined : `${rel(path)} has no heading #${anchor}`;
}

describe('the repository is self-contained', () => {
  it('scans a real tree (the walk finds the sources and the docs)', () => {
    expect(scannedFiles.map(rel)).toEqual(expect.arrayContaining(['src/common/errors.ts', 'docs/executor.md', 'vitest.config.ts']));
    expect(markdownFiles.map(rel)).toEqual(expect.arrayContaining(['README.md', 'docs/design/money-safety.md']));
  });

  it('no file points at reference notes kept outside the repository', () => {
    const hits = scannedFiles.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) => (outsidePatterns.some((p) => p.test(line)) ? [`${rel(file)}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(hits).toEqual([]);
  });

  it('every relative link in README.md and docs/ lands on a file, and on a heading when it names one', () => {
    const broken = markdownFiles.flatMap((file) =>
      [...proseOf(readFileSync(file, 'utf8')).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].flatMap((m) => {
        const link = m[1] ?? '';
        if (/^[a-z][a-z0-9+.-]*:/i.test(link)) return [];
        const [target = '', anchor] = link.split('#');
        const why = brokenTarget(dirname(file), target === '' ? file : target, anchor);
        return why ? [`${rel(file)}: (${link}): ${why}`] : [];
      }),
    );
    expect(broken).toEqual([]);
  });

  it('every docs/….md#anchor cited in code resolves to a heading of that file', () => {
    const citations = scannedFiles
      .filter((file) => !file.endsWith('.md'))
      .flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/\bdocs\/[\w./-]+?\.md#[\w-]+/g)].map((m) => ({ file, cite: m[0] })));
    expect(citations.length).toBeGreaterThan(20);
    const broken = citations.flatMap(({ file, cite }) => {
      const [target = '', anchor] = cite.split('#');
      const why = brokenTarget(root, target, anchor);
      return why ? [`${rel(file)}: ${cite}: ${why}`] : [];
    });
    expect(broken).toEqual([]);
  });
});
