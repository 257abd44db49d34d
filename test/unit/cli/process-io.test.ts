// Every provider key is read once, then removed from process.env so no child process (ffprobe through fluent-ffmpeg,
// which cannot be given an environment) inherits it.
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { processIo } from '../../../src/cli/main.js';

const names = ['OPENAI_API_KEY', 'FAL_KEY', 'RUNWAYML_API_SECRET', 'OPENROUTER_API_KEY'] as const;
const saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));
afterEach(() => {
  for (const name of names) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

describe('processIo', () => {
  it.each(names)('hands %s to commands through io.env and leaves none for child processes', (name) => {
    process.env[name] = `canary-process-io-${name}-0123456789`;
    const io = processIo(new AbortController().signal);
    expect(io.env[name]).toBe(`canary-process-io-${name}-0123456789`);
    expect(process.env[name]).toBeUndefined();
    const child = spawnSync('sh', ['-c', `echo "[$${name}]"`], { encoding: 'utf8' });
    expect(child.stdout.trim()).toBe('[]');
  });
});
