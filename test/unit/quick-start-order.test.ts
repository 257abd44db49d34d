// The README's Quick start is two commands, and CI runs exactly those two in that order on a fresh clone, so the
// tests are proved to pass after a user's first render has left examples/.render/ and examples/out/ behind.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const renderExample = 'scripts/env.sh npx render examples/storyboard.yaml --provider sim';
const runTests = 'scripts/env.sh npm test';

/** The commands of the first shell block under "## Quick start", comments dropped. */
function quickStartCommands(readme: string): string[] {
  const section = readme.split(/^## /m).find((part) => part.startsWith('Quick start')) ?? '';
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return block
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/** The commands a bash script runs, in order: comments, blank lines and shell set-up (set, cd, export) dropped. */
function scriptCommands(script: string): string[] {
  return script
    .split('\n')
    .map((line) => line.replace(/^\s*exec\s+/, '').trim())
    .filter((line) => line !== '' && !line.startsWith('#') && !/^(set|cd|export)\s/.test(line));
}

describe('the Quick start', () => {
  it('is exactly two commands: render the example against the simulator, then run the tests', () => {
    expect(quickStartCommands(readFileSync(`${root}README.md`, 'utf8'))).toEqual([renderExample, runTests]);
  });

  it('is what .ci/run runs, in that order and nothing else', () => {
    expect(scriptCommands(readFileSync(`${root}.ci/run`, 'utf8'))).toEqual([renderExample, runTests]);
  });

  it('reads commands the way the README and .ci/run write them', () => {
    expect(quickStartCommands('## Quick start\n\ntext\n\n```sh\na --x   # one\n# note\nb\n```\n\n```sh\nc\n```\n## Next\n')).toEqual(['a --x', 'b']);
    expect(scriptCommands('#!/usr/bin/env bash\n# why\nset -euo pipefail\ncd "$(dirname x)"\nexport CI=1\nfirst\nexec second\n')).toEqual(['first', 'second']);
  });
});
