// The key is read once, then removed from process.env so no child process (ffprobe through fluent-ffmpeg, which
// cannot be given an environment) inherits it.
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { processIo } from '../../../src/cli/main.js';

const saved = process.env.OPENAI_API_KEY;
afterEach(() => {
  if (saved === undefined) delete process.env.OPENAI_API_KEY;
  else process.env.OPENAI_API_KEY = saved;
});

describe('processIo', () => {
  it('hands the key to commands through io.env and leaves none for child processes', () => {
    process.env.OPENAI_API_KEY = 'sk-canary-process-io-0123456789';
    const io = processIo(new AbortController().signal);
    expect(io.env.OPENAI_API_KEY).toBe('sk-canary-process-io-0123456789');
    expect(process.env.OPENAI_API_KEY).toBeUndefined();
    const child = spawnSync('sh', ['-c', 'echo "[$OPENAI_API_KEY]"'], { encoding: 'utf8' });
    expect(child.stdout.trim()).toBe('[]');
  });
});
